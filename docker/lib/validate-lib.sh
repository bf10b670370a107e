# shellcheck shell=bash
# Shared by docker/validate.sh and the validators in docker/validate.d/, which
# it sources: paths, the check counters, tool installation, and helpers that
# more than one validator uses. Definitions only; validate.sh runs things. This
# file is outside validate.d/ so that the loader never runs it as a validator.
#
# Set by validate.sh before the validators run: passed, failed (the counters
# ok/fail add to), cleanup (paths removed on exit), VALIDATE_TMP (a directory
# for this run, removed on exit), VALIDATOR_TMP (a directory of the running
# validator's own) and PYTHON (a python3 with PyYAML, see yaml_python).
#
# The paths and names below are used by the validators, which shellcheck does
# not see from here.
# shellcheck disable=SC2034

readonly REPO_ROOT="$PWD"
readonly COMPOSE_YML=docker/docker-compose.yml
readonly PROM_DIR=docker/prometheus
readonly GRAFANA_DIR=docker/grafana
readonly CONTRACT=$PROM_DIR/metrics-contract.txt
# The exporters' metrics (and Prometheus's `up`), apart from the app's own.
readonly EXPORTER_METRICS=$PROM_DIR/exporter-metrics.txt
readonly DOCKERFILE_UTILS_VERSION=0.16.3
readonly TOOLS_DIR="${DOCKER_VALIDATE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/process-todo/docker-validate}"
# Project rules for the monitoring files (alert rules, Grafana), run by more
# than one validator; see the file.
readonly MONITORING_CHECKER=docker/lib/monitoring-checker.py

ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
die() { printf 'docker/validate.sh: %s\n' "$*" >&2; exit 2; }

# Runs a rule checker written in another language (its script on stdin, or a
# file) and counts the "ok <text>" / "fail <text>" lines it prints; a "skip
# <text>" line (a check that needs a tool this machine lacks) is shown, not
# counted. Not in a pipeline, so that the counters stay in this shell; a crashed
# checker is a failure too.
run_checker() {
  local output rc=0 kind text
  output=$("$@" 2>&1) || rc=$?
  while IFS=' ' read -r kind text; do
    case "$kind" in
      ok) ok "$text" ;;
      fail) fail "$text" ;;
      skip) printf '  skip  %s\n' "$text" ;;
      '') ;;
      *) fail "checker: $kind $text" ;;
    esac
  done <<<"$output"
  [[ $rc -eq 0 ]] || fail "checker $1 exited with $rc"
}

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

# ---------------------------------------------------------------------------
# Tools

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

# The repository's own devDependencies (kubernetes-models, yaml, typescript) for
# the Kubernetes and config checks: `npm ci` installs them, as CI does first.
ensure_node_modules() {
  local missing=() package
  for package in kubernetes-models yaml typescript; do
    [[ -f node_modules/$package/package.json ]] || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] || die "node_modules lacks ${missing[*]}: run npm ci in the repository first"
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
# The compose file, for the compose validator and for those that compare their
# files with the compose model (Grafana's mounts).

# Only the variables the checks set reach docker-compose: an .env file or a
# password in the caller's environment must not change the outcome. Every
# docker-compose call also passes --env-file "$(no_env_file)".
compose() {
  env -u POSTGRES_PASSWORD -u GRAFANA_ADMIN_PASSWORD -u JWT_SECRET -u ADMIN_EMAIL -u ADMIN_PASSWORD \
    -u METRICS_TOKEN_FILE -u COMPOSE_FILE -u COMPOSE_PROJECT_NAME -u COMPOSE_PROFILES "$@"
}
readonly THROWAWAY_PASSWORD="validate-only-not-a-secret"
readonly THROWAWAY_GRAFANA_PASSWORD="validate-only-grafana-not-a-secret"
readonly THROWAWAY_JWT_SECRET="validate-only-jwt-secret-not-a-secret-0123456789"
readonly THROWAWAY_ADMIN_PASSWORD="validate-only-admin-not-a-secret"
# The secrets the compose file must take from the environment, with no default, and a
# throwaway value for each (NAME=value, as `env` takes them).
readonly REQUIRED_SECRETS=(
  POSTGRES_PASSWORD="$THROWAWAY_PASSWORD"
  GRAFANA_ADMIN_PASSWORD="$THROWAWAY_GRAFANA_PASSWORD"
  JWT_SECRET="$THROWAWAY_JWT_SECRET"
  ADMIN_PASSWORD="$THROWAWAY_ADMIN_PASSWORD"
)

# An empty file that stands in for docker/.env.
no_env_file() {
  local file=$VALIDATE_TMP/no-env-file
  [[ -e $file ]] || : >"$file"
  echo "$file"
}

# Renders the compose file with the throwaway passwords, once per run, and
# prints the path of the rendered model. Fails (the file then empty) when
# docker-compose cannot render it; the compose validator reports that.
rendered_compose() {
  local file=$VALIDATE_TMP/compose-rendered.yml
  if [[ ! -e $file.rc ]]; then
    local rc=0
    compose "${REQUIRED_SECRETS[@]}" \
      docker-compose --env-file "$(no_env_file)" -f "$COMPOSE_YML" config >"$file" 2>/dev/null || rc=$?
    echo "$rc" >"$file.rc"
  fi
  echo "$file"
  return "$(cat "$file.rc")"
}
