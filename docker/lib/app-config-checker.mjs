// The deployment files against the app itself (docker/validate.d/70-app-config.sh): every
// variable that compose and docker/k8s give the app's processes is one its config schema
// declares (src/config/environment-variables.ts, through the class-validator metadata that
// loadConfig reads), every such environment passes loadConfig, and the probe paths, ports,
// metrics path and shutdown times agree with the app's routes and its effective config.
// Reads the built app (dist/), which the validator builds when it is missing or stale.
// Prints "ok <text>" / "fail <text>" lines (run_checker).
//
//   node docker/lib/app-config-checker.mjs <rendered compose model> docker/k8s/base docker/k8s/secret.template.yaml
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { buildKustomization, containersOf, imageName, podSpecs, readYamlDocuments } from './k8s-build.mjs';

const [composePath, k8sBase, secretPath] = process.argv.slice(2);
const check = (cond, text) => console.log(`${cond ? 'ok' : 'fail'} ${text.replace(/\n/g, ' ')}`);
const dist = (path) => import(pathToFileURL(`dist/src/${path}`).href);

const { environmentVariableNames, SECRET_VARIABLES } = await dist('config/environment-variables.js');
const { loadConfig } = await dist('config/load-config.js');
const { HealthController } = await dist('platform/health/health.controller.js');
const { MetricsController } = await dist('platform/metrics/metrics.controller.js');

const schema = new Set(environmentVariableNames());
check(schema.size > 0, `the app's config schema: ${schema.size} variables (dist/src/config/environment-variables.js)`);

// The GET routes of the probes and the metrics, from the controllers' Nest metadata.
const join = (...parts) => `/${parts.flatMap((p) => String(p).split('/')).filter(Boolean).join('/')}`;
const routesOf = (controller) => Object.getOwnPropertyNames(controller.prototype)
  .map((name) => controller.prototype[name])
  .filter((handler) => typeof handler === 'function' && Reflect.getMetadata('path', handler) !== undefined
    && Reflect.getMetadata('method', handler) === 0) // RequestMethod.GET
  .map((handler) => join(Reflect.getMetadata('path', controller), Reflect.getMetadata('path', handler)));
const probeRoutes = new Set(routesOf(HealthController));
const [metricsPath] = routesOf(MetricsController);
check(probeRoutes.has('/health/live') && probeRoutes.has('/health/ready') && metricsPath === '/metrics',
  `the app's probe routes (${[...probeRoutes].join(', ')}) and metrics route (${metricsPath})`);

/** loadConfig's answer for an environment: { config } or { problems }. */
function configFor(env) {
  try {
    return { config: loadConfig(env) };
  } catch (error) {
    return { problems: error.problems ?? [error.message] };
  }
}
const unknownNames = (env) => Object.keys(env).filter((name) => !schema.has(name));

// --- compose ---------------------------------------------------------------------------
const compose = parse(readFileSync(composePath, 'utf8'))?.services ?? {};
const composeConfigs = {};
for (const name of ['migrate', 'api', 'worker']) {
  const service = compose[name] ?? {};
  const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v ?? '')]));
  // api and worker read METRICS_TOKEN from the token file in their command.
  if ((service.command ?? []).join(' ').includes('METRICS_TOKEN')) env.METRICS_TOKEN = 'validate-only-metrics-token';
  const unknown = unknownNames(env);
  check(Object.keys(env).length > 0 && unknown.length === 0,
    `compose ${name}: every variable is in the config schema${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`);
  const { config, problems } = configFor(env);
  check(config !== undefined, `compose ${name}: its environment passes the app's config check${problems ? `: ${problems.join('; ')}` : ''}`);
  composeConfigs[name] = config;
}
const healthPath = (test) => (JSON.stringify(test ?? '').match(/\/health[\w/]*/) ?? [])[0];
for (const name of ['api', 'worker']) {
  const config = composeConfigs[name];
  const path = healthPath(compose[name]?.healthcheck?.test);
  check(path === '/health/ready' && probeRoutes.has(path), `compose ${name}: the healthcheck probes ${path}, the app's readiness route`);
  const grace = Number(String(compose[name]?.stop_grace_period ?? '10s').replace(/s$/, '')) * 1000;
  check(config !== undefined && grace > config.http.shutdownTimeoutMs,
    `compose ${name}: stop_grace_period (${grace} ms) is above SHUTDOWN_TIMEOUT_MS (${config?.http.shutdownTimeoutMs} ms)`);
}
const apiPorts = (compose.api?.ports ?? []).map((p) => Number(typeof p === 'object' ? p.target : String(p).split(':').pop()));
check(composeConfigs.api !== undefined && apiPorts.includes(composeConfigs.api.http.port),
  `compose api: publishes the port the app listens on (PORT ${composeConfigs.api?.http.port})`);
