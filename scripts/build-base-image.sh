#!/usr/bin/env bash
# Builds the minimal JRE base image the tests put the router on, where no public image can be pulled:
#   a JRE jlink'd from the installed JDK with the modules jdeps finds in the router's jars,
#   the glibc libraries that JRE links to, copied from this host,
#   /etc/passwd and /etc/group with root and the image's user (nonroot, 65532),
#   /tmp (1777) and /var/lib/event-router (the working directory for checkpoints, owned by 65532),
# imported into podman and saved as a docker-archive, the format Jib reads a tar:// base from.
#
# Usage: scripts/build-base-image.sh --jars DIR [--jars DIR]... --output FILE [--tag NAME:TAG]
# Needs a JDK >= 21 with jlink and jdeps (found as the launchers find java), podman, ldd and GNU tar.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)

jars=()
output=
tag=
while [ $# -gt 0 ]; do
  case "$1" in
    --jars) jars+=("$2"); shift 2 ;;
    --output) output=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    *) echo "build-base-image: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ ${#jars[@]} -gt 0 ] && [ -n "$output" ] || { echo "usage: $0 --jars DIR... --output FILE [--tag NAME:TAG]" >&2; exit 2; }

. "$HERE/find-java.sh"
for tool in jlink jdeps; do
  [ -x "$JAVA_HOME/bin/$tool" ] || { echo "build-base-image: $JAVA_HOME has no $tool (a JDK is needed, not a JRE)" >&2; exit 1; }
done
feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
tag=${tag:-localhost/event-router-jre:$feature}
start=$(date +%s)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
classpath=()
for dir in "${jars[@]}"; do
  classpath+=("$dir"/*.jar)
done

# Modules: what the jars use, as jdeps sees it. --ignore-missing-deps: optional dependencies of libraries (e.g.
# logback's Janino support) are absent on purpose.
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release "$feature" -q \
  --class-path "$(IFS=:; echo "${classpath[*]}")" "${classpath[@]}")
echo "build-base-image: modules $modules" >&2

rootfs=$work/rootfs
mkdir -p "$rootfs/opt/java" "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/lib/event-router" "$rootfs/etc/vmware-event-router"
# The same JAVA_HOME as the eclipse-temurin images, so both bases behave alike.
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --generate-cds-archive --output "$rootfs/opt/java/openjdk" >/dev/null
jre=$rootfs/opt/java/openjdk
# java.desktop comes along for java.beans (Jackson, SnakeYAML); its X11 and sound libraries are never loaded by a
# headless server and would need X11 and ALSA from the host: leave them out.
rm -f "$jre"/lib/libawt_xawt.so "$jre"/lib/libjawt.so "$jre"/lib/libjsound.so "$jre"/lib/libsplashscreen.so
# The archive for heaps over 32 GB (no compressed oops) is 14 MB that a router never uses.
rm -f "$jre"/lib/server/classes_nocoops.jsa

# Host libraries the JRE links to (glibc: libc, libm, libdl, libpthread, librt and the loader). The JRE's own
# libraries find libjvm.so because the launcher loaded it first: give ldd the same view.
links=$(find "$jre" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  -exec env LD_LIBRARY_PATH="$jre/lib/server:$jre/lib" ldd {} \; 2>/dev/null)
if grep 'not found' <<<"$links"; then
  echo "build-base-image: a JRE library needs a host library that is not installed (above)" >&2
  exit 1
fi
libraries=$(awk '/=> \// {print $3} /^\t\/lib/ {print $1}' <<<"$links" | grep -v "^$jre" | sort -u)
for library in $libraries; do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
  > "$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$rootfs/etc/group"
chmod 1777 "$rootfs/tmp"

# Everything owned by root but the working directory, which the user may write when no volume is mounted there
# (and which a new podman volume copies its owner from).
tar -C "$rootfs" --numeric-owner --owner=0 --group=0 --exclude=./var/lib/event-router -cf "$work/rootfs.tar" .
tar -C "$rootfs" --numeric-owner --owner=65532 --group=65532 -rf "$work/rootfs.tar" ./var/lib/event-router

"$HERE/podman.sh" import --quiet \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/bin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["java","-version"]' \
  "$work/rootfs.tar" "$tag" >/dev/null
mkdir -p "$(dirname "$output")"
rm -f "$output"
"$HERE/podman.sh" save --quiet --format docker-archive -o "$output" "$tag"
# The archive is the product; the imported copy would only pile up in podman's storage with each build.
"$HERE/podman.sh" rmi --force "$tag" >/dev/null
echo "build-base-image: $tag saved to $output ($(du -h "$output" | cut -f1), $(( $(date +%s) - start )) s)" >&2
