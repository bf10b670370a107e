# shellcheck shell=bash
# The deployment files against the app (docker/lib/app-config-checker.mjs): the
# variables that compose and docker/k8s give its processes are in its config
# schema and pass its config check, secrets come from the Secret, and the probe
# paths, ports, metrics path and shutdown times agree with its routes and
# effective config. Reads the built app: builds it (npm run build, ~5 s) when
# dist/ is missing or older than a source file.
# Sourced by docker/validate.sh (helpers: docker/lib/validate-lib.sh).

section "the app's config schema and routes (compose, docker/k8s)"
schema_js=dist/src/config/environment-variables.js
if [[ ! -f $schema_js || -n $(find src migrations -name '*.ts' -newer "$schema_js" -print -quit) ]]; then
  echo "  building the app for its config schema (npm run build)..."
  if ! npm run build >"$VALIDATOR_TMP/build.log" 2>&1; then
    fail "npm run build failed:"
    tail -n 20 "$VALIDATOR_TMP/build.log" | sed 's/^/        /'
  fi
fi
rendered=$(rendered_compose) || true
if [[ -f $schema_js ]]; then
  run_checker node docker/lib/app-config-checker.mjs "$rendered" docker/k8s/base docker/k8s/secret.template.yaml
else
  fail "no built config schema ($schema_js)"
fi