const dockerfileProbe = (readFileSync('docker/Dockerfile', 'utf8').match(/^HEALTHCHECK[\s\S]*?\/health[\w/]*/m) ?? [''])[0].match(/\/health[\w/]*/)?.[0];
check(dockerfileProbe === '/health/live' && probeRoutes.has(dockerfileProbe), `Dockerfile: the HEALTHCHECK probes ${dockerfileProbe}, the app's liveness route`);
const prometheus = parse(readFileSync('docker/prometheus/prometheus.yml', 'utf8'));
for (const job of (prometheus.scrape_configs ?? []).filter((j) => /^process-todo-/.test(j.job_name))) {
  const targets = (job.static_configs ?? []).flatMap((c) => c.targets ?? []);
  const port = composeConfigs.api?.http.port;
  check((job.metrics_path ?? '/metrics') === metricsPath && targets.every((t) => Number(t.split(':')[1]) === port),
    `prometheus.yml ${job.job_name}: scrapes ${metricsPath} on the app's port ${port} (${targets.join(', ')})`);
}

// --- docker/k8s --------------------------------------------------------------------------
const objects = buildKustomization(k8sBase);
const secret = readYamlDocuments(secretPath)[0] ?? {};
const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, o.data ?? {}]));
// Values for the Secret's keys that the schema accepts: the deployment's own values are
// checked here, the secrets' are the operator's.
const THROWAWAY = {
  DATABASE_URL: 'postgres://validate:validate@db.invalid:5432/validate',
  REDIS_URL: 'redis://redis.invalid:6379',
  JWT_SECRET: 'validate-only-jwt-secret-not-a-secret-0123456789',
  METRICS_TOKEN: 'validate-only-metrics-token',
  ADMIN_EMAIL: 'admin@example.invalid',
  ADMIN_PASSWORD: 'validate-only-admin-password',
};
const secretPlaceholders = { ...(secret.stringData ?? {}) };
/** The environment of a container: its ConfigMaps, then its env (secrets from `secrets`). */
function environmentOf(container, secrets) {
  const env = {};
  for (const from of container.envFrom ?? []) Object.assign(env, configMaps.get(from.configMapRef?.name) ?? {});
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) env[e.name] = secrets[ref.key] ?? '';
    else env[e.name] = String(e.value ?? '');
  }
  return env;
}
const ports = (c) => new Map((c.ports ?? []).map((p) => [p.name, p.containerPort]));
const portOf = (c, port) => (typeof port === 'number' ? port : ports(c).get(port));
const secondsOf = (command) => Number((command ?? []).join(' ').match(/^sleep (\d+)$/)?.[1] ?? NaN);

