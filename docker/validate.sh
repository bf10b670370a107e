#!/usr/bin/env bash
# Checks the container files without a Docker engine, which the development
# and CI machines do not have (`docker build` and `docker compose up` cannot run
# there). Run from anywhere: `bash docker/validate.sh`. Exits non-zero when any
# check fails, after running them all.
#
#   docker/docker-compose.yml  Debian's docker-compose (Compose v1, 1.29) parses,
#                              schema-checks and interpolates it; it must refuse
#                              to render without POSTGRES_PASSWORD; then project
#                              rules on the rendered model (the Python block below).
#   docker/Dockerfile          dockerfile-utils, the linter of the Dockerfile
#                              language server that VS Code uses (Debian has no
#                              hadolint), then project rules on its syntax tree
#                              (dockerfile-ast, the same parser).
#   .dockerignore              keeps dependencies, build output, git and secrets
#                              out of the build context.
#   docker/prometheus/         promtool (Debian's prometheus package): check config
#                              (on a copy, beside a throwaway metrics token), check
#                              rules, test rules (alerts.test.yml); then project
#                              rules: every SPEC-ALERT-2 alert is there with its
#                              severity, duration and a P1..P4 priority, every alert
#                              fires in a test, every metric named is in
#                              metrics-contract.txt.
#   docker/grafana/            the provisioning files and the dashboard JSON parse
#                              and agree with the compose file; every panel queries
#                              a contract metric (directly or through a recording
#                              rule) and promtool parses every panel's PromQL.
#
# First run on a fresh machine installs docker-compose and promtool with apt-get
# (as root) and dockerfile-utils with npm into a cache folder outside the
# repository.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly REPO_ROOT="$PWD"
readonly COMPOSE_YML=docker/docker-compose.yml
readonly DOCKERFILE=docker/Dockerfile
readonly DOCKERIGNORE=.dockerignore
readonly PROM_DIR=docker/prometheus
readonly GRAFANA_DIR=docker/grafana
readonly CONTRACT=$PROM_DIR/metrics-contract.txt
readonly DOCKERFILE_UTILS_VERSION=0.16.3
readonly TOOLS_DIR="${DOCKER_VALIDATE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/process-todo/docker-validate}"

started_ns=$(date +%s%N)
passed=0
failed=0
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
die() { printf 'docker/validate.sh: %s\n' "$*" >&2; exit 2; }

# Temporary files and directories, removed on exit however the script ends.
# Each mktemp is added here by the top-level shell (not inside a $(...)
# subshell, whose additions would be lost).
cleanup=()
trap 'rm -rf -- ${cleanup[@]+"${cleanup[@]}"}' EXIT

# Runs a rule checker written in another language (its script on stdin) and
# counts the "ok <text>" / "fail <text>" lines it prints. Not in a pipeline, so
# that the counters stay in this shell; a crashed checker is a failure too.
run_checker() {
  local output rc=0 kind text
  output=$("$@" 2>&1) || rc=$?
  while IFS=' ' read -r kind text; do
    case "$kind" in
      ok) ok "$text" ;;
      fail) fail "$text" ;;
      '') ;;
      *) fail "checker: $kind $text" ;;
    esac
  done <<<"$output"
  [[ $rc -eq 0 ]] || fail "checker $1 exited with $rc"
}

# apt-get install, with an `apt-get update` and a second try when the package
# lists are missing or stale (a fresh CI image has none).
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

ensure_docker_compose() {
  command -v docker-compose >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "docker-compose is missing and there is no apt-get to install it"
  [[ $(id -u) -eq 0 ]] || die "docker-compose is missing; install it as root: apt-get install -y --no-install-recommends docker-compose"
  echo "installing docker-compose from Debian (apt-get)..."
  # --no-install-recommends: the package recommends docker.io, a whole engine
  # that cannot run here anyway.
  apt_install docker-compose
  command -v docker-compose >/dev/null 2>&1 || die "docker-compose is still missing after apt-get install"
}

# promtool ships in Debian's prometheus package, which is the server too: its
# postinst enables the service at boot and starts it, through invoke-rc.d (no
# systemd: /etc/init.d/prometheus, a daemon on :9090) or deb-systemd-invoke.
# Both ask /usr/sbin/policy-rc.d first and skip the start when it answers 101
# (what Debian's Docker images ship for the same reason); where there is none,
# one is put in place for the install and removed after it. The boot-time
# enabling is undone afterwards. --no-install-recommends keeps out
# prometheus-node-exporter, another daemon.
ensure_promtool() {
  command -v promtool >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "promtool is missing and there is no apt-get to install it"
  [[ $(id -u) -eq 0 ]] || die "promtool is missing; install it as root: apt-get install -y --no-install-recommends prometheus"
  echo "installing promtool from Debian (apt-get install prometheus, no daemon started)..."
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e $policy ]]; then
    cleanup+=("$policy") # removed on exit even if the install fails
    added_policy=1
    printf '#!/bin/sh\n# docker/validate.sh, while it installs promtool: start no service.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
  fi
  apt_install prometheus
  if [[ $added_policy -eq 1 ]]; then
    rm -f "$policy"
  fi
  update-rc.d prometheus disable >/dev/null 2>&1 || true
  deb-systemd-helper disable prometheus.service >/dev/null 2>&1 || true
  command -v promtool >/dev/null 2>&1 || die "promtool is still missing after apt-get install"
}

