#!/usr/bin/env bash
# podman with the project's containers.conf (unless CONTAINERS_CONF is already set): the image tests and the base
# image script call podman through this, so a machine needs no /etc/containers/containers.conf of its own.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$HERE/containers.conf}
exec podman "$@"
