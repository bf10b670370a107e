# shellcheck shell=bash
# docker/prometheus/prometheus.yml: promtool check config (on a copy, beside a
# throwaway metrics token), then what the compose stack relies on: the scrape
# targets (the API, the worker, node-exporter, postgres-exporter,
# redis-exporter, itself), each a compose service on the port it listens on;
# the app's token from a file; the rule file it loads.
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

# When the compose file does not render, 10-compose.sh reports it; the checks
# here that compare with the model then fail on an empty one.
rendered=$(rendered_compose) || true
run_checker "$PYTHON" - "$PROM_DIR/prometheus.yml" "$rendered" <<'PY'
import sys, yaml

check = lambda cond, text: print(("ok " if cond else "fail ") + text)

# prometheus.yml: what the compose stack relies on.
cfg = yaml.safe_load(open(sys.argv[1])) or {}
services = (yaml.safe_load(open(sys.argv[2])) or {}).get("services") or {}
jobs = {j.get("job_name"): j for j in cfg.get("scrape_configs") or []}
targets = lambda j: [t for sc in (jobs.get(j) or {}).get("static_configs") or [] for t in sc.get("targets") or []]
# job -> (target, compose service): what the alerts (job label) and the
# dashboard read, each a service of the stack.
expected = {
    "process-todo-api": ("api:3000", "api"),
    "process-todo-worker": ("worker:3000", "worker"),
    "node-exporter": ("node-exporter:9100", "node-exporter"),
    "postgres-exporter": ("postgres-exporter:9187", "postgres-exporter"),
    "redis-exporter": ("redis-exporter:9121", "redis-exporter"),
}
for job, (target, service) in expected.items():
    check(targets(job) == [target] and service in services,
          f"prometheus.yml job {job} scrapes {target}, a compose service")
check(targets("prometheus") == ["localhost:9090"], "prometheus.yml scrapes Prometheus itself")
unknown = sorted(set(jobs) - set(expected) - {"prometheus"})
check(not unknown, "prometheus.yml has no job the alerts and the dashboard do not know" + (f" ({', '.join(unknown)})" if unknown else ""))
for job in ("process-todo-api", "process-todo-worker"):
    j = jobs.get(job) or {}
    auth = j.get("authorization") or {}
    check(j.get("metrics_path", "/metrics") == "/metrics" and auth.get("credentials_file") == "metrics-token"
          and "credentials" not in auth and not j.get("bearer_token") and not j.get("basic_auth"),
          f"{job}: /metrics with the bearer token from a file (credentials_file: metrics-token), none inline")
check("alerts.yml" in (cfg.get("rule_files") or []), "prometheus.yml loads alerts.yml")
PY
