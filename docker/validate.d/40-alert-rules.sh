# shellcheck shell=bash
# docker/prometheus/alerts.yml: promtool check rules, test rules
# (alerts.test.yml); then project rules (docker/lib/monitoring-checker.py):
# every SPEC-ALERT-2 alert is there with its severity, duration and a P1..P4
# priority, every alert fires in a test, every recording rule is evaluated in
# one, every metric named is in metrics-contract.txt (the app's) or
# exporter-metrics.txt (the exporters'), read from a job that exposes it; and the
# two files are true: the app defines each metric of the first, none of the
# second, whose sections are jobs prometheus.yml scrapes.
# Sourced by docker/validate.sh (helpers: docker/lib/validate-lib.sh).

section "$PROM_DIR/alerts.yml"
# Only for the label; `|| true` because a file promtool rejects must reach the
# check below and fail there, not stop the run (set -e, pipefail).
rule_count=$(promtool check rules "$PROM_DIR/alerts.yml" 2>&1 | sed -n 's/.*SUCCESS: \([0-9]*\) rules found.*/\1/p') || true
promtool_check "promtool check rules alerts.yml (${rule_count:-?} rules)" check rules "$PROM_DIR/alerts.yml"
promtool_check "promtool test rules alerts.test.yml" test rules "$PROM_DIR/alerts.test.yml"
run_checker "$PYTHON" "$MONITORING_CHECKER" contract "$CONTRACT" "$EXPORTER_METRICS" "$PROM_DIR/prometheus.yml" \
  src/platform/metrics node_modules/prom-client/lib/metrics
run_checker "$PYTHON" "$MONITORING_CHECKER" rules "$PROM_DIR/alerts.yml" "$PROM_DIR/alerts.test.yml" "$CONTRACT" "$EXPORTER_METRICS"
