#!/usr/bin/env bash
# ./course hub: serves the course to a class from one machine with JupyterHub (hub/jupyterhub_config.py).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
    cat <<'EOF'
Usage: sudo ./course hub [--port N] [--mem SIZE] [--cpu N] [--idle SEC] [--group NAME]
                         [--admin USER,...] [--data DIR] [--no-setup] [--setup-only]

Serves the course to a class with JupyterHub on 127.0.0.1: students log in with their account on
this machine (create them with useradd; passwords with chpasswd) and each gets their own JupyterLab
running as their own user, with the Java course kernel, a copy of the lessons in ~/resnet-course
(made on first login, never overwritten), and the shared read-only data folder. Each student's
server is limited in memory and CPU (control groups, when the machine has them) and the kernel's
heap and libtorch's threads are sized from those limits. Servers idle for --idle seconds are
stopped. Needs root: the hub starts each server as its student. Open http://127.0.0.1:PORT/ (put
a TLS reverse proxy in front to serve a network). Ctrl-C stops the hub and every server.

  --port N          the hub's port on 127.0.0.1 (default 8000; N+1 and N+2 are used internally)
  --mem SIZE        memory per student (default 3G: lesson 02 peaks at 2.7 GiB; docs/hub.md)
  --cpu N           CPUs per student (default 1)
  --idle SEC        stop servers idle this long (default 3600)
  --group NAME      only members of this Unix group may log in (default: every local user)
  --admin U1,U2     users with the hub's admin page (the teacher)
  --data DIR        the shared datasets and weights (default: $COURSE_DATA, else ./data;
                    fill it with data-scripts/prepare-classroom DIR)
  --no-setup        skip the set-up (./course setup, jupyterhub, the students' Python environment)
  --setup-only      set up, then exit without starting the hub

Set-up: ./course setup --profile lab; Debian's jupyterhub package (with configurable-http-proxy);
.course/hub/venv, made from Debian's python3 (whose jupyterhub it sees) with JupyterLab installed.
State (database, cookie secret): .course/hub/. See docs/hub.md for capacity and the Kubernetes path.
EOF
}

port=8000 setup=1 start=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --port) port="${2:?--port needs a number}"; shift 2 ;;
        --mem) export COURSE_HUB_MEM="${2:?--mem needs a size such as 2G}"; shift 2 ;;
        --cpu) export COURSE_HUB_CPU="${2:?--cpu needs a number}"; shift 2 ;;
        --idle) export COURSE_HUB_IDLE="${2:?--idle needs seconds}"; shift 2 ;;
        --group) export COURSE_HUB_GROUP="${2:?--group needs a group name}"; shift 2 ;;
        --admin) export COURSE_HUB_ADMINS="${2:?--admin needs user names}"; shift 2 ;;
        --data) export COURSE_DATA="${2:?--data needs a folder}"; shift 2 ;;
        --no-setup) setup=0; shift ;;
        --setup-only) start=0; shift ;;
        *) die "unknown option '$1' for hub" "See ./course hub --help." ;;
    esac
done
[[ "$port" =~ ^[0-9]+$ ]] || die "--port needs a number, not '$port'"
[[ "${COURSE_HUB_MEM:-3G}" =~ ^[0-9]+(\.[0-9]+)?[KMGT]?$ ]] ||
    die "--mem '${COURSE_HUB_MEM}' is not a size" "Use a number with K, M, G or T, e.g. --mem 2G."
