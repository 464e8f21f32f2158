#!/usr/bin/env bash
# ./course test-docker: builds docker/Dockerfile's `test` stage from a local Debian base with podman,
# so the image's set-up, the kernel tests and the smoke run execute as build steps. Needs root (for
# debootstrap), podman and debootstrap; slow (a fresh Maven download inside the build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    cat <<'USAGE'
Usage: ./course test-docker [--rebuild-base]

  1. debootstrap --variant=minbase bookworm, imported as localhost/debian:bookworm (once)
  2. podman build --isolation=chroot --target course -f docker/Dockerfile
     --build-arg BASE=localhost/debian:bookworm .   -> localhost/resnet-course:latest, size reported
     (the build stage runs ./course setup; the course stage is the image students run)
  3. podman build --target test (built FROM the course stage, reusing its layers): runs
     kernel/test-kernel, ./course run all --smoke and docker/check-server (a started server, as
     the non-root user, answers with its token) as build steps
Prints the time each step took. Log: .course/test-docker.log
USAGE
    exit 0
fi
rebuild=0
[[ "${1:-}" == --rebuild-base ]] && rebuild=1

have podman || die "podman is needed" "sudo apt-get install -y podman"
have debootstrap || die "debootstrap is needed" "sudo apt-get install -y debootstrap"
[[ $EUID -eq 0 ]] || die "debootstrap and podman's chroot isolation need root here" "sudo ./course test-docker"

BASE=localhost/debian:bookworm
LOG="$COURSE_STATE/test-docker.log"
mkdir -p "$COURSE_STATE"
: >"$LOG"
t0=$SECONDS

if [[ $rebuild -eq 1 ]] || ! podman image exists "$BASE"; then
    step "Base image $BASE (debootstrap --variant=minbase bookworm)"
    root="$(mktemp -d)"
    trap 'rm -rf "$root"' EXIT
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >>"$LOG" 2>&1 ||
        die "debootstrap failed" "See $LOG."
    tar -C "$root" -c . | podman import - "$BASE" >>"$LOG" 2>&1 || die "podman import failed" "See $LOG."
    rm -rf "$root"
    ok "base image built in $((SECONDS - t0)) s"
else
    ok "base image $BASE present (--rebuild-base makes a new one)"
fi

# A machine whose pip reads a local wheelhouse (no public index) lends it to the build: the paths
# are mounted read-only into the RUN steps and pip's settings passed as build arguments.
pip_opts=()
while IFS='=' read -r key value; do
    value="${value//\'/}"
    case "$key" in
        *find-links | *extra-index-url | *index-url) ;;
        *) continue ;;
    esac
    for loc in $value; do
        dir="${loc#file://}"
        dir="${dir%/simple}" # an index's pages link to files beside it (../../files/...)
        if [[ "$dir" == /* && -d "$dir" ]]; then pip_opts+=(-v "$dir:$dir:ro"); fi
    done
    var="PIP_$(tr 'a-z-' 'A-Z_' <<<"${key#*.}")"
    pip_opts+=(--build-arg "$var=$value")
done < <(python3 -m pip config list 2>/dev/null | grep -E '^global\.' || true)
[[ ${#pip_opts[@]} -gt 0 ]] && info "lending pip's local index to the build: ${pip_opts[*]}"

# A machine whose outbound TLS goes through its own certificate authority (a company proxy) lends
# its Java trust store to the build, so Maven inside trusts what Maven outside trusts.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null && [[ -f /etc/ssl/certs/java/cacerts ]]; then
    pip_opts+=(-v /etc/ssl/certs/java/cacerts:/opt/host-cacerts:ro
        --build-arg "MAVEN_OPTS=-Djavax.net.ssl.trustStore=/opt/host-cacerts")
    info "lending the local Java trust store (local CAs in /usr/local/share/ca-certificates)"
fi

# The course stage first, tagged: the test stage builds FROM it, so its layers are reused as they
# are (building the test stage first and the course stage after would rebuild everything if a
# source file changed in between).
step "podman build --target course (the image students run)"
t1=$SECONDS
podman build --isolation=chroot --target course -f "$COURSE_ROOT/docker/Dockerfile" \
    --build-arg BASE="$BASE" "${pip_opts[@]}" -t localhost/resnet-course:latest "$COURSE_ROOT" 2>&1 | tee -a "$LOG" ||
    die "the course stage failed to build after $((SECONDS - t1)) s" "See $LOG."
size="$(podman image inspect --format '{{.Size}}' localhost/resnet-course:latest)"
podman history localhost/resnet-course:latest >>"$LOG" 2>&1 || true
ok "image localhost/resnet-course:latest built in $((SECONDS - t1)) s: $((size / 1000000)) MB; layers in $LOG"

step "podman build --target test (kernel tests, smoke run and a started server inside the image)"
t2=$SECONDS
if podman build --isolation=chroot --target test -f "$COURSE_ROOT/docker/Dockerfile" \
    --build-arg BASE="$BASE" "${pip_opts[@]}" -t localhost/resnet-course:test "$COURSE_ROOT" 2>&1 | tee -a "$LOG"; then
    ok "image checked in $((SECONDS - t2)) s (total $((SECONDS - t0)) s)"
else
    die "the image's checks failed after $((SECONDS - t2)) s" "See $LOG."
fi
