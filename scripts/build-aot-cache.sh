#!/usr/bin/env bash
# Builds the JVM's ahead-of-time cache for the router (JDK 25 or newer; JEP 483, 514, 515): a training run starts the
# router with a webhook, a vCenter and a Knative destination on this machine's loopback, waits until it serves
# /healthz, sends it one event, lets the vCenter provider try to connect once, and stops it; the JVM then writes the
# classes it loaded and linked into FILE. A later start with -XX:AOTCache=FILE
# skips that work. The cache belongs to one JDK build, one class path and the JVM options given here: the launcher
# rebuilds it when one of them is newer, and a JVM that cannot use it starts without it.
#
# Usage: scripts/build-aot-cache.sh --java JAVA --jar JAR --output FILE [-- JVM-OPTION...]
#        scripts/build-aot-cache.sh --image IMAGE --output FILE
# With --image the training run is the container image itself (podman, on the host's network), started as a
# deployment starts it, with its own java, class path and JVM options, so the cache fits that image.
# Exits 0 with the cache written; 3 when the java is older than 25 (no cache is possible); 1 (and a reason on stderr)
# when the training run failed. The old cache is removed either way.
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
java=
jar=
image=
output=
while [ $# -gt 0 ]; do
  case "$1" in
    --java) java=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --image) image=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "build-aot-cache: unknown argument $1" >&2; exit 2 ;;
  esac
done
{ [ -n "$java" ] && [ -n "$jar" ] || [ -n "$image" ]; } && [ -n "$output" ] || {
  echo "usage: $0 (--java JAVA --jar JAR | --image IMAGE) --output FILE [-- JVM-OPTION...]" >&2; exit 2; }
podman=$HERE/podman.sh

rm -f "$output"
# The cache holds no method profiles of the training run: replayed at start-up, they have the JIT compiler compile
# the training run's hot methods at once, which on two cores competed with the start itself (BENCHMARKS.md, "Start-up":
# together with the launcher's later C2 thresholds, ready 0.26-0.53 s sooner with a third to nearly half less CPU).
# The option is diagnostic, so it is used only when the JVM takes it.
no_profiles="-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining"
java_version() { # OPTION...: the output of java -version with those options, nothing when it refuses them
  if [ -n "$image" ]; then
    "$podman" run --rm --network=none --entrypoint java "$image" "$@" -version 2>&1 || true
  else
    "$java" "$@" -version 2>&1 || true
  fi
}
# shellcheck disable=SC2086 # the options are words
version=$(java_version $no_profiles)
if ! grep -q ' version "' <<<"$version"; then
  no_profiles=
  version=$(java_version)
fi
if [ -n "$image" ]; then
  where="the image $image"
else
  where=$java
fi
major=$(sed -n 's/.* version "\([0-9]*\).*/\1/p' <<<"$version" | head -n 1)
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
  echo "build-aot-cache: $where has Java ${major:-?}; the ahead-of-time cache needs 25 or newer" >&2
  exit 3
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
container=event-router-aot-training-$$
cleanup() {
  if [ -n "$image" ]; then
    "$podman" rm --force --time 0 "$container" >/dev/null 2>&1 || true
  elif [ -n "$router" ] && kill -0 "$router" 2>/dev/null; then
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

quiet_aot_log="-Xlog:aot=off,cds=off -Xlog:aot=error,cds=error:stderr"
router_arguments=(--log-level error --shutdown-grace 0s)
if [ -n "$image" ]; then
  # The image's own entrypoint, with the output option added through the environment; the cache is written into
  # a directory of this run that the image's (non-root) user may write. A memory limit keeps the heap under 4 GiB as
  # when deployed (the same compressed-reference mode); the cache's assembly, a second JVM, needs room beside it.
  mkdir -m 1777 "$work/aot"
  chmod 644 "$work/config.yaml"
  "$podman" run --detach --name "$container" --network=host --memory=1g \
    --env JAVA_TOOL_OPTIONS="-XX:AOTCacheOutput=/aot/cache.aot $quiet_aot_log $no_profiles" \
    --volume "$work/config.yaml:/etc/vmware-event-router/config:ro" --volume "$work/aot:/aot" \
    "$image" --config /etc/vmware-event-router/config "${router_arguments[@]}" >/dev/null
else
  # shellcheck disable=SC2086 # the log options are words
  (cd "$work" && exec "$java" "$@" -XX:AOTCacheOutput="$output" $quiet_aot_log $no_profiles \
    -jar "$jar" --config "$work/config.yaml" "${router_arguments[@]}" >"$work/router.log" 2>&1) &
  router=$!
fi
running() {
  if [ -n "$image" ]; then
    [ "$("$podman" inspect --format '{{.State.Running}}' "$container" 2>/dev/null)" = true ]
  else
    kill -0 "$router" 2>/dev/null
  fi
}
output_of_run() {
  if [ -n "$image" ]; then
    "$podman" logs "$container" 2>&1 || true
  else
    cat "$work/router.log"
  fi
}

get() { # PORT PATH: the HTTP status of a GET on the loopback, or nothing
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 0
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
  head -n 1 <&3 | cut -d' ' -f2
  exec 3<&-
}
up=
for _ in $(seq 1 600); do
  running || break
  if [ "$(get "$metrics" /healthz 2>/dev/null)" = 200 ]; then
    up=1
    break
  fi
  sleep 0.1
done
if [ -z "$up" ]; then
  echo "build-aot-cache: the training run did not come up; its output:" >&2
  output_of_run >&2
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
# SIGTERM ends the JVM through its shutdown hooks (143); the cache is written on the way out.
status=0
if [ -n "$image" ]; then
  "$podman" stop --time 300 "$container" >/dev/null
  status=$("$podman" inspect --format '{{.State.ExitCode}}' "$container")
  [ -s "$work/aot/cache.aot" ] && mv "$work/aot/cache.aot" "$output"
else
  kill -TERM "$router"
  wait "$router" || status=$?
  router=
fi
if [ ! -s "$output" ]; then
  echo "build-aot-cache: no cache written (exit $status); the training run's output:" >&2
  output_of_run >&2
  exit 1
fi
