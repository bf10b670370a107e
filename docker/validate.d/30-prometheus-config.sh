# shellcheck shell=bash
# docker/prometheus/prometheus.yml: promtool check config (on a copy, beside a
# throwaway metrics token), then what the compose stack relies on: the scrape
# targets, the API's token from a file, the rule file it loads.
# Sourced by docker/validate.sh (helpers: docker/lib/validate-lib.sh).

section "$PROM_DIR/prometheus.yml"
# A copy of the config with a throwaway token beside it: credentials_file is
# relative to the config, and promtool checks that the file exists. alerts.yml
# comes along: check config also checks the rule files the config loads.
prom_check_dir=$VALIDATOR_TMP
cp "$PROM_DIR/prometheus.yml" "$PROM_DIR/alerts.yml" "$prom_check_dir/"
printf 'validate-only-not-a-token\n' >"$prom_check_dir/metrics-token"
promtool_check "promtool check config prometheus.yml (with alerts.yml; throwaway token file)" \
  check config "$prom_check_dir/prometheus.yml"

run_checker "$PYTHON" - "$PROM_DIR/prometheus.yml" <<'PY'
import sys, yaml

check = lambda cond, text: print(("ok " if cond else "fail ") + text)

# prometheus.yml: what the compose stack relies on.
cfg = yaml.safe_load(open(sys.argv[1])) or {}
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
PY
