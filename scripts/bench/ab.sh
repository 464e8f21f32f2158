#!/usr/bin/env bash
# Interleaved A/B of ./course bench's kit cases between two builds of the kit, for a change that
# must not move speed or memory (docs/performance.md, "Before and after the training-core refactor"):
#
#   scripts/bench/ab.sh BASE_LIB NEW_LIB [ROUNDS]     # e.g. a copy of an older kernel/target/lib
#
# Each LIB folder is a copy of kernel/target/lib with that build's tools/target/course-tools-*.jar
# added (BenchCommand lives in the tools' jar; builds from before tools/ carry it in the kit's jar).
#
# Each round runs BASE then NEW (fresh JVMs, ./course bench's flags), so a machine that gets busier
# slows both alike; compare the medians over rounds, never a single pair.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 BASE_LIB NEW_LIB [ROUNDS]" >&2; exit 2; }
base="$1" new="$2" rounds="${3:-4}"
for dir in "$base" "$new"; do
    compgen -G "$dir/kit-*.jar" >/dev/null || { echo "no kit-*.jar in $dir: give a kernel/target/lib folder" >&2; exit 2; }
    if ! compgen -G "$dir/course-tools-*.jar" >/dev/null && ! jar tf "$dir"/kit-*.jar | grep -q 'kit/cli/BenchCommand.class'; then
        echo "no BenchCommand in $dir: copy tools/target/course-tools-*.jar into it" >&2
        exit 2
    fi
done
run() { # run LABEL LIBDIR
    echo "=== $1 $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1 java -XX:+UseSerialGC -Xms64m -Dslf4j.internal.verbosity=ERROR \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
        -cp "$2/*" io.github.resnetcourse.kit.cli.BenchCommand --cases 32-full,224-frozen --runtimes kit --repeats 1 \
        | grep -E "parity|^32px|^224px"
}
for ((r = 1; r <= rounds; r++)); do
    run "base round $r" "$base"
    run "new round $r" "$new"
done
