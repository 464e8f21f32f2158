#!/usr/bin/env bash
# The course's one install step, shared by ./course lab, ./course test, docker/Dockerfile and
# binder/postBuild. Non-interactive and idempotent: every stage is skipped when a stamp file under
# .course/stamps says its inputs have not changed, so a second run takes seconds.
#
#   scripts/setup.sh [--profile lab|test] [--no-system|--system-only] [--python venv|current]
#
# Stages: system packages (apt-get when root or password-less sudo, else the exact command to run),
# the Jupyter Python environment, the Maven build of kit + kernel + tools, the kernelspec.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
    cat <<'EOF'
Usage: ./course setup [--profile lab|test] [--no-system|--system-only] [--python venv|current]

Installs what the course needs, skipping every stage that is already up to date:
  1. system packages   JDK 17, Maven, python3-venv; with --profile test (the default) also the
                       reference and test tools: Debian python3-torch, python3-torchvision,
                       python3-h5py, python3-jupyter-kernel-test, python3-nbclient,
                       jupyter-nbconvert, chromium, nodejs/npm. Installed with apt-get when run as
                       root or with password-less sudo; otherwise the exact command is printed.
  2. Python for Jupyter a project venv .venv with JupyterLab, nbclient, nbconvert and plotly
                       (scripts/requirements-jupyter.txt), from pip's configured index.
  3. kit, kernel, tools  mvn -B install (tests skipped; ./course test runs them).
  4. kernelspec        "java-resnet-course", installed into the Jupyter environment's prefix.
  5. MathJax           npm ci in scripts/export (MathJax 3.2.2), which the HTML export of
                       ./course run inlines so math renders offline; skipped with a note
                       when npm is missing.

Options:
  --profile lab        only what `./course lab` needs (no test tools)
  --profile test       everything (default)
  --no-system          never call apt-get; only check and report (conda, Binder, no root)
  --system-only        only stage 1 (a Dockerfile runs it as root, the rest as its user)
  --python current     use the python3 on PATH as Jupyter's environment instead of creating .venv
                       (conda/Binder images that already hold JupyterLab)
Environment: COURSE_PYTHON picks the interpreter for .venv; COURSE_PIP_ARGS adds pip options.
EOF
}

PROFILE=test
SYSTEM=apt
ONLY_SYSTEM=0
PY_ENV="${COURSE_PYTHON_ENV:-venv}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --profile) PROFILE="${2:-}"; shift 2 ;;
        --profile=*) PROFILE="${1#*=}"; shift ;;
        --no-system) SYSTEM=check; shift ;;
        --system-only) ONLY_SYSTEM=1; shift ;;
        --python) PY_ENV="${2:-}"; shift 2 ;;
        --python=*) PY_ENV="${1#*=}"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage; die "unknown option '$1' for setup" "See the options above." ;;
    esac
done
[[ "$PROFILE" == lab || "$PROFILE" == test ]] || die "--profile must be 'lab' or 'test', not '$PROFILE'."
[[ "$PY_ENV" == venv || "$PY_ENV" == current ]] || die "--python must be 'venv' or 'current', not '$PY_ENV'."
export COURSE_PYTHON_ENV="$PY_ENV"

# ---------------------------------------------------------------------------------------------
# 1. System packages
# ---------------------------------------------------------------------------------------------

java_major() {
    have javac || { echo 0; return; }
    javac -version 2>&1 | sed -n 's/^javac \([0-9][0-9]*\).*/\1/p' | head -1
}

python_ok() { # python_ok PY: Python >= 3.9 that can create a venv with pip
    "$1" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 9) else 1)' >/dev/null 2>&1
}

pick_python() {
    local c
    for c in "${COURSE_PYTHON:-}" python3 /usr/bin/python3; do
        [[ -n "$c" ]] && have "$c" && python_ok "$c" && { command -v "$c"; return 0; }
    done
    return 1
}

dpkg_has() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing_core=()
missing_test=()
collect_missing() {
    missing_core=() missing_test=()
    [[ "$(java_major)" -ge 17 ]] || missing_core+=(openjdk-17-jdk-headless)
    have mvn || missing_core+=(maven)
    [[ -f /etc/ssl/certs/ca-certificates.crt ]] || missing_core+=(ca-certificates) # Maven's HTTPS
    if [[ "$PY_ENV" == venv ]] && ! pick_python >/dev/null; then missing_core+=(python3-venv); fi
    [[ "$PROFILE" == test ]] || return 0
    if have dpkg-query; then
        local p
        for p in python3-torch python3-torchvision python3-h5py python3-jupyter-kernel-test \
            python3-nbclient jupyter-nbconvert; do
            dpkg_has "$p" || missing_test+=("$p")
        done
    fi
    have chromium || have chromium-browser || missing_test+=(chromium)
    have npm || missing_test+=(nodejs npm)
}

