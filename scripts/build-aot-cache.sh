#!/usr/bin/env bash
# Builds the JVM's ahead-of-time cache for the router (JDK 25 or newer; JEP 483, 514, 515): a training run starts the
# router with a webhook, a vCenter and a Knative destination on this machine's loopback, waits until it serves
# /healthz, sends it one event, lets the vCenter provider try to connect once, and stops it; the JVM then writes the
# classes it loaded and linked, and the method profiles it gathered, into FILE. A later start with -XX:AOTCache=FILE
# skips that work. The cache belongs to one JDK build, one class path and the JVM options given here: the launcher
# rebuilds it when one of them is newer, and a JVM that cannot use it starts without it.
#
# Usage: scripts/build-aot-cache.sh --java JAVA --jar JAR --output FILE [-- JVM-OPTION...]
# Exits 0 with the cache written, 1 (and a reason on stderr) without; the old cache is removed either way.
set -euo pipefail

java=
jar=
output=
while [ $# -gt 0 ]; do
  case "$1" in
    --java) java=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "build-aot-cache: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$java" ] && [ -n "$jar" ] && [ -n "$output" ] || {
  echo "usage: $0 --java JAVA --jar JAR --output FILE [-- JVM-OPTION...]" >&2; exit 2; }

rm -f "$output"
major=$("$java" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
  echo "build-aot-cache: $java is Java ${major:-?}; the ahead-of-time cache needs 25 or newer" >&2
  exit 1
fi

# A free port on the loopback: nothing answers a connection to it.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
webhook=$(free_port)
metrics=$(free_port)
closed=$(free_port)

work=$(mktemp -d)
router=
cleanup() {
  if [ -n "$router" ] && kill -0 "$router" 2>/dev/null; then
    kill -KILL "$router" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# What a router loads at start-up for the common configurations: both configuration formats' loaders, the webhook
# server, the vCenter client (its connection attempt fails: nothing listens), a CloudEvents destination, metrics.
cat > "$work/config.yaml" <<EOF
apiVersion: eventrouter.io/v1
kind: RouterConfig
metadata: {name: aot-training}
eventProviders:
  - type: webhook
    name: webhook
    webhook: {bindAddress: "127.0.0.1:$webhook", path: /webhook}
  - type: vcenter
    name: vcenter
    vcenter:
      address: https://127.0.0.1:$closed/sdk
      checkpoint: false
      auth: {type: basic_auth, basicAuth: {username: training, password: training}}
eventProcessors:
  - type: knative
    name: knative
    knative:
      encoding: binary
      destination: {uri: "http://127.0.0.1:$closed/"}
metricsProvider:
  type: default
  default: {bindAddress: "127.0.0.1:$metrics"}
EOF

(cd "$work" && exec "$java" "$@" -XX:AOTCacheOutput="$output" -Xlog:aot=off,cds=off -Xlog:aot=error,cds=error:stderr \
  -jar "$jar" --config "$work/config.yaml" --log-level error --shutdown-grace 0s >"$work/router.log" 2>&1) &
router=$!

get() { # PORT PATH: the HTTP status of a GET on the loopback, or nothing
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 0
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
  head -n 1 <&3 | cut -d' ' -f2
  exec 3<&-
}
up=
for _ in $(seq 1 600); do
  kill -0 "$router" 2>/dev/null || break
  if [ "$(get "$metrics" /healthz 2>/dev/null)" = 200 ]; then
    up=1
    break
  fi
  sleep 0.1
done
if [ -z "$up" ]; then
  echo "build-aot-cache: the training run did not come up; its output:" >&2
  cat "$work/router.log" >&2
  exit 1
fi
# One event through the webhook (its delivery fails, the destination is closed: the answer, which waits for the
# delivery, is not waited for), the probes and the metrics.
body='{"id":"aot-1","source":"training","type":"training","specversion":"1.0","data":{}}'
exec 3<>"/dev/tcp/127.0.0.1/$webhook"
printf 'POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
  "${#body}" "$body" >&3
read -r -t 2 _ <&3 || true
exec 3<&-
for path in /readyz /metrics /stats; do get "$metrics" "$path" >/dev/null 2>&1 || true; done
sleep 2
kill -TERM "$router"
status=0
wait "$router" || status=$?
router=
# SIGTERM ends the JVM through its shutdown hooks (143); the cache is written on the way out.
if [ ! -s "$output" ]; then
  echo "build-aot-cache: no cache written (exit $status); the training run's output:" >&2
  cat "$work/router.log" >&2
  exit 1
fi