ensure_dockerfile_utils() {
  local have
  have=$(node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("") }' \
    "$TOOLS_DIR/node_modules/dockerfile-utils/package.json")
  [[ "$have" == "$DOCKERFILE_UTILS_VERSION" ]] && return 0
  echo "installing dockerfile-utils@$DOCKERFILE_UTILS_VERSION into $TOOLS_DIR (npm)..."
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "dockerfile-utils@$DOCKERFILE_UTILS_VERSION" >/dev/null
}

# A Python that has PyYAML: Debian's docker-compose depends on python3-yaml, so
# the system interpreter has it even where another python3 comes first on PATH.
yaml_python() {
  local py
  for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import yaml' 2>/dev/null; then
      echo "$py"
      return 0
    fi
  done
  return 1
}

# ---------------------------------------------------------------------------
section "tools"
command -v node >/dev/null 2>&1 || die "node is required"
command -v npm >/dev/null 2>&1 || die "npm is required"
ensure_docker_compose
ensure_promtool
ensure_dockerfile_utils
py=$(yaml_python) || die "no python3 with PyYAML (Debian's python3-yaml, a docker-compose dependency)"
echo "  $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')," \
  "$(promtool --version 2>&1 | head -n 1 | awk '{print "promtool " $3}')," \
  "dockerfile-utils $DOCKERFILE_UTILS_VERSION, node $(node --version), $("$py" --version)"

# ---------------------------------------------------------------------------
section "$COMPOSE_YML"
# Only the variables the checks set reach docker-compose: an .env file or a
# password in the caller's environment must not change the outcome.
compose() {
  env -u POSTGRES_PASSWORD -u GRAFANA_ADMIN_PASSWORD -u METRICS_TOKEN_FILE \
    -u COMPOSE_FILE -u COMPOSE_PROJECT_NAME -u COMPOSE_PROFILES "$@"
}
readonly THROWAWAY_PASSWORD="validate-only-not-a-secret"
readonly THROWAWAY_GRAFANA_PASSWORD="validate-only-grafana-not-a-secret"
compose_stderr=$(mktemp) && cleanup+=("$compose_stderr")
rendered=$(mktemp) && cleanup+=("$rendered")
no_env_file=$(mktemp) && cleanup+=("$no_env_file") # empty: stands in for docker/.env

if compose POSTGRES_PASSWORD="$THROWAWAY_PASSWORD" GRAFANA_ADMIN_PASSWORD="$THROWAWAY_GRAFANA_PASSWORD" \
  docker-compose --env-file "$no_env_file" -f "$COMPOSE_YML" config -q 2>"$compose_stderr"; then
  ok "docker-compose config -q: valid compose file (schema, interpolation)"
  if grep -qi 'variable is not set' "$compose_stderr"; then
    fail "a variable the file uses is neither set nor defaulted:"
    sed 's/^/        /' "$compose_stderr"
  else
    ok "every interpolated variable is set or has a default"
  fi
else
  fail "docker-compose config -q rejected the file:"
  sed 's/^/        /' "$compose_stderr"
fi

# Each password must be required on its own: the other one is set.
for required in POSTGRES_PASSWORD GRAFANA_ADMIN_PASSWORD; do
  if [[ $required == POSTGRES_PASSWORD ]]; then
    set_other=(GRAFANA_ADMIN_PASSWORD="$THROWAWAY_GRAFANA_PASSWORD")
  else
    set_other=(POSTGRES_PASSWORD="$THROWAWAY_PASSWORD")
  fi
  if compose "${set_other[@]}" docker-compose --env-file "$no_env_file" -f "$COMPOSE_YML" config -q \
    >/dev/null 2>"$compose_stderr"; then
    fail "renders without $required: the password must come from the environment, with no default"
  elif grep -q "$required" "$compose_stderr"; then
    ok "refuses to render without $required (no default, no secret in the repo)"
  else
    fail "without $required, docker-compose failed for another reason:"
    sed 's/^/        /' "$compose_stderr"
  fi
done

if compose POSTGRES_PASSWORD="$THROWAWAY_PASSWORD" GRAFANA_ADMIN_PASSWORD="$THROWAWAY_GRAFANA_PASSWORD" \
  docker-compose --env-file "$no_env_file" -f "$COMPOSE_YML" config >"$rendered" 2>/dev/null; then
  if py=$(yaml_python); then
    # Rules docker-compose itself does not enforce, checked on the rendered model.
    run_checker "$py" - "$rendered" "$REPO_ROOT" "$THROWAWAY_GRAFANA_PASSWORD" <<'PY'
import os, sys, yaml

