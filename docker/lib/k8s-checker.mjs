// The project rules for docker/k8s (docker/validate.d/60-kubernetes.sh): the kustomization
// builds, every object is valid against the Kubernetes API schemas (kubernetes-models) and
// has no field the API does not know (k8s-fields.mjs), and the manifests hold together and
// keep the deployment rules of the issue "Deployment and operations". Prints "ok <text>",
// "fail <text>" and "skip <text>" lines, which docker/validate.sh counts (run_checker).
//
//   node docker/lib/k8s-checker.mjs docker/k8s/base docker/k8s/secret.template.yaml \
//     <rendered compose model> [<kubectl kustomize output>]
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { buildKustomization, containersOf, imageName, podSpecs, readYamlDocuments } from './k8s-build.mjs';
import { modelModule, unknownFields } from './k8s-fields.mjs';

const [baseDir, secretPath, composePath, kubectlOut] = process.argv.slice(2);
const check = (cond, text) => console.log(`${cond ? 'ok' : 'fail'} ${text.replace(/\n/g, ' ')}`);
const skip = (text) => console.log(`skip ${text}`);
const id = (o) => `${o?.kind}/${o?.metadata?.name}`;

let objects;
try {
  objects = buildKustomization(baseDir);
  check(objects.length > 0, `${baseDir} builds: ${objects.length} objects (${[...new Set(objects.map((o) => o.kind))].join(', ')})`);
} catch (error) {
  check(false, `${baseDir} does not build: ${error.message}`);
  process.exit(0);
}

// --- the build, as kustomize does it -------------------------------------------------
const key = (o) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ''} ${o.metadata?.name}`;
// Key order aside (kubectl sorts the keys of every map).
const sorted = (v) => (Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object'
  ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
const canonical = (list) => JSON.stringify([...list].sort((a, b) => key(a).localeCompare(key(b))).map(sorted));
if (kubectlOut) {
  const theirs = readYamlDocuments(kubectlOut);
  check(canonical(theirs) === canonical(objects),
    `kubectl kustomize builds the same ${theirs.length} objects as docker/lib/k8s-build.mjs`
    + (canonical(theirs) === canonical(objects) ? '' : ` (only kubectl's: ${theirs.map(key).filter((k) => !objects.map(key).includes(k)).join('; ') || 'none, contents differ'})`));
} else {
  skip('kubectl kustomize: no kubectl on PATH; the build is docker/lib/k8s-build.mjs alone');
}
const names = objects.map(key);
check(new Set(names).size === names.length, 'no two objects have the same kind and name');

// --- the Kubernetes API schemas --------------------------------------------------------
const secretTemplate = readYamlDocuments(secretPath)[0];
const all = [...objects, secretTemplate];
const version = JSON.parse(readFileSync(new URL(import.meta.resolve('kubernetes-models/package.json')), 'utf8')).version;
for (const object of all) {
  let problem = null;
  try {
    const Model = (await import(modelModule(object.apiVersion, object.kind)))[object.kind];
    new Model(object).validate();
  } catch (error) {
    problem = error.code === 'ERR_MODULE_NOT_FOUND' || error instanceof TypeError ? `kubernetes-models has no ${object.apiVersion} ${object.kind}` : error.message;
  }
  check(problem === null, `${id(object)}: valid against the Kubernetes API schema (kubernetes-models ${version})${problem ? `: ${problem}` : ''}`);
}
unknownFields(all).forEach((problems, i) => {
  check(problems.length === 0, `${id(all[i])}: every field is one the API has${problems.length ? `: ${problems.join('; ')}` : ''}`);
});