for (const name of [...configMaps.keys()]) {
  const keys = Object.keys(configMaps.get(name));
  const unknown = keys.filter((k) => !schema.has(k));
  const secrets = keys.filter((k) => SECRET_VARIABLES.has(k));
  check(unknown.length === 0, `ConfigMap ${name}: every key is in the config schema${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`);
  check(secrets.length === 0, `ConfigMap ${name}: holds no secret (SECRET_VARIABLES)${secrets.length ? `: ${secrets.join(', ')}` : ''}`);
}
for (const workload of objects.filter((o) => ['Deployment', 'Job', 'CronJob'].includes(o.kind))) {
  const pod = podSpecs(workload)[0] ?? {};
  for (const container of containersOf(workload).filter((c) => imageName(c.image ?? '') === 'process-todo-api' && !(pod.initContainers ?? []).includes(c))) {
    const where = `${workload.kind}/${workload.metadata.name} ${container.name}`;
    const env = environmentOf(container, THROWAWAY);
    const unknown = unknownNames(env);
    check(unknown.length === 0, `${where}: every variable is in the config schema${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`);
    const plain = (container.env ?? []).filter((e) => SECRET_VARIABLES.has(e.name) && !e.valueFrom?.secretKeyRef).map((e) => e.name);
    check(plain.length === 0, `${where}: every secret variable comes from the Secret${plain.length ? ` (not: ${plain.join(', ')})` : ''}`);
    const { config, problems } = configFor(env);
    check(config !== undefined, `${where}: its environment (ConfigMap, env, the Secret's keys) passes the app's config check${problems ? `: ${problems.join('; ')}` : ''}`);
    if (!config || workload.kind !== 'Deployment') continue;
    const httpPort = ports(container).get('http');
    check(httpPort === config.http.port, `${where}: containerPort http (${httpPort}) is the port the app listens on (PORT ${config.http.port})`);
    const probes = { startupProbe: ['/health/live', '/health/ready'], livenessProbe: ['/health/live'], readinessProbe: ['/health/ready'] };
    for (const [probe, paths] of Object.entries(probes)) {
      const get = container[probe]?.httpGet;
      check(get !== undefined && paths.includes(get.path) && probeRoutes.has(get.path) && portOf(container, get.port) === config.http.port,
        `${where}: ${probe} GETs ${get?.path} on port ${get?.port}, the app's ${paths.join(' or ')} on PORT ${config.http.port}`);
    }
    const timeout = (container.readinessProbe?.timeoutSeconds ?? 1) * 1000;
    check(timeout > config.health.checkTimeoutMs,
      `${where}: readiness timeout (${timeout} ms) is above HEALTH_CHECK_TIMEOUT_MS (${config.health.checkTimeoutMs} ms), so that a slow check answers 503`);
    const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? secondsOf(container.lifecycle?.preStop?.exec?.command);
    const grace = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
    const needed = preStop * 1000 + config.http.shutdownDelayMs + config.http.shutdownTimeoutMs;
    check(Number.isFinite(preStop) && grace > needed,
      `${where}: terminationGracePeriodSeconds (${grace} ms) is above preStop (${preStop * 1000} ms) + SHUTDOWN_DELAY_MS (${config.http.shutdownDelayMs}) + SHUTDOWN_TIMEOUT_MS (${config.http.shutdownTimeoutMs})`);
  }
}
for (const service of objects.filter((o) => o.kind === 'Service' && o.metadata?.annotations?.['prometheus.io/scrape'] === 'true')) {
  const a = service.metadata.annotations;
  const app = /process-todo-(api|worker)$/.test(service.metadata.name);
  if (!app) continue;
  check(a['prometheus.io/path'] === metricsPath && Number(a['prometheus.io/port']) === composeConfigs.api?.http.port,
    `Service/${service.metadata.name}: prometheus.io/path ${a['prometheus.io/path']} and port ${a['prometheus.io/port']} are the app's metrics route and port`);
}
// The Secret template as it is: the app refuses to start on its placeholders, each variable
// it can check named (METRICS_TOKEN takes any string: replace it too).
const api = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === 'process-todo-api');
const apiContainer = (api?.spec?.template?.spec?.containers ?? [])[0] ?? {};
const { problems } = configFor(environmentOf(apiContainer, secretPlaceholders));
const refused = ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'];
const named = refused.filter((name) => (problems ?? []).some((p) => p.startsWith(`${name}:`)));
check(named.length === refused.length,
  `secret.template.yaml as it is: the api refuses to start, naming ${named.join(', ') || 'nothing'}${named.length < refused.length ? ` (accepted: ${refused.filter((n) => !named.includes(n)).join(', ')})` : ''}`);