model = yaml.safe_load(open(sys.argv[1]))
repo_root = sys.argv[2]
services = model.get("services") or {}

def check(cond, text):
    print(("ok " if cond else "fail ") + text)

def healthcheck_test(svc):
    hc = svc.get("healthcheck") or {}
    test = hc.get("test")
    return None if hc.get("disable") or not test or test in (["NONE"], "NONE") else test

grafana_password = sys.argv[3]
ALL = ("api", "postgres", "redis", "prometheus", "grafana", "node-exporter")
for name in ALL:
    check(name in services, f"service {name} is defined")
for name in ALL:
    if name in services:
        check(healthcheck_test(services[name]) is not None, f"service {name} has a healthcheck")

# `condition: service_healthy` on a service without a healthcheck passes
# `config` but makes `up` fail.
for name, svc in sorted(services.items()):
    for dep, spec in sorted((svc.get("depends_on") or {}).items()):
        if (spec or {}).get("condition") == "service_healthy":
            check(dep in services and healthcheck_test(services[dep]) is not None,
                  f"{name} waits for {dep} to be healthy, and {dep} has a healthcheck")

api = services.get("api") or {}
deps = api.get("depends_on") or {}
for dep in ("postgres", "redis"):
    check((deps.get(dep) or {}).get("condition") == "service_healthy",
          f"api depends_on {dep} with condition service_healthy")

env = api.get("environment") or {}
check(str(env.get("DATABASE_URL", "")).startswith("postgres") and "@postgres:" in str(env.get("DATABASE_URL", "")),
      "api DATABASE_URL points at the postgres service")
check(str(env.get("REDIS_URL", "")).startswith("redis://redis:"), "api REDIS_URL points at the redis service")
check(env.get("NODE_ENV") == "production", "api runs with NODE_ENV=production")

build = api.get("build") or {}
context = build.get("context", "")
dockerfile = build.get("dockerfile", "Dockerfile")
check(bool(context) and os.path.isdir(context) and os.path.samefile(context, repo_root),
      f"api build context is the repository root ({context})")
check(bool(context) and os.path.isfile(os.path.join(context, dockerfile)),
      f"api build dockerfile exists ({dockerfile})")

# A moving tag (none, or latest) makes two machines run different images.
for name, svc in sorted(services.items()):
    image = svc.get("image")
    if image:
        tag = image.rsplit("/", 1)[-1].partition(":")[2] if "@" not in image else "digest"
        check(tag not in ("", "latest"), f"service {name} pins its image tag ({image})")

# --- monitoring -------------------------------------------------------------
def binds(svc):
    """{target: mount} for the bind mounts of a service, short or long syntax."""
    out = {}
    for v in svc.get("volumes") or []:
        if isinstance(v, str):
            parts = v.split(":")
            if len(parts) >= 2 and parts[0].startswith(("/", ".")):
                out[parts[1]] = {"type": "bind", "source": parts[0], "target": parts[1],
                                 "read_only": "ro" in (parts[2:] and parts[2].split(",") or [])}
        elif v.get("type") == "bind":
            out[v.get("target")] = v
    return out

def named_volumes(svc):
    out = {}
    for v in svc.get("volumes") or []:
        if isinstance(v, str):
            parts = v.split(":")
            if len(parts) >= 2 and not parts[0].startswith(("/", ".")):
                out[parts[1]] = parts[0]
        elif v.get("type") == "volume":
            out[v.get("target")] = v.get("source")
    return out

def same(a, b):
    return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)

def mounted(svc_name, target, source, what):
    m = binds(services.get(svc_name) or {}).get(target)
    check(m is not None and same(m.get("source", ""), os.path.join(repo_root, source)) and bool(m.get("read_only")),
          f"{svc_name} mounts {source} read-only at {target}")

mounted("prometheus", "/etc/prometheus/prometheus.yml", "docker/prometheus/prometheus.yml", "config")
mounted("prometheus", "/etc/prometheus/alerts.yml", "docker/prometheus/alerts.yml", "rules")
mounted("grafana", "/etc/grafana/provisioning", "docker/grafana/provisioning", "provisioning")
mounted("grafana", "/etc/grafana/dashboards", "docker/grafana/dashboards", "dashboards")
prom_args = " ".join((services.get("prometheus") or {}).get("command") or [])
check("--config.file=/etc/prometheus/prometheus.yml" in prom_args, "prometheus reads /etc/prometheus/prometheus.yml")
check(named_volumes(services.get("prometheus") or {}).get("/prometheus") is not None
      and "--storage.tsdb.path=/prometheus" in prom_args, "prometheus keeps its data in a named volume at /prometheus")
check(named_volumes(services.get("grafana") or {}).get("/var/lib/grafana") is not None,
      "grafana keeps its data in a named volume at /var/lib/grafana")