[[ "${COURSE_HUB_CPU:-1}" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--cpu '${COURSE_HUB_CPU}' is not a number" "e.g. --cpu 1"
[[ "${COURSE_HUB_IDLE:-3600}" =~ ^[0-9]+$ ]] || die "--idle '${COURSE_HUB_IDLE}' is not a number of seconds"
if [[ -n "${COURSE_DATA:-}" ]]; then
    [[ -d "$COURSE_DATA" ]] || die "--data $COURSE_DATA is not a folder" \
        "Make it with data-scripts/prepare-classroom $COURSE_DATA."
    export COURSE_DATA="$(cd "$COURSE_DATA" && pwd)"
    # Shared means read-only: one student's stray write must not change another's lesson.
    if [[ -n "$(find "$COURSE_DATA" -maxdepth 3 -perm /o+w -print -quit 2>/dev/null)" ]]; then
        warn "students can write into $COURSE_DATA; make it read-only for them: chmod -R o-w $COURSE_DATA"
    fi
fi
[[ $EUID -eq 0 ]] || die "the hub starts each student's server as that student, which needs root" \
    "Run it as: sudo ./course hub"

# Students' servers run as the students: the course checkout must be readable by them.
if have runuser && ! runuser -u nobody -- test -r "$COURSE_ROOT/hub/jupyterhub_config.py"; then
    die "other users cannot read $COURSE_ROOT, so students cannot run the course from it" \
        "Put the course where every user can read it (e.g. /opt/resnet-course), or chmod o+rx each folder above it."
fi

HUB_STATE="${COURSE_HUB_STATE:-$COURSE_STATE/hub}"
HUB_VENV="$HUB_STATE/venv"
export COURSE_HUB_STATE="$HUB_STATE" COURSE_HUB_PORT="$port"
export COURSE_HUB_PYTHON="$HUB_VENV/bin/python"

if [[ $setup -eq 1 ]]; then
    "$COURSE_ROOT/scripts/setup.sh" --profile lab
    step "JupyterHub (Debian's jupyterhub; configurable-http-proxy from npm)"
    if ! have jupyterhub; then
        info "apt-get install jupyterhub"
        apt-get install -y -q jupyterhub >"$COURSE_STATE/hub-apt.log" 2>&1 ||
            { apt-get update -q >>"$COURSE_STATE/hub-apt.log" 2>&1 && apt-get install -y -q jupyterhub >>"$COURSE_STATE/hub-apt.log" 2>&1; } ||
            die "apt-get could not install jupyterhub" "See .course/hub-apt.log."
    fi
    # Debian's node-configurable-http-proxy runs only under Debian's own nodejs; npm's runs under
    # any Node.js, so the hub uses its own copy in .course/hub/proxy.
    proxy="$HUB_STATE/proxy/node_modules/.bin/configurable-http-proxy"
    if ! "$proxy" --version >/dev/null 2>&1; then
        have npm || die "npm is needed for configurable-http-proxy" "sudo apt-get install -y npm"
        info "npm install configurable-http-proxy@5 into .course/hub/proxy"
        npm install -q --no-fund --no-audit --prefix "$HUB_STATE/proxy" configurable-http-proxy@5 \
            >"$COURSE_STATE/hub-npm.log" 2>&1 || die "npm could not install configurable-http-proxy" "See .course/hub-npm.log."
    fi
    ok "jupyterhub $(jupyterhub --version 2>/dev/null), configurable-http-proxy $("$proxy" --version)"

    step "The students' Python environment (.course/hub/venv)"
    # Debian's python3 is the one Debian's jupyterhub package is built for; JupyterLab comes from
    # pip as for ./course lab. The venv sees the system site-packages for jupyterhub.singleuser.
    req="$COURSE_ROOT/scripts/requirements-jupyter.txt"
    want="$(sha256sum "$req" | cut -c1-16)"
    if [[ ! -x "$HUB_VENV/bin/python" ]] || ! stamp_ok hub-venv "$want"; then
        mkdir -p "$HUB_STATE"
        /usr/bin/python3 -m venv --system-site-packages "$HUB_VENV" ||
            die "could not create $HUB_VENV with /usr/bin/python3" "apt-get install -y python3-venv"
        extra=()
        if /usr/bin/python3 -m pip config list 2>/dev/null | grep -q -e 'file://' -e find-links; then
            extra=(--retries 0 --timeout 5)
        fi
        info "pip install -r scripts/requirements-jupyter.txt into .course/hub/venv"
        "$HUB_VENV/bin/pip" install -q --disable-pip-version-check "${extra[@]}" -r "$req" \
            >"$HUB_STATE/pip.log" 2>&1 || die "pip could not install JupyterLab into $HUB_VENV" "See $HUB_STATE/pip.log."
        stamp_write hub-venv "$want"
    fi
    "$HUB_VENV/bin/python" -c 'import jupyterhub.singleuser, jupyterlab' 2>/dev/null ||
        die "$HUB_VENV cannot import jupyterhub.singleuser and jupyterlab" \
            "Remove $HUB_VENV and run ./course hub --setup-only again."
    # The kit checks libtorch's convolutions once per CPU and thread count and keeps the answer in
    # .course/engine-check, which students cannot write: check now, with a student's threads.
    step "The engine's convolution self-check for ${COURSE_HUB_CPU:-1} CPU per student"
    cpus="$(awk -v c="${COURSE_HUB_CPU:-1}" 'BEGIN { n = int(c); print (n < 1 ? 1 : n) }')"
    # The check's key holds the JVM's processor count and libtorch's threads: size both as the
    # spawner sizes a student's kernel (hub/course_limits.py), or students will not find it.
    JDK_JAVA_OPTIONS="-XX:ActiveProcessorCount=$cpus" OMP_NUM_THREADS="$cpus" DJL_OFFLINE=true "$COURSE_ROOT/course" doctor >"$HUB_STATE/engine-check.log" 2>&1 ||
        warn "./course doctor failed (see $HUB_STATE/engine-check.log); students' kernels will check on their own"
    [[ -d "$COURSE_STATE/engine-check" ]] && chmod -R o+rX "$COURSE_STATE/engine-check"
    ok "$(grep -i -m1 'engine\|convolution' "$HUB_STATE/engine-check.log" | sed 's/^[[:space:]]*//' || echo 'checked')"
    # Students run the kernel from this checkout: its kernelspec (install-kernelspec wrote it
    # private) and DJL's unpacked libtorch (DJL unpacks into a private temporary folder, then
    # renames it) must be readable by them.
    chmod -R o+rX "$HUB_VENV" "$COURSE_VENV/share/jupyter/kernels" "$COURSE_STATE/djl" "$COURSE_ROOT/kernel/target"
    ok "$("$HUB_VENV/bin/python" -c 'import jupyterlab, jupyterhub; print("JupyterLab", jupyterlab.__version__, "/ jupyterhub", jupyterhub.__version__)')"
fi
[[ $start -eq 1 ]] || exit 0

have jupyterhub || die "jupyterhub is not installed" "Run ./course hub without --no-setup."
mkdir -p "$HUB_STATE"
step "JupyterHub on http://127.0.0.1:$port/"
info "memory ${COURSE_HUB_MEM:-3G}, ${COURSE_HUB_CPU:-1} CPU per student; idle servers stop after ${COURSE_HUB_IDLE:-3600} s"
cd "$HUB_STATE"
# Files the hub and the students' servers create (the hub's database, students' notebooks) are
# readable by their owner only.
umask 077
chmod go-rwx "$HUB_STATE"/jupyterhub.sqlite* 2>/dev/null || true   # made before by a looser umask
exec jupyterhub -f "$COURSE_ROOT/hub/jupyterhub_config.py"
