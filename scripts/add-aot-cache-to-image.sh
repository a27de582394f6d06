#!/usr/bin/env bash
# Puts the JVM's ahead-of-time cache into the container image Jib built: loads INPUT (a docker-archive), makes the
# cache with a training run of that very image (scripts/build-aot-cache.sh --image: its java, class path and JVM
# options), and writes OUTPUT, a docker-archive of the same image plus one layer with the cache at
# /app/aot/event-router.aot and -XX:AOTCache in its entrypoint, named TAG. A base older than Java 25 cannot use a
# cache: OUTPUT is then INPUT, renamed TAG. A failed training run fails the build.
#
# Usage: scripts/add-aot-cache-to-image.sh --input FILE --output FILE --tag NAME:TAG
# Needs podman (scripts/podman.sh); no registry.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
podman=$HERE/podman.sh
CACHE=/app/aot/event-router.aot

input=
output=
tag=
while [ $# -gt 0 ]; do
  case "$1" in
    --input) input=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    *) echo "add-aot-cache-to-image: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$input" ] && [ -n "$output" ] && [ -n "$tag" ] || {
  echo "usage: $0 --input FILE --output FILE --tag NAME:TAG" >&2; exit 2; }
start=$(date +%s)

work=$(mktemp -d)
source=
# The archives are the products: the loaded and built copies would only pile up in podman's storage (the trained
# image is removed before the one it was built on).
cleanup() {
  "$podman" rmi --force "$tag" >/dev/null 2>&1 || true
  [ -z "$source" ] || "$podman" rmi --force "$source" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

loaded=$("$podman" load --quiet --input "$input")
source=$("$podman" image inspect --format '{{.Id}}' "${loaded##* }")

status=0
"$HERE/build-aot-cache.sh" --image "$source" --output "$work/event-router.aot" || status=$?
if [ "$status" = 3 ]; then
  echo "add-aot-cache-to-image: the image carries no ahead-of-time cache" >&2
  "$podman" tag "$source" "$tag"
else
  [ "$status" = 0 ] || { echo "add-aot-cache-to-image: the training run failed (above)" >&2; exit 1; }
  # Jib's entrypoint is ["java", JVM options..., "-cp", ..., main class]: the cache goes first among the options.
  # Errors about it (a JVM that cannot map it starts without it) go to stderr; nothing else it says is logged.
  entrypoint=$("$podman" image inspect --format '{{json .Config.Entrypoint}}' "$source")
  trained=$(sed 's|^\["java",|["java","-XX:AOTCache='"$CACHE"'","-Xlog:aot=off,cds=off","-Xlog:aot=error,cds=error:stderr",|' \
    <<<"$entrypoint")
  [ "$trained" != "$entrypoint" ] || {
    echo "add-aot-cache-to-image: the image's entrypoint does not start with java: $entrypoint" >&2; exit 1; }
  cat > "$work/Containerfile" <<CONTAINERFILE
FROM $source
COPY --chmod=0444 event-router.aot $CACHE
ENTRYPOINT $trained
CONTAINERFILE
  "$podman" build --quiet --pull=never --tag "$tag" --file "$work/Containerfile" "$work" >/dev/null
fi
rm -f "$output"
"$podman" save --quiet --format docker-archive -o "$output" "$tag"
echo "add-aot-cache-to-image: $tag saved to $output ($(du -h "$output" | cut -f1), $(( $(date +%s) - start )) s)" >&2