// --- what the manifests must say -------------------------------------------------------
const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const workloads = objects.filter((o) => ['Deployment', 'Job', 'CronJob'].includes(o.kind));
const podTemplate = (o) => (o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template);
const APP_IMAGE = 'process-todo-api';
const isApp = (c) => imageName(c.image ?? '') === APP_IMAGE;
const api = find('Deployment', 'process-todo-api');
const worker = find('Deployment', 'process-todo-worker');
const migrate = find('Job', 'process-todo-migrate');
const backup = find('CronJob', 'process-todo-backup');
for (const [what, object] of [['the api Deployment', api], ['the worker Deployment', worker], ['the migration Job', migrate],
  ['the backup CronJob', backup], ['the api Service', find('Service', 'process-todo-api')],
  ['the HorizontalPodAutoscaler', find('HorizontalPodAutoscaler', 'process-todo-api')],
  ['the PodDisruptionBudget', find('PodDisruptionBudget', 'process-todo-api')],
  ['the ConfigMap', find('ConfigMap', 'process-todo-config')],
  ['the postgres-exporter Deployment', find('Deployment', 'process-todo-postgres-exporter')],
  ['the redis-exporter Deployment', find('Deployment', 'process-todo-redis-exporter')]]) {
  check(object !== undefined, `${what} is in the build`);
}
check(!objects.some((o) => o.kind === 'Secret'), 'no Secret in the build: `kubectl apply -k` never overwrites the real one (secret.template.yaml stays out)');

// Every pod: non-root, no privilege, read-only root, no service account token, resources.
for (const w of workloads) {
  const pod = podSpecs(w)[0] ?? {};
  const sc = pod.securityContext ?? {};
  check(sc.runAsNonRoot === true && sc.seccompProfile?.type === 'RuntimeDefault' && pod.automountServiceAccountToken === false,
    `${id(w)}: pod runs as non-root, seccomp RuntimeDefault, no service account token`);
  for (const c of containersOf(w)) {
    const csc = c.securityContext ?? {};
    check(csc.allowPrivilegeEscalation === false && csc.readOnlyRootFilesystem === true
      && JSON.stringify(csc.capabilities?.drop) === '["ALL"]' && csc.privileged !== true && csc.runAsUser !== 0,
      `${id(w)} ${c.name}: no privilege escalation, read-only root filesystem, every capability dropped`);
    const r = c.resources ?? {};
    check(Boolean(r.requests?.cpu && r.requests?.memory && r.limits?.memory),
      `${id(w)} ${c.name}: requests cpu and memory, limits memory`);
    const tag = /[@:]/.test((c.image ?? '').slice(imageName(c.image ?? '').length)) ? (c.image.includes('@') ? 'digest' : c.image.split(':').pop()) : '';
    check(tag !== '' && tag !== 'latest', `${id(w)} ${c.name}: image pinned (${c.image})`);
    // The app's processes (an init container that only copies a file writes nothing).
    if (isApp(c) && !(pod.initContainers ?? []).includes(c)) {
      const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
      const volume = (pod.volumes ?? []).find((v) => v.name === tmp?.name);
      check(volume?.emptyDir !== undefined, `${id(w)} ${c.name}: /tmp is an emptyDir (the root filesystem is read-only)`);
    }
  }
  // Every volume a container mounts is declared, and every claim exists.
  for (const c of containersOf(w)) {
    for (const m of c.volumeMounts ?? []) {
      const v = (pod.volumes ?? []).find((vol) => vol.name === m.name);
      const claim = v?.persistentVolumeClaim?.claimName;
      check(v !== undefined && (!claim || find('PersistentVolumeClaim', claim) !== undefined),
        `${id(w)} ${c.name}: volume ${m.name} at ${m.mountPath} is declared${claim ? `, its claim ${claim} is in the build` : ''}`);
    }
  }
}

// The long-running app processes: probes, preStop, roles, replicas.
for (const [d, role] of [[api, 'api'], [worker, 'worker']]) {
  if (!d) continue;
  const c = (d.spec.template.spec.containers ?? []).find(isApp) ?? {};
  const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
  check(env.APP_ROLE === role && env.MIGRATIONS_RUN === 'false', `${id(d)}: APP_ROLE=${role}, MIGRATIONS_RUN=false (the Job migrates)`);
  check(c.startupProbe?.httpGet && c.livenessProbe?.httpGet && c.readinessProbe?.httpGet
    && c.livenessProbe.httpGet.path !== c.readinessProbe.httpGet.path,
    `${id(d)}: startup, liveness and readiness probes over HTTP, liveness and readiness on different paths`);
  check(Array.isArray(c.lifecycle?.preStop?.exec?.command) || c.lifecycle?.preStop?.sleep !== undefined,
    `${id(d)}: a preStop delay before SIGTERM`);
  const selector = d.spec.selector?.matchLabels ?? {};
  const labels = d.spec.template.metadata?.labels ?? {};
  check(Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v),
    `${id(d)}: its selector matches its pod template's labels`);
}
check(api?.spec?.replicas === 3 && api?.spec?.strategy?.rollingUpdate?.maxUnavailable === 0,
  `${id(api)}: 3 replicas, rolling update with maxUnavailable 0 (${api?.spec?.replicas})`);
