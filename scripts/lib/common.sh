# Shared helpers for ./course and the scripts under scripts/. Source it; do not run it.
# Everything prints to stdout; errors say what to do next.

# The course checkout (this file lives in scripts/lib/).
COURSE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export COURSE_ROOT

# Project-owned state: stamps, the DJL native cache, logs. Never ~/.djl.ai.
COURSE_STATE="$COURSE_ROOT/.course"
COURSE_STAMPS="$COURSE_STATE/stamps"
COURSE_VENV="${COURSE_VENV:-$COURSE_ROOT/.venv}"
# The kit and its runtime dependencies (PyTorch's natives included), as the kernel runs them.
COURSE_LIB="$COURSE_ROOT/kernel/target/lib"
# The course-tools jar (tools/: ./course doctor, data, weights, models, bench), run on COURSE_LIB.
COURSE_TOOLS="$COURSE_ROOT/tools/target"
# What the Maven build reads: ./course setup rebuilds when a file under these changes.
COURSE_BUILD_SOURCES=(pom.xml kit kernel tools)
export COURSE_VENV
# Which Python runs Jupyter: "venv" (.venv, the default) or "current" (the python3 on PATH, as in
# conda and Binder). `./course setup --python` records the choice for later commands.
COURSE_PYTHON_ENV="${COURSE_PYTHON_ENV:-$(cat "$COURSE_STATE/python-env" 2>/dev/null || echo venv)}"
export COURSE_PYTHON_ENV

# The kit reads these (see kit/.../notebook/Env.java); the kernelspec sets the same ones.
export COURSE_HOME="${COURSE_HOME:-$COURSE_ROOT}"
export DJL_OFFLINE="${DJL_OFFLINE:-true}"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$COURSE_STATE/djl}"

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
    _c_bold=$'\e[1m' _c_red=$'\e[31m' _c_green=$'\e[32m' _c_yellow=$'\e[33m' _c_off=$'\e[0m'
else
    _c_bold='' _c_red='' _c_green='' _c_yellow='' _c_off=''
fi

# step "what": a heading for one stage of a command.
step() { printf '%s==> %s%s\n' "$_c_bold" "$*" "$_c_off"; }
info() { printf '    %s\n' "$*"; }
ok() { printf '    %sok%s  %s\n' "$_c_green" "$_c_off" "$*"; }
warn() { printf '    %swarn%s %s\n' "$_c_yellow" "$_c_off" "$*"; }

# die "message" ["what to do"]: stop with a message on stdout and exit status 1.
die() {
    printf '%serror:%s %s\n' "$_c_red" "$_c_off" "$1"
    [[ $# -gt 1 ]] && printf '       %s\n' "${@:2}"
    exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

# hash_paths PATH...: one sha256 over the names and contents of every file under the paths,
# build outputs excluded. Works without git (Docker build contexts, tarballs).
hash_paths() {
    (
        cd "$COURSE_ROOT" &&
            find "$@" \( -name target -o -name node_modules -o -name .ipynb_checkpoints \) -prune \
                -o -type f -print 2>/dev/null | LC_ALL=C sort | xargs -r sha256sum | sha256sum | cut -c1-64
    )
}

# stamp_ok NAME KEY: true when the stamp NAME was written with KEY (the step is up to date).
stamp_ok() { [[ -f "$COURSE_STAMPS/$1" && "$(cat "$COURSE_STAMPS/$1")" == "$2" ]]; }
stamp_write() { mkdir -p "$COURSE_STAMPS" && printf '%s' "$2" >"$COURSE_STAMPS/$1"; }

# The Python that runs Jupyter: the project venv when set up, else none.
venv_python() { printf '%s' "$COURSE_VENV/bin/python"; }

# tools_built: true when the kit, the kernel's library folder and the tools jar are all built.
tools_built() {
    compgen -G "$COURSE_LIB/kit-*.jar" >/dev/null && compgen -G "$COURSE_TOOLS/course-tools-*.jar" >/dev/null
}

# The JVM that runs the course's commands (tools/ on the kit), with the same settings the kernel
# uses. The tools jar goes in front of the kernel's library folder rather than into it: the kernel,
# and so every notebook, carries the library only.
kit_java() {
    local java=java
    [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && java="$JAVA_HOME/bin/java"
    # SLF4J's notices, DJL's INFO lines and its CUDA probe's warning on a machine without a GPU
    # would open every command's output on stderr (the kernel's Main quiets them the same way).
    # GLIBC_TUNABLES: huge pages for the large tensor buffers glibc maps (engine.HugePages).
    GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1" \
        "$java" -XX:+UseSerialGC -Xms64m -Dslf4j.internal.verbosity=ERROR \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -cp "$COURSE_TOOLS/*:$COURSE_LIB/*" "$@"
}
