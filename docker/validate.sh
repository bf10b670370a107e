#!/usr/bin/env bash
# Checks the container files without a Docker engine, which the development
# and CI machines do not have (`docker build` and `docker compose up` cannot run
# there). Run from anywhere: `bash docker/validate.sh`. Exits non-zero when any
# check fails, after running them all.
#
# This file installs the tools and runs every validator in docker/validate.d/
# (*.sh, in sorted order: the number in front of the name is its place), each
# sourced into this shell so that its ok/fail lines add to one count; the
# helpers they share are in docker/lib/validate-lib.sh. To check a new asset,
# add a validator there; no list to edit. Today:
#
#   10-compose.sh            docker/docker-compose.yml: Debian's docker-compose
#                            (Compose v1, 1.29) parses, schema-checks and
#                            interpolates it; it must refuse to render without
#                            POSTGRES_PASSWORD; then project rules on the
#                            rendered model.
#   20-dockerfile.sh         docker/Dockerfile: dockerfile-utils, the linter of
#                            the Dockerfile language server that VS Code uses
#                            (Debian has no hadolint), then project rules on its
#                            syntax tree (dockerfile-ast, the same parser); and
#                            .dockerignore keeps dependencies, build output, git
#                            and secrets out of the build context.
#   30-prometheus-config.sh  docker/prometheus/prometheus.yml: promtool check
#                            config (on a copy, beside a throwaway metrics
#                            token), then what the compose stack relies on.
#   40-alert-rules.sh        docker/prometheus/alerts.yml: promtool check rules,
#                            test rules (alerts.test.yml); then project rules:
#                            every SPEC-ALERT-2 alert is there with its severity,
#                            duration and a P1..P4 priority, every alert fires in
#                            a test, every metric named is in
#                            metrics-contract.txt (the app's, which the app
#                            defines) or exporter-metrics.txt (the exporters').
#   50-grafana.sh            docker/grafana/: the provisioning files and the
#                            dashboard JSON parse and agree with the compose
#                            file; every panel queries a contract metric
#                            (directly or through a recording rule) and promtool
#                            parses every panel's PromQL.
#   60-kubernetes.sh         docker/k8s/: the kustomization builds (and as
#                            `kubectl kustomize` does, where kubectl is
#                            installed); every object is valid against the
#                            Kubernetes API schemas (kubernetes-models) with no
#                            unknown field; then project rules.
#   70-app-config.sh         compose and docker/k8s against the app: variables in
#                            its config schema (the built class-validator
#                            metadata) that pass loadConfig, probe paths, ports,
#                            the metrics path, shutdown times.
#
# First run on a fresh machine installs docker-compose and promtool with apt-get
# (as root) and dockerfile-utils with npm into a cache folder outside the
# repository; the rest comes from the repository's node_modules (npm ci).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source-path=SCRIPTDIR/..
source docker/lib/validate-lib.sh

started_ns=$(date +%s%N)
passed=0
failed=0

# Temporary files and directories, removed on exit however the script ends.
# Each one is added here by the top-level shell (not inside a $(...)
# subshell, whose additions would be lost). Validators write into
# $VALIDATOR_TMP (their own) or $VALIDATE_TMP (shared) rather than mktemp.
cleanup=()
trap 'rm -rf -- ${cleanup[@]+"${cleanup[@]}"}' EXIT
VALIDATE_TMP=$(mktemp -d) && cleanup+=("$VALIDATE_TMP")
readonly VALIDATE_TMP

# ---------------------------------------------------------------------------
section "tools"
command -v node >/dev/null 2>&1 || die "node is required"
command -v npm >/dev/null 2>&1 || die "npm is required"
ensure_docker_compose
ensure_promtool
ensure_dockerfile_utils
ensure_node_modules
PYTHON=$(yaml_python) || die "no python3 with PyYAML (Debian's python3-yaml, a docker-compose dependency)"
readonly PYTHON
echo "  $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')," \
  "$(promtool --version 2>&1 | head -n 1 | awk '{print "promtool " $3}')," \
  "dockerfile-utils $DOCKERFILE_UTILS_VERSION, node $(node --version), $("$PYTHON" --version)"

# ---------------------------------------------------------------------------
# The validators, in byte order whatever the locale. Each starts with its
# section line and runs from the repository root; one that fails a command
# outside a condition stops the run (set -e), as a broken check must not pass.
mapfile -d '' -t validators < <(find docker/validate.d -maxdepth 1 -type f -name '*.sh' -print0 | LC_ALL=C sort -z)
[[ ${#validators[@]} -gt 0 ]] || die "no validators in docker/validate.d"
for validator in "${validators[@]}"; do
  VALIDATOR_TMP=$VALIDATE_TMP/$(basename "$validator" .sh)
  mkdir "$VALIDATOR_TMP"
  # shellcheck source=/dev/null
  source "$validator"
  cd "$REPO_ROOT"
done

# ---------------------------------------------------------------------------
elapsed=$(( ($(date +%s%N) - started_ns) / 1000000 ))
printf '\ndocker/validate.sh: %d checks ok, %d failing (%d.%01d s)\n' \
  "$passed" "$failed" $((elapsed / 1000)) $(((elapsed % 1000) / 100))
[[ $failed -eq 0 ]]
