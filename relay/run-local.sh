#!/usr/bin/env bash
# Runs the pulumi-jod callback relay as a standalone nginx + nchan in the foreground.
#
#   relay/run-local.sh --listen HOST:PORT --secret-file FILE [--redis URL] [--prefix DIR]
#
# Renders relay/nginx/ into PREFIX (default: a temporary folder removed on exit), checks it
# with `nginx -t`, starts `nginx -c PREFIX/conf/nginx.conf -p PREFIX/` and prints
# `jod relay listening on http://HOST:PORT/jod-relay` once /ping answers with this secret.
# SIGTERM/SIGINT stop nginx (fast shutdown); the exit status is nginx's.
#
# Environment (for tests and unusual installs):
#   JOD_RELAY_NGINX         nginx binary (default: nginx on PATH, else /usr/sbin/nginx)
#   JOD_RELAY_NCHAN_MODULE  nchan module (default: /usr/lib/nginx/modules/ngx_nchan_module.so)
#   Without both set and without the installed module, the copies scripts/toolchain.sh unpacks
#   for users without root are used: ${PULUMI_JOD_CACHE:-~/.cache/pulumi-jod}/relay.
#   JOD_RELAY_READY_TIMEOUT seconds to wait for /ping before giving up (default: 30)
set -euo pipefail

relay_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
packages="apt-get install nginx-light libnginx-mod-nchan"

fail() {
  echo "jod relay: $*" >&2
  exit 2
}

usage() {
  echo "usage: $0 --listen HOST:PORT --secret-file FILE [--redis redis://HOST:PORT] [--prefix DIR]" >&2
  exit 2
}

listen=""
secret_file=""
redis_url=""
prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --listen | --secret-file | --redis | --prefix)
      [ $# -ge 2 ] || fail "$1 needs a value"
      case "$1" in
        --listen) listen="$2" ;;
        --secret-file) secret_file="$2" ;;
        --redis) redis_url="$2" ;;
        --prefix) prefix="$2" ;;
      esac
      shift 2
      ;;
    -h | --help) usage ;;
    *) fail "unknown argument '$1' (allowed: --listen, --secret-file, --redis, --prefix)" ;;
  esac
done

[ -n "$listen" ] || fail "--listen HOST:PORT is required (e.g. --listen 127.0.0.1:8080)"
[ -n "$secret_file" ] || fail "--secret-file FILE is required (a file holding 'openssl rand -hex 32', mode 0600)"

# HOST:PORT, HOST an IPv4 address, a name, or [IPv6].
if [[ "$listen" =~ ^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$ ]]; then
  listen_host="${BASH_REMATCH[1]}"
  listen_port="${BASH_REMATCH[2]}"
else
  fail "--listen must be HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080), got '$listen'"
fi
if [ "$listen_port" -lt 1 ] || [ "$listen_port" -gt 65535 ]; then
  fail "--listen port must be 1-65535, got $listen_port"
fi

