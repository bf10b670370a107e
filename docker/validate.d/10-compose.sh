# shellcheck shell=bash
# docker/docker-compose.yml: Debian's docker-compose (Compose v1, 1.29) parses,
# schema-checks and interpolates it; it must refuse to render without each
# secret; then project rules on the rendered model (the Python block below):
# the services and their healthchecks, the start order (migrate, then api and
# worker), the roles, the exporters, images, mounts and published ports.
# Sourced by docker/validate.sh (helpers: docker/lib/validate-lib.sh).

section "$COMPOSE_YML"
compose_stderr=$VALIDATOR_TMP/stderr

if compose "${REQUIRED_SECRETS[@]}" \
  docker-compose --env-file "$(no_env_file)" -f "$COMPOSE_YML" config -q 2>"$compose_stderr"; then
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

# Each secret must be required on its own: the others are set.
for pair in "${REQUIRED_SECRETS[@]}"; do
  required=${pair%%=*}
  set_other=()
  for other in "${REQUIRED_SECRETS[@]}"; do [[ $other == "$pair" ]] || set_other+=("$other"); done
  if compose "${set_other[@]}" docker-compose --env-file "$(no_env_file)" -f "$COMPOSE_YML" config -q \
    >/dev/null 2>"$compose_stderr"; then
    fail "renders without $required: the password must come from the environment, with no default"
  elif grep -q "$required" "$compose_stderr"; then
    ok "refuses to render without $required (no default, no secret in the repo)"
  else
    fail "without $required, docker-compose failed for another reason:"
    sed 's/^/        /' "$compose_stderr"
  fi
done

if rendered=$(rendered_compose); then
  if py=$(yaml_python); then
    # Rules docker-compose itself does not enforce, checked on the rendered model.
    run_checker "$py" - "$rendered" "$REPO_ROOT" "$THROWAWAY_GRAFANA_PASSWORD" <<'PY'
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

grafana_password = sys.argv[3]
ALL = ("api", "worker", "postgres", "redis", "prometheus", "grafana", "node-exporter",
       "postgres-exporter", "redis-exporter")
for name in ALL + ("migrate",):
    check(name in services, f"service {name} is defined")
for name in ALL:
    if name in services:
        check(healthcheck_test(services[name]) is not None, f"service {name} has a healthcheck")

# `condition: service_healthy` on a service without a healthcheck passes
# `config` but makes `up` fail; `service_completed_successfully` on one that
# restarts never completes.
for name, svc in sorted(services.items()):
    for dep, spec in sorted((svc.get("depends_on") or {}).items()):
        condition = (spec or {}).get("condition")
        if condition == "service_healthy":
            check(dep in services and healthcheck_test(services[dep]) is not None,
                  f"{name} waits for {dep} to be healthy, and {dep} has a healthcheck")
        elif condition == "service_completed_successfully":
            check(dep in services and str(services[dep].get("restart", "no")).split(":")[0] in ("no", "on-failure"),
                  f"{name} waits for {dep} to complete, and {dep} is a one-shot (restart: no)")

# The one-shot migration: TypeORM's CLI on the built data source, with the
# database settings the app uses; api and worker wait for it and do not migrate.
migrate = services.get("migrate") or {}
api, worker = services.get("api") or {}, services.get("worker") or {}
menv = migrate.get("environment") or {}
check((migrate.get("command") or []) == ["node", "node_modules/typeorm/cli.js", "migration:run", "-d", "dist/src/data-source.js"],
      "migrate runs `node node_modules/typeorm/cli.js migration:run -d dist/src/data-source.js`")
check(migrate.get("image") == api.get("image") == worker.get("image") and bool(api.get("image"))
      and migrate.get("build") == api.get("build") == worker.get("build"),
      f"migrate, api and worker run one image, built from one context ({api.get('image')})")
check(healthcheck_test(migrate) is None and not migrate.get("ports"),
      "migrate has no healthcheck (it serves no HTTP) and publishes no port")
check(((migrate.get("depends_on") or {}).get("postgres") or {}).get("condition") == "service_healthy",
      "migrate depends_on postgres with condition service_healthy")
for key in ("NODE_ENV", "DATABASE_URL"):
    check(menv.get(key) is not None and menv.get(key) == (api.get("environment") or {}).get(key),
          f"migrate's {key} is the api's")