apt_install() { # apt_install PKG...: true when installed
    local sudo=()
    if [[ $EUID -ne 0 ]]; then
        have sudo && sudo -n true 2>/dev/null || return 1
        sudo=(sudo -n)
    fi
    have apt-get || return 1
    info "apt-get install ${*}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

system_packages() {
    step "System packages ($PROFILE profile)"
    collect_missing
    local all=("${missing_core[@]}" "${missing_test[@]}")
    if [[ ${#all[@]} -eq 0 ]]; then
        ok "JDK $(java_major), Maven, Python$([[ $PROFILE == test ]] && echo ', reference and test tools') present"
        return 0
    fi
    if [[ "$SYSTEM" == apt ]] && apt_install "${all[@]}"; then
        collect_missing
    fi
    if [[ ${#missing_core[@]} -gt 0 ]]; then
        die "missing: ${missing_core[*]}" \
            "Install them, then run this again:" \
            "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing_core[*]} ${missing_test[*]}" \
            "(elsewhere: a JDK 17+, Maven 3.8+, and Python 3.9+ with venv; conda users: environment.yml)"
    fi
    if [[ ${#missing_test[@]} -gt 0 ]]; then
        warn "missing test tools: ${missing_test[*]} (./course lab works without them; ./course test needs them)"
        info "install with: sudo apt-get install -y --no-install-recommends ${missing_test[*]}"
    else
        ok "system packages present"
    fi
}

# ---------------------------------------------------------------------------------------------
# 2. Python environment for Jupyter
# ---------------------------------------------------------------------------------------------

pip_args() {
    # A pip configured with a local wheelhouse (file:// index or find-links) need not wait for an
    # unreachable public index; a networked machine keeps pip's own retry policy.
    local extra=() config
    config="$("$1" -m pip config list 2>/dev/null || true)"
    if [[ "$config" == *file://* || "$config" == *find-links* ]]; then
        extra=(--retries 0 --timeout 5)
    fi
    # shellcheck disable=SC2206
    extra+=(${COURSE_PIP_ARGS:-})
    [[ ${#extra[@]} -eq 0 ]] || printf '%s\n' "${extra[@]}"
}

python_env() {
    local req="$COURSE_ROOT/scripts/requirements-jupyter.txt"
    if [[ "$PY_ENV" == current ]]; then
        step "Python for Jupyter (current: $(command -v python3))"
        if python3 -c 'import jupyterlab, nbclient, nbconvert' 2>/dev/null; then
            ok "JupyterLab, nbclient and nbconvert importable"
        else
            mapfile -t extra < <(pip_args python3)
            python3 -m pip install -q "${extra[@]}" -r "$req" ||
                die "pip could not install $req" "Install JupyterLab, nbclient and nbconvert into $(command -v python3)'s environment."
        fi
        return 0
    fi
    step "Python for Jupyter ($COURSE_VENV)"
    local py key
    py="$(pick_python)" || die "no Python >= 3.9 with venv found" "sudo apt-get install -y python3-venv"
    key="$("$py" -c 'import sys; print(sys.version.split()[0])') $(hash_paths scripts/requirements-jupyter.txt)"
    if stamp_ok venv "$key" && "$COURSE_VENV/bin/python" -c 'import jupyterlab, nbclient, nbconvert' 2>/dev/null; then
        ok "up to date ($("$COURSE_VENV/bin/python" -m jupyterlab --version 2>/dev/null | head -1 | sed 's/^/JupyterLab /'))"
        return 0
    fi
    if ! "$COURSE_VENV/bin/python" -c '' 2>/dev/null; then
        info "creating the venv with $py"
        rm -rf "$COURSE_VENV"
        "$py" -m venv "$COURSE_VENV" || die "could not create $COURSE_VENV with $py" "sudo apt-get install -y python3-venv"
    fi
    info "pip install -r scripts/requirements-jupyter.txt (first time: about a minute)"
    mapfile -t extra < <(pip_args "$COURSE_VENV/bin/python")
    mkdir -p "$COURSE_STATE"
    "$COURSE_VENV/bin/python" -m pip install -q --disable-pip-version-check "${extra[@]}" -r "$req" \
        >"$COURSE_STATE/pip-setup.log" 2>&1 || {
        grep -v '^WARNING' "$COURSE_STATE/pip-setup.log" | tail -15
        die "pip could not install the Jupyter packages into $COURSE_VENV" \
            "Check pip's index (pip config list) or your network, then run ./course setup again." \
            "Full log: .course/pip-setup.log"
    }
    stamp_write venv "$key"
    ok "JupyterLab $("$COURSE_VENV/bin/python" -m jupyterlab --version 2>/dev/null | head -1) ready"
}

# The Keras reference for the ResNet50V2 parity test (test profile, venv only): optional. Without
# it KerasParityTest reports itself skipped, so a failed install warns instead of stopping setup.
keras_reference() {
    [[ "$PROFILE" == test && "$PY_ENV" != current ]] || return 0
    local req="$COURSE_ROOT/scripts/requirements-keras.txt" key
    step "Keras reference for the parity test ($COURSE_VENV)"
    key="$(hash_paths scripts/requirements-keras.txt)"
    if stamp_ok keras "$key" && "$COURSE_VENV/bin/python" -c 'import tensorflow, h5py' 2>/dev/null; then
        ok "TensorFlow and h5py importable"
        return 0
    fi
    info "pip install -r scripts/requirements-keras.txt (first time: a few minutes, ~1.3 GB installed)"
    mapfile -t extra < <(pip_args "$COURSE_VENV/bin/python")
    if "$COURSE_VENV/bin/python" -m pip install -q --disable-pip-version-check "${extra[@]}" -r "$req" \
        >"$COURSE_STATE/pip-keras.log" 2>&1; then
        stamp_write keras "$key"
        ok "TensorFlow and h5py installed"
    else
        warn "could not install TensorFlow (see .course/pip-keras.log): KerasParityTest will be skipped"
    fi
}

# ---------------------------------------------------------------------------------------------
# 3. Maven build of kit + kernel + tools
# ---------------------------------------------------------------------------------------------

maven_build() {
    step "Kit, kernel and tools (Maven)"
    local key
    key="$(hash_paths "${COURSE_BUILD_SOURCES[@]}")"
    if stamp_ok maven "$key" && tools_built &&
        compgen -G "$COURSE_ROOT/kernel/target/kernel-*.jar" >/dev/null; then
        ok "up to date (kernel/target/lib)"
        return 0
    fi
    info "mvn -B install -DskipTests (first time: downloads DJL and libtorch, a few minutes)"
    local log="$COURSE_STATE/maven-setup.log"
    mkdir -p "$COURSE_STATE"
    # copy-dependencies never deletes jars of versions no longer used; Maven never deletes an old
    # version's tools jar either (kit_java puts every jar in tools/target on the class path)
    rm -rf "$COURSE_LIB" "$COURSE_TOOLS"/course-tools-*.jar
    if ! (cd "$COURSE_ROOT" && mvn -B -ntp install -DskipTests -Dspotless.check.skip=true >"$log" 2>&1); then
        grep -E '^\[ERROR\]' "$log" | head -20 || tail -20 "$log"
        die "the Maven build failed (full log: $log)" "Fix the error above, then run ./course setup again."
    fi
    stamp_write maven "$key"
    ok "built: $(find "$COURSE_LIB" -name '*.jar' | wc -l) jars in kernel/target/lib, the tools in tools/target"
}

# ---------------------------------------------------------------------------------------------
# 4. Kernelspec
# ---------------------------------------------------------------------------------------------

jupyter_prefix() {
    if [[ "$PY_ENV" == current ]]; then python3 -c 'import sys; print(sys.prefix)'; else echo "$COURSE_VENV"; fi
}

kernelspec() {
    step "Kernelspec java-resnet-course"
    local installer="$COURSE_ROOT/kernel/install-kernelspec" prefix key
    if [[ ! -x "$installer" ]]; then
        warn "kernel/install-kernelspec is not in this checkout yet; Java notebooks cannot run"
        return 0
    fi
    prefix="$(jupyter_prefix)"
    key="$(cat "$COURSE_STAMPS/maven" 2>/dev/null) $(hash_paths kernel/install-kernelspec) $prefix"
    if stamp_ok kernelspec "$key" && [[ -f "$prefix/share/jupyter/kernels/java-resnet-course/kernel.json" ]]; then
        ok "up to date ($prefix/share/jupyter/kernels/java-resnet-course)"
        return 0
    fi
    "$installer" --prefix "$prefix" >/dev/null ||
        die "kernel/install-kernelspec --prefix $prefix failed" "Run it by hand to see why, then ./course setup again."
    stamp_write kernelspec "$key"
    ok "installed into $prefix"
}

# ---------------------------------------------------------------------------------------------
# 5. MathJax for the HTML export (scripts/course_html.py inlines it: math renders offline)
# ---------------------------------------------------------------------------------------------

export_mathjax() {
    step "MathJax for HTML exports (scripts/export)"
    local dir="$COURSE_ROOT/scripts/export" key
    key="$(hash_paths scripts/export/package.json scripts/export/package-lock.json)"
    if stamp_ok npm-export "$key" && [[ -f "$dir/node_modules/mathjax/es5/tex-svg-full.js" ]]; then
        ok "up to date"
        return 0
    fi
    if ! have npm; then
        warn "npm is missing: HTML exports will show math as LaTeX source (apt-get install npm, then ./course setup)"
        return 0
    fi
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
        die "npm could not install MathJax into scripts/export" "Check npm's registry access, then run ./course setup again."
    stamp_write npm-export "$key"
    ok "mathjax $(cd "$dir" && node -p 'require("mathjax/package.json").version' 2>/dev/null || echo '?')"
}

main() {
    system_packages
    [[ $ONLY_SYSTEM -eq 1 ]] && return 0
    mkdir -p "$COURSE_STATE" && printf '%s\n' "$PY_ENV" >"$COURSE_STATE/python-env"
    python_env
    keras_reference
    maven_build
    kernelspec
    export_mathjax
}

main; exit $? # one line: an edit to this file while it runs cannot change what it does
