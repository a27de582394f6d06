#!/usr/bin/env bash
# Regenerates the vim25 event schema bundled with the vSphere provider
# (vsphere/src/main/resources/io/eventrouter/vsphere/events/vim25-event-schema.json)
# from the full schema that build-vcsim.sh writes (vim25-types.json: govmomi 0.24.2 = vSphere API 7.0U1).
#
# Usage: tools/vcsim/generate-event-schema.sh [VIM25_TYPES_JSON]
#        default input: $VCSIM_BIN/vim25-types.json, else ~/.cache/event-router/vcsim-bin/vim25-types.json
#        (run tools/vcsim/build-vcsim.sh ~/.cache/event-router/vcsim-bin first if it is missing)
# Needs: jq (apt-get install jq).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
IN=${1:-${VCSIM_BIN:-$HOME/.cache/event-router/vcsim-bin}/vim25-types.json}
OUT="$ROOT/vsphere/src/main/resources/io/eventrouter/vsphere/events/vim25-event-schema.json"
[ -s "$IN" ] || { echo "generate-event-schema: no $IN (run tools/vcsim/build-vcsim.sh first)" >&2; exit 1; }
jq -r -f "$HERE/event-schema.jq" "$IN" > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "generate-event-schema: $(jq length "$OUT") types -> $OUT" >&2
