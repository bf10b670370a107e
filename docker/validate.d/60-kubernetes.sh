# shellcheck shell=bash
# docker/k8s/: the kustomization builds (docker/lib/k8s-build.mjs; and the same as
# `kubectl kustomize` where kubectl is installed), every object and the Secret
# template are valid against the Kubernetes API schemas (kubernetes-models,
# offline) and have no field the API does not know (its TypeScript
# declarations), then project rules (docker/lib/k8s-checker.mjs): non-root,
# read-only root filesystems, resources, probes, preStop, roles, Services, HPA,
# PDB, the references to the ConfigMap, the Secret and the claims, the
# migration Job and the backup CronJob. The app's config schema is
# 70-app-config.sh's.
# Sourced by docker/validate.sh (helpers: docker/lib/validate-lib.sh).

readonly K8S_BASE=docker/k8s/base
readonly K8S_SECRET_TEMPLATE=docker/k8s/secret.template.yaml

section "docker/k8s"
rendered=$(rendered_compose) || true
kubectl_out=
if command -v kubectl >/dev/null 2>&1; then
  kubectl_out=$VALIDATOR_TMP/kubectl-kustomize.yaml
  if ! kubectl kustomize "$K8S_BASE" >"$kubectl_out" 2>"$VALIDATOR_TMP/kubectl.err"; then
    fail "kubectl kustomize $K8S_BASE failed:"
    sed 's/^/        /' "$VALIDATOR_TMP/kubectl.err"
    kubectl_out=
  fi
fi
run_checker node docker/lib/k8s-checker.mjs "$K8S_BASE" "$K8S_SECRET_TEMPLATE" "$rendered" ${kubectl_out:+"$kubectl_out"}