if [ -n "$redis_url" ] && ! [[ "$redis_url" =~ ^redis://[^[:space:]/\;\"\'{}]+(/[0-9]+)?$ ]]; then
  fail "--redis must be a URL like redis://127.0.0.1:6379, got '$redis_url'"
fi

# The secret: 64 lowercase hex characters, readable by its owner only.
[ -f "$secret_file" ] || fail "secret file $secret_file does not exist (create it: umask 077; openssl rand -hex 32 > $secret_file)"
[ -r "$secret_file" ] || fail "secret file $secret_file is not readable by $(id -un)"
secret_mode="$(stat -c %a "$secret_file")"
if (((8#$secret_mode & 8#077) != 0)); then
  fail "secret file $secret_file is accessible by group or others (mode $secret_mode); run: chmod 600 $secret_file"
fi
secret="$(head -c 200 "$secret_file")"
secret="${secret%$'\n'}"
[[ "$secret" =~ ^[0-9a-f]{64}$ ]] || fail "secret file $secret_file must hold exactly 64 lowercase hex characters (openssl rand -hex 32)"

# nginx and the nchan module.
default_module=/usr/lib/nginx/modules/ngx_nchan_module.so
unpacked="${PULUMI_JOD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jod}/relay"
if [ -z "${JOD_RELAY_NGINX:-}${JOD_RELAY_NCHAN_MODULE:-}" ] && [ ! -f "$default_module" ] &&
  [ -f "$unpacked/complete" ]; then
  JOD_RELAY_NGINX="$unpacked/bin/nginx"
  JOD_RELAY_NCHAN_MODULE="$unpacked/root$default_module"
fi
nginx_bin="${JOD_RELAY_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
[ -x "$nginx_bin" ] || fail "nginx not found ($nginx_bin); install the Debian packages: $packages${redis_url:+ redis-server}"
nchan_module="${JOD_RELAY_NCHAN_MODULE:-$default_module}"
[ -f "$nchan_module" ] || fail "the nchan module is missing ($nchan_module); install the Debian packages: $packages${redis_url:+ redis-server}"

# Render the configuration. Everything nginx writes stays under the prefix.
cleanup_prefix=""
if [ -z "$prefix" ]; then
  prefix="$(mktemp -d "${TMPDIR:-/tmp}/jod-relay.XXXXXX")"
  cleanup_prefix="$prefix"
fi
prefix="$(mkdir -p "$prefix" && cd "$prefix" && pwd)"
umask 077
mkdir -p "$prefix/conf/jod-relay" "$prefix/logs" "$prefix/temp" "$prefix/run"
# The channel check's unix socket lives in run/: nginx's workers (nobody, when started as root)
# must be able to reach it, so these two folders are searchable (not listable) by others.
chmod 0711 "$prefix" "$prefix/run"

src="$relay_dir/nginx"
locations="$(<"$src/jod-relay/locations.conf")"
printf '%s\n' "${locations//\/var\/log\/nginx\//$prefix/logs/}" >"$prefix/conf/jod-relay/locations.conf"
http_conf="$(<"$src/jod-relay/http.conf")"
printf '%s\n' "${http_conf//\/run\/jod-relay-check.sock/$prefix/run/check.sock}" >"$prefix/conf/jod-relay/http.conf"
printf '"~^Bearer %s$" 1;\n' "$secret" >"$prefix/conf/jod-relay/secret.map"
if [ -n "$redis_url" ]; then
  redis_conf="$(<"$src/jod-relay/redis.conf")"
  printf '%s\n' "${redis_conf//redis:\/\/127.0.0.1:6379/$redis_url}" >"$prefix/conf/jod-relay/redis.conf"
  cp "$src/jod-relay/store-redis.conf" "$prefix/conf/jod-relay/store.conf"
  redis_include="include jod-relay/redis.conf;"
else
  cp "$src/jod-relay/store.conf" "$prefix/conf/jod-relay/store.conf"
  redis_include=""
fi
# As root the master hands the workers to an unprivileged user; they need nothing on disk.
user_directive=""
if [ "$(id -u)" -eq 0 ]; then
  user_directive="user nobody $(id -gn nobody);"
fi
conf="$(<"$src/nginx.conf.template")"
conf="${conf//@NCHAN_MODULE@/$nchan_module}"
conf="${conf//@USER_DIRECTIVE@/$user_directive}"
conf="${conf//@LISTEN@/$listen}"
conf="${conf//@REDIS_INCLUDE@/$redis_include}"
printf '%s\n' "$conf" >"$prefix/conf/nginx.conf"

nginx_args=(-c "$prefix/conf/nginx.conf" -p "$prefix/")
# Until it reads the configuration nginx logs to its built-in path (/var/log/nginx, not writable
# without root); -e (nginx >= 1.19.5) moves that to the prefix too.
if "$nginx_bin" -h 2>&1 | grep -q -- '-e filename'; then
  nginx_args+=(-e "$prefix/logs/error.log")
fi
if ! test_output="$("$nginx_bin" -t -q "${nginx_args[@]}" 2>&1)"; then
  echo "$test_output" >&2
  fail "nginx rejected the rendered configuration in $prefix/conf (see above)"
fi

# /ping with our secret: proves that this nginx, not some other server, owns the port.
ping_host="${listen_host#[}"
ping_host="${ping_host%]}"
relay_answers() {
  (
    exec 3<>"/dev/tcp/$ping_host/$listen_port" || exit 1
    printf 'GET /jod-relay/ping HTTP/1.0\r\nHost: %s\r\nAuthorization: Bearer %s\r\n\r\n' "$listen" "$secret" >&3
    reply="$(timeout 2 cat <&3)"
    [[ "$reply" == "HTTP/1.1 200 "* && "$reply" == *'"relay":"pulumi-jod"'* ]]
  ) 2>/dev/null
}

"$nginx_bin" "${nginx_args[@]}" &
nginx_pid=$!
stop_nginx() { kill -TERM "$nginx_pid" 2>/dev/null || true; }
trap stop_nginx TERM INT HUP
trap '[ -z "$cleanup_prefix" ] || rm -rf "$cleanup_prefix"' EXIT

deadline=$((SECONDS + ${JOD_RELAY_READY_TIMEOUT:-30}))
until relay_answers; do
  if ! kill -0 "$nginx_pid" 2>/dev/null; then
    status=0
    wait "$nginx_pid" || status=$?
    fail "nginx exited with status $status before serving (is $listen already in use? see $prefix/logs/error.log)"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    stop_nginx
    fail "nginx did not answer /jod-relay/ping on $listen within ${JOD_RELAY_READY_TIMEOUT:-30}s"
  fi
  sleep 0.1
done
echo "jod relay listening on http://$listen/jod-relay${redis_url:+ (store: redis)}"

# wait returns early when a trapped signal arrives; keep waiting until nginx is gone.
status=0
while kill -0 "$nginx_pid" 2>/dev/null; do
  status=0
  wait "$nginx_pid" || status=$?
done
exit "$status"
