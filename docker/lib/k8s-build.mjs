// The kustomize build that docker/validate.sh needs, with no kustomize binary: the
// resources of a kustomization.yaml (files and nested kustomizations) and its `images`
// transformer. Every other field of a kustomization is refused rather than ignored, so
// that a kustomization this builder cannot build the way kustomize does fails the check
// instead of passing it; docker/validate.d/60-kubernetes.sh also compares the result with
// `kubectl kustomize` where kubectl is installed.
//
//   import { buildKustomization } from './k8s-build.mjs';
//   const objects = buildKustomization('docker/k8s/base'); // [{ apiVersion, kind, ... }]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'images']);

/** The documents of a YAML file, empty ones left out; a syntax error throws. */
export function readYamlDocuments(file) {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter((object) => object !== null && object !== undefined);
}

/** The kustomization file of a directory (kustomize's three names), or null. */
export function kustomizationFile(dir) {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The pod specs of a workload, where kustomize's image transformer looks. */
export function podSpecs(object) {
  const spec = object?.spec;
  if (!spec) return [];
  if (object.kind === 'Pod') return [spec];
  if (object.kind === 'CronJob') return spec.jobTemplate?.spec?.template?.spec ? [spec.jobTemplate.spec.template.spec] : [];
  return spec.template?.spec ? [spec.template.spec] : [];
}

/** The containers and init containers of a workload. */
export function containersOf(object) {
  return podSpecs(object).flatMap((pod) => [...(pod.initContainers ?? []), ...(pod.containers ?? [])]);
}

/** `name`, `name:tag`, `name@digest`, `registry:5000/name:tag` -> name. */
export function imageName(image) {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

function applyImages(objects, images, where) {
  for (const rule of images) {
    const unknown = Object.keys(rule).filter((key) => !['name', 'newName', 'newTag', 'digest'].includes(key));
    if (unknown.length > 0) throw new Error(`${where}: images field ${unknown.join(', ')} is not supported by docker/lib/k8s-build.mjs`);
    for (const container of objects.flatMap(containersOf)) {
      if (typeof container.image !== 'string' || imageName(container.image) !== rule.name) continue;
      const name = rule.newName ?? rule.name;
      const old = container.image.slice(imageName(container.image).length);
      const suffix = rule.digest ? `@${rule.digest}` : rule.newTag !== undefined ? `:${rule.newTag}` : old;
      container.image = `${name}${suffix}`;
    }
  }
}

/** Every object the kustomization in `dir` produces, in resource order. */
export function buildKustomization(dir) {
  const file = kustomizationFile(dir);
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const [kustomization] = readYamlDocuments(file);
  const unsupported = Object.keys(kustomization ?? {}).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) {
    throw new Error(`${file}: ${unsupported.join(', ')} not supported by docker/lib/k8s-build.mjs (supported: ${[...SUPPORTED].join(', ')})`);
  }
  const objects = [];
  for (const resource of kustomization.resources ?? []) {
    if (/^[a-z]+:\/\//.test(resource)) throw new Error(`${file}: remote resource ${resource} is not supported`);
    const path = join(dirname(file), resource);
    if (!existsSync(path)) throw new Error(`${file}: resource ${resource} does not exist`);
    objects.push(...(statSync(path).isDirectory() ? buildKustomization(path) : readYamlDocuments(path)));
  }
  applyImages(objects, kustomization.images ?? [], file);
  return objects;
}
