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
#
# First run on a fresh machine installs docker-compose with apt-get (as root)
# and dockerfile-utils with npm into a cache folder outside the repository.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly REPO_ROOT="$PWD"
readonly COMPOSE_YML=docker/docker-compose.yml
readonly DOCKERFILE=docker/Dockerfile
readonly DOCKERIGNORE=.dockerignore
readonly DOCKERFILE_UTILS_VERSION=0.16.3
readonly TOOLS_DIR="${DOCKER_VALIDATE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/process-todo/docker-validate}"

started_ns=$(date +%s%N)
passed=0
failed=0
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
die() { printf 'docker/validate.sh: %s\n' "$*" >&2; exit 2; }

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

ensure_docker_compose() {
  command -v docker-compose >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "docker-compose is missing and there is no apt-get to install it"
  [[ $(id -u) -eq 0 ]] || die "docker-compose is missing; install it as root: apt-get install -y --no-install-recommends docker-compose"
  echo "installing docker-compose from Debian (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  # --no-install-recommends: the package recommends docker.io, a whole engine
  # that cannot run here anyway.
  if ! apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  fi
  command -v docker-compose >/dev/null 2>&1 || die "docker-compose is still missing after apt-get install"
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
ensure_dockerfile_utils
echo "  $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')," \
  "dockerfile-utils $DOCKERFILE_UTILS_VERSION, node $(node --version)"

# ---------------------------------------------------------------------------
section "$COMPOSE_YML"
# Only the variables the checks set reach docker-compose: an .env file or a
# POSTGRES_PASSWORD in the caller's environment must not change the outcome.
compose() {
  env -u POSTGRES_PASSWORD -u COMPOSE_FILE -u COMPOSE_PROJECT_NAME -u COMPOSE_PROFILES "$@"
}
readonly THROWAWAY_PASSWORD="validate-only-not-a-secret"
compose_stderr=$(mktemp)
rendered=$(mktemp)
no_env_file=$(mktemp) # empty: stands in for docker/.env
trap 'rm -f "$compose_stderr" "$rendered" "$no_env_file"' EXIT

if compose POSTGRES_PASSWORD="$THROWAWAY_PASSWORD" \
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

if compose docker-compose --env-file "$no_env_file" -f "$COMPOSE_YML" config -q >/dev/null 2>"$compose_stderr"; then
  fail "renders without POSTGRES_PASSWORD: the password must come from the environment, with no default"
elif grep -q 'POSTGRES_PASSWORD' "$compose_stderr"; then
  ok "refuses to render without POSTGRES_PASSWORD (no default, no secret in the repo)"
else
  fail "without POSTGRES_PASSWORD, docker-compose failed for another reason:"
  sed 's/^/        /' "$compose_stderr"
fi

if compose POSTGRES_PASSWORD="$THROWAWAY_PASSWORD" \
  docker-compose --env-file "$no_env_file" -f "$COMPOSE_YML" config >"$rendered" 2>/dev/null; then
  if py=$(yaml_python); then
    # Rules docker-compose itself does not enforce, checked on the rendered model.
    run_checker "$py" - "$rendered" "$REPO_ROOT" <<'PY'
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

for name in ("api", "postgres", "redis"):
    check(name in services, f"service {name} is defined")
for name in ("api", "postgres", "redis"):
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
elapsed=$(( ($(date +%s%N) - started_ns) / 1000000 ))
printf '\ndocker/validate.sh: %d checks ok, %d failing (%d.%01d s)\n' \
  "$passed" "$failed" $((elapsed / 1000)) $(((elapsed % 1000) / 100))
[[ $failed -eq 0 ]]
