# Project rules for the monitoring files, in one Python program with three
# modes (contract and rules: docker/validate.d/40-alert-rules.sh, grafana:
# 50-grafana.sh) that share the contract and a PromQL reader. The reader is no
# full parser (promtool parses): it finds the metric names and the label
# matchers of the vector selectors, which is what the contract is about. Prints
# "ok <text>" / "fail <text>" lines, which docker/validate.sh counts
# (run_checker).
#
# The contract is two files: metrics-contract.txt, the app's own metrics (from
# the jobs in APP_JOBS), and exporter-metrics.txt, those of each exporter under
# its [job] and Prometheus's `up` under [prometheus] (any job).
import glob, json, os, re, sys, yaml

mode = sys.argv[1]
check = lambda cond, text: print(("ok " if cond else "fail ") + text)

APP = "app"
APP_JOBS = ("process-todo-api", "process-todo-worker")
ANY_JOB = "prometheus"  # `up`: one series per target, whatever its job
# The prefix every metric of an exporter has: an exporter metric without it, or
# an app metric with it, is in the wrong file.
EXPORTER_PREFIXES = {"node-exporter": "node_", "postgres-exporter": "pg_", "redis-exporter": "redis_"}

def contract_lines(path):
    """(section, name, type, labels, line number); section None outside [job] headers."""
    section = None
    for number, raw in enumerate(open(path), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        header = re.fullmatch(r"\[([a-z0-9-]+)\]", line)
        if header:
            section = header.group(1)
            continue
        fields = line.split()
        yield section, fields[0], fields[1] if len(fields) > 1 else None, set(fields[2:]), number

def load_contract(app_path, exporter_path):
    """{name: {type, labels, source}}: source APP for metrics-contract.txt, the job of
    its section for exporter-metrics.txt."""
    metrics = {}
    for _, name, type_, labels, _ in contract_lines(app_path):
        metrics[name] = {"type": type_, "labels": labels, "source": APP}
    for section, name, type_, labels, _ in contract_lines(exporter_path):
        metrics.setdefault(name, {"type": type_, "labels": labels, "source": section})
    return metrics

def jobs_of(source):
    """The jobs that expose a metric of this source; None: any job."""
    return None if source == ANY_JOB else (APP_JOBS if source == APP else (source,))

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
    """[(metric name or None, {label names matched}, [(label, op, value)])] for each
    vector selector."""
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
            raw = expr[i + 1:end - 1]
            body = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`', '""', raw)
            labels = set(re.findall(r'([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)', body))
            matchers = [(m[0], m[1], m[2].replace('\\\\', '\\')) for m in
                        re.findall(r'([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:\\.|[^"\\])*)"', raw)]
            if last is not None:
                out[last] = (out[last][0], labels, matchers)
            else:
                out.append((None, labels, matchers))
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
                out.append((word, set(), [])); last = len(out) - 1
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

def job_problem(name, source, matchers):
    """Why the job matchers of a selector cannot select the jobs that expose the metric,
    or None. `pg_up{job="process-todo-api"}` is always empty: a silent panel or an alert
    that cannot fire."""
    jobs = jobs_of(source)
    if jobs is None:
        return None
    for label, op, value in matchers:
        if label != "job":
            continue
        if op == "=" and value not in jobs:
            return f'{name}{{job="{value}"}}: {name} comes from job {" or ".join(jobs)}'
        if op == "=~" and not any(re.fullmatch(value, j) for j in jobs):
            return f'{name}{{job=~"{value}"}}: matches none of {", ".join(jobs)}'
    return None

def audit(expr, contract, records, where):
    """Checks the metric names and matchers of one expression; returns the contract
    metrics it reads (through recording rules too)."""
    used, problems = set(), []
    for name, labels, matchers in selectors(expr):
        if name is None:
            problems.append("a selector without a metric name")
        elif name in records:
            used |= records[name]
        else:
            base, allowed = resolve(name, contract)
            if base is None:
                problems.append(f"{name} is not in the metric contract (metrics-contract.txt, exporter-metrics.txt)")
                continue
            used.add(base)
            unknown = labels - allowed - {"job", "instance"}
            if unknown:
                problems.append(f"{name} has no label {', '.join(sorted(unknown))}")
            wrong_job = job_problem(name, contract[base]["source"], matchers)
            if wrong_job:
                problems.append(wrong_job)
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

if mode == "contract":
    # The two files say where each metric comes from; that must be true.
    contract_path, exporter_path, prometheus_path, src_dir, prom_client_dir = sys.argv[2:7]
    app = {name: number for _, name, _, _, number in contract_lines(contract_path)}
    exporter = list(contract_lines(exporter_path))
    # The app's: each name defined in the app's metrics module (a quoted name outside
    # the tests), or one of prom-client's default metrics, which the app collects.
    sources = [f for f in glob.glob(os.path.join(src_dir, "**", "*.ts"), recursive=True) if not f.endswith(".spec.ts")]
    app_text = "\n".join(open(f).read() for f in sources)
    default_text = "\n".join(open(f).read() for f in glob.glob(os.path.join(prom_client_dir, "*.js")))
    quoted = lambda name, text: re.search(rf"""['"`]{re.escape(name)}['"`]""", text) is not None
    undefined = [n for n in app if not quoted(n, app_text) and not quoted(n, default_text)]
    check(bool(app) and not undefined,
          f"metrics-contract.txt: each of its {len(app)} metrics is the app's (defined in {src_dir} or a prom-client default)"
          + (f"; not defined there: {', '.join(undefined)}" if undefined else ""))
    prefixed = [n for n in app if any(n.startswith(p) for p in EXPORTER_PREFIXES.values())]
    check(not prefixed, "metrics-contract.txt lists no exporter's metric (node_, pg_, redis_)"
          + (f" ({', '.join(prefixed)})" if prefixed else ""))
    jobs = {j.get("job_name") for j in (yaml.safe_load(open(prometheus_path)) or {}).get("scrape_configs") or []}
    sections = sorted({sec for sec, *_ in exporter if sec is not None})
    outside = [name for sec, name, *_ in exporter if sec is None]
    check(not outside, "exporter-metrics.txt: every metric is under its exporter's [job]"
          + (f" (outside one: {', '.join(outside)})" if outside else ""))
    unscraped = [sec for sec in sections if sec not in jobs]
    check(bool(sections) and not unscraped,
          f"exporter-metrics.txt: each section is a job prometheus.yml scrapes ({', '.join(sections)})"
          + (f"; not scraped: {', '.join(unscraped)}" if unscraped else ""))
    for sec in sections:
        names = [name for s_, name, *_ in exporter if s_ == sec]
        prefix = EXPORTER_PREFIXES.get(sec)
        wrong = [n for n in names if prefix and not n.startswith(prefix)] if sec != ANY_JOB else [n for n in names if n != "up"]
        ours = [n for n in names if n in app or quoted(n, app_text)]
        check(bool(names) and (prefix is not None or sec == ANY_JOB) and not wrong and not ours,
              f"[{sec}]: {len(names)} metrics"
              + (f", each {prefix}*" if prefix else "")
              + (", none of them the app's" if not ours else f"; the app's: {', '.join(ours)}")
              + (f"; not {prefix or 'up'}: {', '.join(wrong)}" if wrong else "")
              + ("" if prefix is not None or sec == ANY_JOB else "; no known prefix for this exporter (EXPORTER_PREFIXES)"))
    twice = sorted({name for _, name, *_ in exporter if [n for _, n, *_ in exporter].count(name) > 1} | (set(app) & {n for _, n, *_ in exporter}))
    check(not twice, "no metric is listed twice, in one file or across both" + (f" ({', '.join(twice)})" if twice else ""))

elif mode == "rules":
    rules_path, tests_path, contract_path, exporter_path = sys.argv[2:6]
    contract = load_contract(contract_path, exporter_path)
    rules, records = load_rules(rules_path, contract)
    alerts = {r["alert"]: r for r in rules if "alert" in r}

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

    # The servers' own alerts, from the exporters (issue "Deployment and operations"):
    # either server down takes the API out of its Service (readiness needs both).
    datastores = [  # alert, severity, priority, a metric of the exporter it must read
        ("PostgresDown", "critical", "P1", "pg_up"), ("PostgresDeadlocks", "critical", "P2", "pg_stat_database_deadlocks"),
        ("PostgresConnectionsNearLimit", "warning", "P3", "pg_settings_max_connections"),
        ("PostgresLockWaits", "warning", "P3", "pg_stat_activity_count"),
        ("RedisDown", "critical", "P1", "redis_up"), ("RedisMemoryNearLimit", "warning", "P3", "redis_memory_max_bytes"),
        ("RedisEvictions", "critical", "P2", "redis_evicted_keys_total"),
        ("WorkerDown", "warning", "P3", "up"),
    ]
    for name, severity, priority, metric in datastores:
        r = alerts.get(name) or {}
        labels = r.get("labels") or {}
        reads = {n for n, *_ in selectors(r.get("expr", ""))}
        check(labels.get("severity") == severity and labels.get("priority") == priority and metric in reads,
              f"{name}: severity {severity}, priority {priority}, reads {metric}")

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
    (dash_path, ds_path, prov_path, rules_path, contract_path, exporter_path, rendered, exprs_out) = sys.argv[2:10]
    contract = load_contract(contract_path, exporter_path)
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