for name, role in (("api", "api"), ("worker", "worker")):
    svc = services.get(name) or {}
    deps = svc.get("depends_on") or {}
    env = svc.get("environment") or {}
    for dep in ("postgres", "redis"):
        check((deps.get(dep) or {}).get("condition") == "service_healthy",
              f"{name} depends_on {dep} with condition service_healthy")
    check((deps.get("migrate") or {}).get("condition") == "service_completed_successfully",
          f"{name} depends_on migrate with condition service_completed_successfully")
    check(env.get("APP_ROLE") == role, f"{name} runs with APP_ROLE={role}")
    check(str(env.get("MIGRATIONS_RUN")).lower() == "false", f"{name} runs with MIGRATIONS_RUN=false (migrate applies them)")
    check(str(env.get("DATABASE_URL", "")).startswith("postgres") and "@postgres:" in str(env.get("DATABASE_URL", "")),
          f"{name} DATABASE_URL points at the postgres service")
    check(str(env.get("REDIS_URL", "")).startswith("redis://redis:"), f"{name} REDIS_URL points at the redis service")
    check(env.get("NODE_ENV") == "production", f"{name} runs with NODE_ENV=production")
    check(int(str(svc.get("stop_grace_period", "10s")).rstrip("s") or 0) > 10,
          f"{name} stop_grace_period ({svc.get('stop_grace_period', '10s')}) is longer than SHUTDOWN_TIMEOUT_MS (10 s)")
check(all((worker.get("environment") or {}).get(k) == (api.get("environment") or {}).get(k)
          for k in ("DATABASE_URL", "REDIS_URL", "JWT_SECRET")),
      "worker and api share DATABASE_URL, REDIS_URL and JWT_SECRET")

# Redis holds Bull's jobs: a memory bound (so that RedisMemoryNearLimit has a
# limit to compare with) and no eviction of a job.
redis_cmd = " ".join(str(a) for a in (services.get("redis") or {}).get("command") or [])
check("--maxmemory " in redis_cmd and "--maxmemory-policy noeviction" in redis_cmd,
      "redis runs with a --maxmemory and --maxmemory-policy noeviction (Bull's jobs must not be evicted)")

# The exporters read the stack's own servers.
pexp = (services.get("postgres-exporter") or {})
pexp_env = pexp.get("environment") or {}
check(str(pexp_env.get("DATA_SOURCE_URI", "")).startswith("postgres:5432/process_todo")
      and pexp_env.get("DATA_SOURCE_USER") == "process_todo" and bool(pexp_env.get("DATA_SOURCE_PASS")),
      "postgres-exporter connects to the postgres service's process_todo database")
rexp = (services.get("redis-exporter") or {})
check(str((rexp.get("environment") or {}).get("REDIS_ADDR", "")).startswith("redis://redis:6379"),
      "redis-exporter connects to the redis service")
for name, dep in (("postgres-exporter", "postgres"), ("redis-exporter", "redis")):
    check((((services.get(name) or {}).get("depends_on") or {}).get(dep) or {}).get("condition") == "service_healthy",
          f"{name} depends_on {dep} with condition service_healthy")

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

# --- monitoring -------------------------------------------------------------
def binds(svc):
    """{target: mount} for the bind mounts of a service, short or long syntax."""
    out = {}
    for v in svc.get("volumes") or []:
        if isinstance(v, str):
            parts = v.split(":")
            if len(parts) >= 2 and parts[0].startswith(("/", ".")):
                out[parts[1]] = {"type": "bind", "source": parts[0], "target": parts[1],
                                 "read_only": "ro" in (parts[2:] and parts[2].split(",") or [])}
        elif v.get("type") == "bind":
            out[v.get("target")] = v
    return out

def named_volumes(svc):
    out = {}
    for v in svc.get("volumes") or []:
        if isinstance(v, str):
            parts = v.split(":")
            if len(parts) >= 2 and not parts[0].startswith(("/", ".")):
                out[parts[1]] = parts[0]
        elif v.get("type") == "volume":
            out[v.get("target")] = v.get("source")
    return out

def same(a, b):
    return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)

def mounted(svc_name, target, source, what):
    m = binds(services.get(svc_name) or {}).get(target)
    check(m is not None and same(m.get("source", ""), os.path.join(repo_root, source)) and bool(m.get("read_only")),
          f"{svc_name} mounts {source} read-only at {target}")