# The metrics token: one file, read-only in both the API and Prometheus (where
# prometheus.yml's credentials_file, relative to the config, finds it), and not
# in the repository.
token_api = binds(services.get("api") or {}).get("/run/secrets/metrics-token") or {}
token_prom = binds(services.get("prometheus") or {}).get("/etc/prometheus/metrics-token") or {}
check(bool(token_api.get("source")) and token_api.get("source") == token_prom.get("source")
      and token_api.get("read_only") and token_prom.get("read_only"),
      f"api and prometheus mount the same metrics token file read-only ({token_api.get('source')})")
check(bool(token_api.get("source")) and not token_api.get("source", "").startswith(os.path.join(repo_root, "docker/prometheus")),
      "the metrics token file is outside the mounted config folders")
api_cmd = " ".join((services.get("api") or {}).get("command") or [])
check("/run/secrets/metrics-token" in api_cmd and "METRICS_TOKEN" in api_cmd and "exec node dist/src/main.js" in api_cmd,
      "api reads METRICS_TOKEN from the token file, then execs node (PID 1, gets SIGTERM)")

genv = (services.get("grafana") or {}).get("environment") or {}
check(genv.get("GF_SECURITY_ADMIN_PASSWORD") == grafana_password,
      "grafana's admin password comes from GRAFANA_ADMIN_PASSWORD")
check(str(genv.get("GF_USERS_ALLOW_SIGN_UP", "")).lower() == "false" and
      str(genv.get("GF_AUTH_ANONYMOUS_ENABLED", "false")).lower() == "false",
      "grafana allows no sign-up and no anonymous access")

node_exp = services.get("node-exporter") or {}
root_bind = binds(node_exp).get("/host") or {}
check(root_bind.get("source") == "/" and bool(root_bind.get("read_only"))
      and "--path.rootfs=/host" in (node_exp.get("command") or []),
      "node-exporter reads the host's root filesystem, read-only, at /host")

# Published ports: the API on every interface; Prometheus (no authentication)
# and Grafana on the loopback interface only; nothing else.
def published(svc):
    out = []
    for p in svc.get("ports") or []:
        if isinstance(p, dict):
            out.append((p.get("host_ip", ""), str(p.get("published", "")), str(p.get("target", ""))))
        else:
            parts = str(p).split("/")[0].split(":")
            ip, pub, tgt = (parts if len(parts) == 3 else ([""] + parts if len(parts) == 2 else ["", "", parts[0]]))
            out.append((ip, pub, tgt))
    return out
for name, svc in sorted(services.items()):
    ports = published(svc)
    if name == "api":
        check([p[2] for p in ports] == ["3000"], "api publishes port 3000")
    elif name in ("prometheus", "grafana"):
        check(len(ports) == 1 and ports[0][0] == "127.0.0.1", f"{name} publishes on 127.0.0.1 only ({ports})")
    else:
        check(not ports, f"{name} publishes no port")
PY
  else
    fail "no python3 with PyYAML to check the rendered compose model"
  fi
else
  fail "could not render the compose file for the rule checks"
fi

# ---------------------------------------------------------------------------
section "$DOCKERFILE"
lint_output=$(node "$TOOLS_DIR/node_modules/dockerfile-utils/bin/dockerfile-utils" lint "$DOCKERFILE" 2>&1) \
  && lint_rc=0 || lint_rc=$?
# The linter exits 0 on warnings; any diagnostic at all counts as a failure here.
if [[ $lint_rc -eq 0 && -z "$lint_output" ]]; then
  ok "dockerfile-utils lint: no errors or warnings"
else
  fail "dockerfile-utils lint reported problems (exit $lint_rc):"
  printf '%s\n' "$lint_output" | sed 's/^/        /'
fi

NODE_PATH="$TOOLS_DIR/node_modules" run_checker node - "$DOCKERFILE" "$DOCKERIGNORE" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const { DockerfileParser } = require('dockerfile-ast');

const [dockerfilePath, dockerignorePath] = process.argv.slice(2);
const check = (cond, text) => console.log(`${cond ? 'ok' : 'fail'} ${text}`);
const args = (i) => i.getArguments().map((a) => a.getValue());
const flag = (i, name) => (i.getFlags?.() ?? []).find((f) => f.getName() === name)?.getValue();

// Split the instructions into stages at each FROM.
const stages = [];
for (const i of DockerfileParser.parse(fs.readFileSync(dockerfilePath, 'utf8')).getInstructions()) {
  if (i.getKeyword() === 'FROM') {
    const [image, as, name] = args(i);
    stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
  } else if (stages.length > 0) {
    stages.at(-1).instructions.push(i);
  }
}
const names = stages.map((s) => s.name).filter(Boolean);
check(stages.length >= 2, `multi-stage build (${stages.length} stages: ${names.join(', ')})`);
for (const [n, s] of stages.entries()) {
  check(s.image === 'node:24-slim', `stage ${s.name ?? n} is FROM node:24-slim (${s.image})`);
}

const final = stages.at(-1) ?? { instructions: [], name: 'final' };
const inFinal = (kw) => final.instructions.filter((i) => i.getKeyword() === kw);
const label = `runtime stage (${final.name ?? 'last'})`;

