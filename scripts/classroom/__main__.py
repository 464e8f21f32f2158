import sys

from classroom.cli import main

sys.exit(main(sys.argv[1:]))