mounted("prometheus", "/etc/prometheus/prometheus.yml", "docker/prometheus/prometheus.yml", "config")
mounted("prometheus", "/etc/prometheus/alerts.yml", "docker/prometheus/alerts.yml", "rules")
mounted("grafana", "/etc/grafana/provisioning", "docker/grafana/provisioning", "provisioning")
mounted("grafana", "/etc/grafana/dashboards", "docker/grafana/dashboards", "dashboards")
prom_args = " ".join((services.get("prometheus") or {}).get("command") or [])
check("--config.file=/etc/prometheus/prometheus.yml" in prom_args, "prometheus reads /etc/prometheus/prometheus.yml")
check(named_volumes(services.get("prometheus") or {}).get("/prometheus") is not None
      and "--storage.tsdb.path=/prometheus" in prom_args, "prometheus keeps its data in a named volume at /prometheus")
check(named_volumes(services.get("grafana") or {}).get("/var/lib/grafana") is not None,
      "grafana keeps its data in a named volume at /var/lib/grafana")

# The metrics token: one file, read-only in both the API and Prometheus (where
# prometheus.yml's credentials_file, relative to the config, finds it), and not
# in the repository.
token_api = binds(services.get("api") or {}).get("/run/secrets/metrics-token") or {}
token_worker = binds(services.get("worker") or {}).get("/run/secrets/metrics-token") or {}
token_prom = binds(services.get("prometheus") or {}).get("/etc/prometheus/metrics-token") or {}
check(bool(token_api.get("source")) and token_api.get("source") == token_prom.get("source") == token_worker.get("source")
      and token_api.get("read_only") and token_worker.get("read_only") and token_prom.get("read_only"),
      f"api, worker and prometheus mount the same metrics token file read-only ({token_api.get('source')})")
check(bool(token_api.get("source")) and not token_api.get("source", "").startswith(os.path.join(repo_root, "docker/prometheus")),
      "the metrics token file is outside the mounted config folders")
for name in ("api", "worker"):
    cmd = " ".join((services.get(name) or {}).get("command") or [])
    check("/run/secrets/metrics-token" in cmd and "METRICS_TOKEN" in cmd and "exec node dist/src/main.js" in cmd,
          f"{name} reads METRICS_TOKEN from the token file, then execs node (PID 1, gets SIGTERM)")

genv = (services.get("grafana") or {}).get("environment") or {}
check(genv.get("GF_SECURITY_ADMIN_PASSWORD") == grafana_password,
      "grafana's admin password comes from GRAFANA_ADMIN_PASSWORD")
check(str(genv.get("GF_USERS_ALLOW_SIGN_UP", "")).lower() == "false" and
      str(genv.get("GF_AUTH_ANONYMOUS_ENABLED", "false")).lower() == "false",
      "grafana allows no sign-up and no anonymous access")

node_exp = services.get("node-exporter") or {}
root_bind = binds(node_exp).get("/host") or {}
check(root_bind.get("source") == "/" and bool(root_bind.get("read_only"))
      and "--path.rootfs=/host" in (node_exp.get("command") or []),
      "node-exporter reads the host's root filesystem, read-only, at /host")

# Published ports: the API on every interface; Prometheus (no authentication)
# and Grafana on the loopback interface only; nothing else.
def published(svc):
    out = []
    for p in svc.get("ports") or []:
        if isinstance(p, dict):
            out.append((p.get("host_ip", ""), str(p.get("published", "")), str(p.get("target", ""))))
        else:
            parts = str(p).split("/")[0].split(":")
            ip, pub, tgt = (parts if len(parts) == 3 else ([""] + parts if len(parts) == 2 else ["", "", parts[0]]))
            out.append((ip, pub, tgt))
    return out
for name, svc in sorted(services.items()):
    ports = published(svc)
    if name == "api":
        check([p[2] for p in ports] == ["3000"], "api publishes port 3000")
    elif name in ("prometheus", "grafana"):
        check(len(ports) == 1 and ports[0][0] == "127.0.0.1", f"{name} publishes on 127.0.0.1 only ({ports})")
    else:
        check(not ports, f"{name} publishes no port")
PY
  else
    fail "no python3 with PyYAML to check the rendered compose model"
  fi
else
  fail "could not render the compose file for the rule checks"
fi

