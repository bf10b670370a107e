# shellcheck shell=bash
# docker/grafana/: the provisioning files and the dashboard JSON parse and agree
# with the compose file; every panel queries a contract metric (directly or
# through a recording rule) on the provisioned datasource, every contract
# metric is on a panel (docker/lib/monitoring-checker.py), and promtool parses
# every panel's PromQL, which the checker writes out as recording rules.
# Sourced by docker/validate.sh (helpers: docker/lib/validate-lib.sh).

section "$GRAFANA_DIR"
# When the compose file does not render, 10-compose.sh reports it; the checks
# here that compare with the model then fail on an empty one.
rendered=$(rendered_compose) || true
dashboard_rules=$VALIDATOR_TMP/dashboard-rules.yml
: >"$dashboard_rules" # promtool reads it even if the checker writes nothing
run_checker "$PYTHON" "$MONITORING_CHECKER" grafana "$GRAFANA_DIR/dashboards/process-todo.json" \
  "$GRAFANA_DIR/provisioning/datasources/prometheus.yml" "$GRAFANA_DIR/provisioning/dashboards/dashboards.yml" \
  "$PROM_DIR/alerts.yml" "$CONTRACT" "$EXPORTER_METRICS" "$rendered" "$dashboard_rules"
panel_queries=$(grep -c 'expr:' "$dashboard_rules" || true)
promtool_check "promtool parses every panel query (${panel_queries} queries as recording rules)" \
  check rules "$dashboard_rules"