const archiveClaim = (worker?.spec?.template?.spec?.volumes ?? []).find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
const archiveModes = find('PersistentVolumeClaim', archiveClaim)?.spec?.accessModes ?? [];
check(archiveModes.includes('ReadWriteMany') || (worker?.spec?.replicas === 1 && worker?.spec?.strategy?.type === 'Recreate'),
  `${id(worker)}: with a ReadWriteOnce archive volume, 1 replica and Recreate (${worker?.spec?.replicas}, ${worker?.spec?.strategy?.type})`);

// Services select the pods of one workload, on a port those pods name.
const podsOf = (selector) => workloads.filter((w) => {
  const labels = podTemplate(w)?.metadata?.labels ?? {};
  return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
});
for (const s of objects.filter((o) => o.kind === 'Service')) {
  const targets = podsOf(s.spec?.selector ?? {});
  const ports = targets.flatMap(containersOf).flatMap((c) => c.ports ?? []);
  const unmatched = (s.spec?.ports ?? []).filter((p) => !ports.some((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort));
  check(targets.length === 1 && unmatched.length === 0,
    `${id(s)}: selects ${targets.map(id).join(', ') || 'no workload'}, on ports its pods declare${unmatched.length ? ` (not declared: ${unmatched.map((p) => p.targetPort).join(', ')})` : ''}`);
  const a = s.metadata?.annotations ?? {};
  if (a['prometheus.io/scrape'] === 'true') {
    const port = Number(a['prometheus.io/port']);
    check(ports.some((cp) => cp.containerPort === port), `${id(s)}: prometheus.io/port ${a['prometheus.io/port']} is a port of its pods`);
  }
}

// The HPA scales the api Deployment from its replicas; the PDB keeps all but one.
const hpa = find('HorizontalPodAutoscaler', 'process-todo-api');
check(hpa?.spec?.scaleTargetRef?.kind === 'Deployment' && hpa?.spec?.scaleTargetRef?.name === api?.metadata?.name
  && hpa?.spec?.minReplicas === api?.spec?.replicas && hpa?.spec?.maxReplicas > hpa?.spec?.minReplicas,
  `${id(hpa)}: scales ${id(api)} from its ${api?.spec?.replicas} replicas up to ${hpa?.spec?.maxReplicas}`);
const pdb = find('PodDisruptionBudget', 'process-todo-api');
const pdbPods = podsOf(pdb?.spec?.selector?.matchLabels ?? {});
check(pdbPods.length === 1 && pdbPods[0] === api
  && (pdb.spec.maxUnavailable === 1 || (typeof pdb.spec.minAvailable === 'number' && pdb.spec.minAvailable < api.spec.replicas)),
  `${id(pdb)}: selects ${pdbPods.map(id).join(', ') || 'nothing'}, lets at most one pod go at a time`);

// The database's connections: every process's pool at once stays within 80 % of
// PostgreSQL's default max_connections (100), the PostgresConnectionsNearLimit threshold.
const configMap = find('ConfigMap', 'process-todo-config');
const poolSize = Number(configMap?.data?.DATABASE_POOL_SIZE ?? 10);
const processes = (hpa?.spec?.maxReplicas ?? 0) + (worker?.spec?.replicas ?? 0) + 1;
check(processes * poolSize <= 80,
  `(HPA maxReplicas + worker replicas + the migration) x DATABASE_POOL_SIZE = ${processes} x ${poolSize} <= 80 (80 % of max_connections 100)`);

// References: every configMapRef, secretKeyRef and claim resolves.
const secretKeys = Object.keys({ ...(secretTemplate.stringData ?? {}), ...(secretTemplate.data ?? {}) });
for (const w of workloads) {
  for (const c of containersOf(w)) {
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef) check(find('ConfigMap', from.configMapRef.name) !== undefined, `${id(w)} ${c.name}: ConfigMap ${from.configMapRef.name} is in the build`);
      if (from.secretRef) check(false, `${id(w)} ${c.name}: envFrom a whole Secret (name each key with secretKeyRef)`);
    }
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) {
        check(ref.name === secretTemplate.metadata?.name && secretKeys.includes(ref.key),
          `${id(w)} ${c.name}: ${e.name} from Secret ${ref.name} key ${ref.key}, which secret.template.yaml has`);
      }
    }
  }
}
const placeholders = Object.entries(secretTemplate.stringData ?? {}).filter(([, v]) => v !== 'REPLACE_ME');
check(secretTemplate.kind === 'Secret' && !secretTemplate.data && placeholders.length === 0,
  `secret.template.yaml: every value is the placeholder REPLACE_ME${placeholders.length ? ` (not: ${placeholders.map(([k]) => k).join(', ')})` : ''}`);