const users = inFinal('USER');
const user = users.length ? args(users.at(-1))[0] : undefined;
check(user !== undefined && !/^(root|0)(:.*)?$/.test(user), `${label} runs as a non-root USER (${user ?? 'none: root'})`);

const healthchecks = inFinal('HEALTHCHECK');
check(healthchecks.length > 0 && args(healthchecks.at(-1))[0]?.toUpperCase() !== 'NONE',
      `${label} has a HEALTHCHECK`);
const hcText = healthchecks.at(-1)?.getArgumentsContent() ?? '';
check(/\/health\b/.test(hcText), `${label} HEALTHCHECK probes /health`);

// Shell form would put /bin/sh in front of node as PID 1, and sh does not pass
// SIGTERM on: no graceful shutdown on `docker stop`.
const execForm = (i) => typeof i.getOpeningBracket === 'function' && i.getOpeningBracket() !== null;
const cmds = inFinal('CMD');
const cmd = cmds.at(-1);
let cmdArgs;
try { cmdArgs = cmd && JSON.parse(cmd.getArgumentsContent()); } catch { cmdArgs = undefined; }
check(cmd !== undefined && execForm(cmd) && Array.isArray(cmdArgs), `${label} CMD is in exec form (${cmd?.getArgumentsContent() ?? 'none'})`);
for (const ep of inFinal('ENTRYPOINT')) check(execForm(ep), `${label} ENTRYPOINT is in exec form`);
const entry = Array.isArray(cmdArgs) ? cmdArgs.find((a) => /^dist\/.*\.js$/.test(a)) : undefined;
const source = entry?.replace(/^dist\//, '').replace(/\.js$/, '.ts');
check(source !== undefined && fs.existsSync(source), `CMD entry ${entry ?? '?'} is compiled from an existing ${source ?? 'source file'}`);

const stopsignals = inFinal('STOPSIGNAL');
check(stopsignals.length === 0 || args(stopsignals.at(-1))[0] === 'SIGTERM', `${label} stops with SIGTERM`);
const envs = new Map(inFinal('ENV').flatMap((i) => i.getProperties().map((p) => [p.getName(), p.getValue()])));
check(envs.get('NODE_ENV') === 'production', `${label} sets NODE_ENV=production`);
check(inFinal('EXPOSE').some((i) => args(i).some((a) => a.split('/')[0] === '3000')), `${label} EXPOSEs 3000`);
const fromBuild = inFinal('COPY').filter((i) => flag(i, 'from') !== undefined);
check(fromBuild.length > 0 && fromBuild.every((i) => flag(i, 'chown') !== undefined),
      `${label} COPY --from=… all use --chown`);

// Every build-context path that a COPY or ADD names must exist and not be
// excluded by .dockerignore, or the build fails at that step.
const ignored = fs.existsSync(dockerignorePath)
  ? fs.readFileSync(dockerignorePath, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  : [];
const globToRegExp = (g) => new RegExp(`^${g.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
const matchesIn = (dir, pattern) => {
  if (!/[*?[]/.test(pattern)) return fs.existsSync(path.join(dir, pattern)) ? [pattern] : [];
  const re = globToRegExp(path.basename(pattern));
  const sub = path.dirname(pattern);
  return fs.existsSync(path.join(dir, sub))
    ? fs.readdirSync(path.join(dir, sub)).filter((f) => re.test(f)).map((f) => path.join(sub, f))
    : [];
};
for (const s of stages) {
  for (const i of s.instructions.filter((i) => ['COPY', 'ADD'].includes(i.getKeyword()) && flag(i, 'from') === undefined)) {
    for (const src of args(i).slice(0, -1)) {
      const found = matchesIn('.', src.replace(/^\.\//, ''));
      const excluded = found.filter((f) => ignored.includes(f) || ignored.includes(f.split('/')[0]));
      check(found.length > 0 && excluded.length === 0,
            `COPY source ${src} exists in the build context${excluded.length ? ` (excluded by .dockerignore: ${excluded.join(', ')})` : ''}`);
    }
  }
}

for (const entry of ['node_modules', 'dist', '.git', '.env']) {
  check(ignored.includes(entry), `${dockerignorePath} excludes ${entry}`);
}
JS

# ---------------------------------------------------------------------------
# Project rules for the monitoring files, in one Python program with two modes
# (rules, grafana) that share the contract and a PromQL reader. The reader is
# no full parser (promtool parses): it finds the metric names and the label
# matchers of the vector selectors, which is what the contract is about.
read -r -d '' OBS_CHECKER <<'PY' || true
import json, os, re, sys, yaml

mode = sys.argv[1]
check = lambda cond, text: print(("ok " if cond else "fail ") + text)

def load_contract(path):
    metrics = {}
    for line in open(path):
        line = line.split("#", 1)[0].split()
        if line:
            metrics[line[0]] = {"type": line[1], "labels": set(line[2:])}
    return metrics

AGGREGATORS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
               "bottomk", "topk", "quantile", "limitk", "limit_ratio"}
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "inf", "nan", "atan2"}
LABEL_LISTS = {"by", "without", "on", "ignoring", "group_left", "group_right"}

def skip_string(s, i):
    q = s[i]; i += 1
    while i < len(s) and s[i] != q:
        i += 2 if s[i] == "\\" and q != "`" else 1
    return i + 1

def skip_group(s, i, open_, close):
    depth = 0
    while i < len(s):
        c = s[i]
        if c in "\"'`":
            i = skip_string(s, i); continue
        if c == open_: depth += 1
        elif c == close:
            depth -= 1
            if depth == 0: return i + 1
        i += 1
    return i

def selectors(expr):
    """[(metric name or None, {label names matched})] for each vector selector."""
    out, i, n, last = [], 0, len(expr), None
    while i < n:
        c = expr[i]
        if c in "\"'`":
            i = skip_string(expr, i); last = None
        elif c == "#":
            while i < n and expr[i] != "\n": i += 1
        elif c == "[":
            i = skip_group(expr, i, "[", "]")
        elif c == "{":
            end = skip_group(expr, i, "{", "}")
            body = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`', '""', expr[i + 1:end - 1])
            labels = set(re.findall(r'([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)', body))
            if last is not None:
                out[last] = (out[last][0], labels)
            else:
                out.append((None, labels))
            last = None; i = end
        elif c.isdigit() or (c == "." and i + 1 < n and expr[i + 1].isdigit()):
            m = re.match(r'(0x[0-9a-fA-F]+|[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z0-9]*)', expr[i:])
            i += m.end(); last = None
        elif c.isalpha() or c in "_:":
            m = re.match(r'[A-Za-z_:][A-Za-z0-9_:]*', expr[i:])
            word = m.group(0); i += m.end()
            j = i
            while j < n and expr[j].isspace(): j += 1
            follows_paren = j < n and expr[j] == "("
            last = None
            if word in LABEL_LISTS:
                if follows_paren: i = skip_group(expr, j, "(", ")")
            elif follows_paren or word in AGGREGATORS or word.lower() in KEYWORDS:
                pass
            else:
                out.append((word, set())); last = len(out) - 1
        else:
            if not c.isspace(): last = None
            i += 1
    return out

def resolve(name, contract):
    """The contract metric a series name belongs to, with the labels it carries."""
    if name in contract:
        return name, set(contract[name]["labels"])
    for suffix in ("_bucket", "_sum", "_count"):
        base = name[: -len(suffix)] if name.endswith(suffix) else None
        if base and contract.get(base, {}).get("type") == "histogram":
            return base, set(contract[base]["labels"]) | ({"le"} if suffix == "_bucket" else set())
    return None, set()

def audit(expr, contract, records, where):
    """Checks the metric names and matchers of one expression; returns the contract
    metrics it reads (through recording rules too)."""
    used, problems = set(), []
    for name, labels in selectors(expr):
        if name is None:
            problems.append("a selector without a metric name")
        elif name in records:
            used |= records[name]
        else:
            base, allowed = resolve(name, contract)
            if base is None:
                problems.append(f"{name} is not in the metric contract")
                continue
            used.add(base)
            unknown = labels - allowed - {"job", "instance"}
            if unknown:
                problems.append(f"{name} has no label {', '.join(sorted(unknown))}")
    for p in problems:
        print(f"fail {where}: {p}")
    return used, not problems

def load_rules(path, contract):
    groups = (yaml.safe_load(open(path)) or {}).get("groups") or []
    rules = [r for g in groups for r in g.get("rules") or []]
    records = {}
    for r in rules:
        if "record" in r:
            used, _ = audit(r["expr"], contract, records, f"recording rule {r['record']}")
            records[r["record"]] = used
    return rules, records

if mode == "rules":
    rules_path, tests_path, contract_path, prom_yml = sys.argv[2:6]
    contract = load_contract(contract_path)
    rules, records = load_rules(rules_path, contract)
    alerts = {r["alert"]: r for r in rules if "alert" in r}

    # prometheus.yml: what the compose stack relies on.
    cfg = yaml.safe_load(open(prom_yml)) or {}
    jobs = {j.get("job_name"): j for j in cfg.get("scrape_configs") or []}
    targets = lambda j: [t for sc in (jobs.get(j) or {}).get("static_configs") or [] for t in sc.get("targets") or []]
    api = jobs.get("process-todo-api") or {}
    auth = api.get("authorization") or {}
    check(targets("process-todo-api") == ["api:3000"] and api.get("metrics_path", "/metrics") == "/metrics",
          "prometheus.yml scrapes the API at api:3000/metrics")
    check(auth.get("credentials_file") == "metrics-token" and "credentials" not in auth
          and not api.get("bearer_token") and not api.get("basic_auth"),
          "the API's bearer token comes from a file (credentials_file: metrics-token), none inline")
    check(targets("node-exporter") == ["node-exporter:9100"], "prometheus.yml scrapes node-exporter:9100")
    check(targets("prometheus") == ["localhost:9090"], "prometheus.yml scrapes Prometheus itself")
    check("alerts.yml" in (cfg.get("rule_files") or []), "prometheus.yml loads alerts.yml")

    # SPEC-ALERT-2, as named in the ops guide (004_*.txt), and the API-down page.
    spec = [  # alert, severity, for, priorities
        ("CpuUsageHigh", "warning", "5m"), ("CpuUsageCritical", "critical", "2m"),
        ("MemoryUsageHigh", "warning", "5m"), ("DiskUsageHigh", "critical", "10m"),
        ("ErrorRateHigh", "warning", "5m"), ("ErrorRateCritical", "critical", "2m"),
        ("ResponseTimeSlow", "warning", "5m"), ("ResponseTimeCritical", "critical", "2m"),
        ("DbConnectionsHigh", "warning", "5m"), ("SlowQueryDetected", "warning", None),
        ("DeadlockDetected", "critical", None), ("ApiDown", "critical", "1m"),
    ]
    for name, severity, duration in spec:
        r = alerts.get(name)
        check(r is not None and (r.get("labels") or {}).get("severity") == severity and r.get("for") == duration
              and (name != "ApiDown" or r["labels"].get("priority") == "P1"),
              f"SPEC-ALERT-2 {name}: severity {severity}, for {duration or 'none (fires at once)'}"
              + (", priority P1" if name == "ApiDown" else ""))

    # Every alert: labels, annotations, contract metrics, and a test that fires it.
    tests = (yaml.safe_load(open(tests_path)) or {}).get("tests") or []
    fired, quiet = set(), set()
    for g in tests:
        for t in g.get("alert_rule_test") or []:
            (fired if t.get("exp_alerts") else quiet).add(t.get("alertname"))
    for name, r in alerts.items():
        labels, ann = r.get("labels") or {}, r.get("annotations") or {}
        sev, prio = labels.get("severity"), labels.get("priority", "")
        problems = []
        if not (sev in ("critical", "warning") and re.fullmatch(r"P[1-4]", prio)
                and (prio in ("P1", "P2")) == (sev == "critical")):
            problems.append(f"severity {sev} / priority {prio or 'none'} (critical is P1/P2, warning P3/P4)")
        missing = [k for k in ("summary", "description", "runbook") if not str(ann.get(k, "")).strip()]
        if missing:
            problems.append("no " + ", ".join(missing) + " annotation")
        if not audit(r["expr"], contract, records, f"alert {name}")[1]:
            problems.append("metrics outside the contract")
        if name not in fired:
            problems.append("no test in alerts.test.yml makes it fire")
        check(not problems, f"alert {name} ({sev}, {prio}): "
              + ("; ".join(problems) if problems else "labels, annotations, contract metrics, fires in a test"))
    unknown = sorted(a for a in fired | quiet if a not in alerts)
    check(len(quiet) >= 3 and not unknown,
          f"alerts.test.yml also has quiet cases ({len(quiet)} alerts) and names no unknown alert"
          + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    # Every recording rule is evaluated in a test.
    evaluated = " ".join(t.get("expr", "") for g in tests for t in g.get("promql_expr_test") or [])
    untested = [n for n in records if not re.search(rf"(?<![\w:]){re.escape(n)}(?![\w:])", evaluated)]
    check(not untested, f"{len(records)} recording rules, each evaluated in alerts.test.yml"
          + (f" (not: {', '.join(untested)})" if untested else ""))

elif mode == "grafana":
    (dash_path, ds_path, prov_path, rules_path, contract_path, rendered, exprs_out) = sys.argv[2:9]
    contract = load_contract(contract_path)
    _, records = load_rules(rules_path, contract)
    services = (yaml.safe_load(open(rendered)) or {}).get("services") or {}

    ds = (yaml.safe_load(open(ds_path)) or {}).get("datasources") or []
    prom = [d for d in ds if d.get("type") == "prometheus"]
    uid = prom[0].get("uid") if prom else None
    check(len(prom) == 1 and uid and prom[0].get("url") == "http://prometheus:9090" and "prometheus" in services,
          f"datasource provisioning: one Prometheus (uid {uid}) at http://prometheus:9090, a compose service")
    providers = (yaml.safe_load(open(prov_path)) or {}).get("providers") or []
    mounts = {}
    for v in (services.get("grafana") or {}).get("volumes") or []:
        if isinstance(v, dict): mounts[v.get("target")] = v.get("source")
    paths = [(p.get("options") or {}).get("path") for p in providers if p.get("type") == "file"]
    check(len(paths) == 1 and paths[0] in mounts and os.path.samefile(mounts[paths[0]], os.path.dirname(dash_path)),
          f"dashboard provisioning reads {paths[0] if paths else '?'}, where compose mounts docker/grafana/dashboards")

    try:
        dash = json.load(open(dash_path))
        check(True, f"{os.path.basename(dash_path)} is valid JSON")
    except Exception as e:
        check(False, f"{os.path.basename(dash_path)} is not valid JSON: {e}")
        sys.exit(0)
    check(bool(dash.get("uid")) and bool(dash.get("title")), f"dashboard has a uid and a title ({dash.get('uid')})")
    flat = []
    for p in dash.get("panels") or []:
        flat.append(p)
        flat.extend(p.get("panels") or [])
    ids = [p.get("id") for p in flat]
    check(len(ids) == len(set(ids)) and None not in ids, f"panel ids are unique ({len(ids)} panels and rows)")
    shown, rules_out = set(), []
    for p in flat:
        if p.get("type") == "row":
            continue
        title = p.get("title", "?")
        g = p.get("gridPos") or {}
        grid_ok = g.get("x", -1) >= 0 and g.get("w", 0) > 0 and g.get("x", 0) + g.get("w", 0) <= 24
        targets = [t for t in p.get("targets") or [] if str(t.get("expr", "")).strip()]
        same_ds = all(((t.get("datasource") or p.get("datasource") or {}).get("uid")) == uid for t in targets) \
            and (p.get("datasource") or {}).get("uid") == uid
        used, clean = set(), True
        for t in targets:
            expr = t["expr"]
            # Grafana's variables, replaced by durations so that promtool can parse the PromQL.
            parsed = re.sub(r"\$__rate_interval|\$__interval|\$__range", "5m", expr)
            if "$" in parsed:
                print(f"fail panel '{title}': unknown variable in {expr}"); clean = False
            rules_out.append({"record": f"dashboard:panel_{p.get('id')}:{t.get('refId', 'X').lower()}", "expr": parsed})
            u, ok_ = audit(expr, contract, records, f"panel '{title}'")
            used |= u; clean = clean and ok_
        shown |= used
        check(bool(targets) and bool(used) and clean and same_ds and grid_ok,
              f"panel '{title}': {len(targets)} queries on {', '.join(sorted(used)) or 'no contract metric'}")
    missing = sorted(set(contract) - shown)
    check(not missing, "every contract metric is on the dashboard" + (f" (missing: {', '.join(missing)})" if missing else ""))
    yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules_out}]}, open(exprs_out, "w"), sort_keys=False)
PY

# ---------------------------------------------------------------------------
section "$PROM_DIR"
# A copy of the config with a throwaway token beside it: credentials_file is
# relative to the config, and promtool checks that the file exists.
prom_check_dir=$(mktemp -d) && cleanup+=("$prom_check_dir")
cp "$PROM_DIR/prometheus.yml" "$PROM_DIR/alerts.yml" "$prom_check_dir/"
printf 'validate-only-not-a-token\n' >"$prom_check_dir/metrics-token"

# Runs promtool; its output is shown only when it fails.
promtool_check() {
  local label=$1 output rc=0
  shift
  output=$(promtool "$@" 2>&1) || rc=$?
  if [[ $rc -eq 0 ]]; then
    ok "$label"
  else
    fail "$label (exit $rc):"
    printf '%s\n' "$output" | sed 's/^/        /'
  fi
}
promtool_check "promtool check config prometheus.yml (with alerts.yml; throwaway token file)" \
  check config "$prom_check_dir/prometheus.yml"
rule_count=$(promtool check rules "$PROM_DIR/alerts.yml" 2>&1 | sed -n 's/.*SUCCESS: \([0-9]*\) rules found.*/\1/p')
promtool_check "promtool check rules alerts.yml (${rule_count:-?} rules)" check rules "$PROM_DIR/alerts.yml"
promtool_check "promtool test rules alerts.test.yml" test rules "$PROM_DIR/alerts.test.yml"
run_checker "$py" -c "$OBS_CHECKER" rules "$PROM_DIR/alerts.yml" "$PROM_DIR/alerts.test.yml" "$CONTRACT" \
  "$PROM_DIR/prometheus.yml"

# ---------------------------------------------------------------------------
section "$GRAFANA_DIR"
dashboard_rules=$(mktemp --suffix=.yml) && cleanup+=("$dashboard_rules")
run_checker "$py" -c "$OBS_CHECKER" grafana "$GRAFANA_DIR/dashboards/process-todo.json" \
  "$GRAFANA_DIR/provisioning/datasources/prometheus.yml" "$GRAFANA_DIR/provisioning/dashboards/dashboards.yml" \
  "$PROM_DIR/alerts.yml" "$CONTRACT" "$rendered" "$dashboard_rules"
panel_queries=$(grep -c 'expr:' "$dashboard_rules" || true)
promtool_check "promtool parses every panel query (${panel_queries} queries as recording rules)" \
  check rules "$dashboard_rules"

# ---------------------------------------------------------------------------
elapsed=$(( ($(date +%s%N) - started_ns) / 1000000 ))
printf '\ndocker/validate.sh: %d checks ok, %d failing (%d.%01d s)\n' \
  "$passed" "$failed" $((elapsed / 1000)) $(((elapsed % 1000) / 100))
[[ $failed -eq 0 ]]
