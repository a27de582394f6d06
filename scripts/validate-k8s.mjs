// Checks Kubernetes manifests against the Kubernetes API schemas, offline: each YAML document becomes an object of
// the kubernetes-models class for its apiVersion and kind (the Prometheus Operator's for monitoring.coreos.com), and
// that class validates it. Prints one line per document; exits 1 when one is invalid or of an unknown kind.
// Like kubeconform without -strict, it does not catch unknown fields.
//
// Usage: node scripts/validate-k8s.mjs TOOLS_DIR FILE... (- for stdin); TOOLS_DIR is what scripts/k8s-tools.sh prints.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tools, ...files] = process.argv.slice(2);
if (!tools || files.length === 0) {
  console.error('usage: validate-k8s.mjs TOOLS_DIR FILE... (- for stdin)');
  process.exit(2);
}
const YAML = createRequire(join(tools, 'package.json'))('yaml');

// kubernetes-models lays its classes out as <group>/<version>/<Kind>.js, the core group as v1/<Kind>.js.
function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const packageDir = group === 'monitoring.coreos.com'
    ? join(tools, 'node_modules', '@kubernetes-models', 'prometheus-operator')
    : join(tools, 'node_modules', 'kubernetes-models');
  return join(packageDir, group === '' ? version : group, group === '' ? '' : version, `${kind}.js`);
}

let failed = false;
for (const file of files) {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  for (const document of YAML.parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      console.log(`invalid YAML in ${file}: ${document.errors[0].message}`);
      failed = true;
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) {
      continue; // an empty document, e.g. after a leading ---
    }
    const name = `${object.kind}/${object.metadata?.name ?? '?'}`;
    let Model;
    try {
      Model = Object.values(await import(pathToFileURL(modulePath(object.apiVersion, object.kind)).href))[0];
    } catch {
      console.log(`unknown ${object.apiVersion} ${object.kind} (${name}) in ${file}`);
      failed = true;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok ${object.apiVersion} ${name}`);
    } catch (error) {
      console.log(`invalid ${object.apiVersion} ${name} in ${file}: ${error.message.replace(/\s+/g, ' ')}`);
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