// The migration Job runs what compose's migrate service runs, in the app's image.
const compose = parse(readFileSync(composePath, 'utf8'))?.services ?? {};
const migrateContainer = (migrate?.spec?.template?.spec?.containers ?? [])[0] ?? {};
check(isApp(migrateContainer) && JSON.stringify(migrateContainer.command) === JSON.stringify(compose.migrate?.command)
  && migrate?.spec?.template?.spec?.restartPolicy === 'Never' && (migrate?.spec?.backoffLimit ?? 6) <= 3,
  `${id(migrate)}: the app's image runs compose's migrate command (${(migrateContainer.command ?? []).join(' ')}), restartPolicy Never, few retries`);

// The backup CronJob: scripts/backup.sh from the app's image, run by the postgres image,
// with only the variables the script reads, onto its volume.
const backupPod = podSpecs(backup)[0] ?? {};
const copy = (backupPod.initContainers ?? []).find(isApp);
const run = (backupPod.containers ?? [])[0] ?? {};
const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
const script = readFileSync('scripts/backup.sh', 'utf8');
const read = new Set([...script.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
check(/^WORKDIR \/app$/m.test(dockerfile) && /^COPY scripts\/\*\.sh \.\/scripts\/$/m.test(dockerfile)
  && JSON.stringify(copy?.command) === JSON.stringify(['cp', '/app/scripts/backup.sh', '/backup-script/backup.sh']),
  `${id(backup)}: an init container copies /app/scripts/backup.sh out of the app's image (the Dockerfile copies scripts/*.sh there)`);
check(imageName(run.image ?? '') === 'postgres' && JSON.stringify(run.command) === '["bash","/backup-script/backup.sh"]',
  `${id(backup)}: the postgres image (pg_dump) runs the script (${run.image})`);
const unread = (run.env ?? []).map((e) => e.name).filter((n) => !read.has(n));
check((run.env ?? []).length > 0 && unread.length === 0 && (run.env ?? []).some((e) => e.name === 'DATABASE_URL'),
  `${id(backup)}: its variables are ones scripts/backup.sh reads (${(run.env ?? []).map((e) => e.name).join(', ')})${unread.length ? `; not read: ${unread.join(', ')}` : ''}`);
const backupDir = (run.env ?? []).find((e) => e.name === 'BACKUP_DIR')?.value;
const dirMount = (run.volumeMounts ?? []).find((m) => m.mountPath === backupDir);
const dirVolume = (backupPod.volumes ?? []).find((v) => v.name === dirMount?.name);
check(dirVolume?.persistentVolumeClaim !== undefined && backup?.spec?.concurrencyPolicy === 'Forbid' && Boolean(backup?.spec?.schedule),
  `${id(backup)}: BACKUP_DIR ${backupDir} is a PersistentVolumeClaim; one run at a time (${backup?.spec?.schedule})`);

// The exporters: the images of the compose stack (same version), reading the Secret.
for (const [name, service] of [['process-todo-postgres-exporter', 'postgres-exporter'], ['process-todo-redis-exporter', 'redis-exporter']]) {
  const c = (find('Deployment', name)?.spec?.template?.spec?.containers ?? [])[0] ?? {};
  const ours = (c.image ?? '').replace(/-alpine$/, '');
  const theirs = (compose[service]?.image ?? '').replace(/-alpine$/, '');
  check(Boolean(ours) && ours === theirs, `${name}: ${c.image}, the version compose's ${service} runs (${compose[service]?.image})`);
}
