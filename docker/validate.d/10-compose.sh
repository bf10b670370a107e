# shellcheck shell=bash
# docker/docker-compose.yml: Debian's docker-compose (Compose v1, 1.29) parses,
# schema-checks and interpolates it; it must refuse to render without either
# password; then project rules on the rendered model (the Python block below).
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
ALL = ("api", "postgres", "redis", "prometheus", "grafana", "node-exporter")
for name in ALL:
    check(name in services, f"service {name} is defined")
for name in ALL:
    if name in services:
        check(healthcheck_test(services[name]) is not None, f"service {name} has a healthcheck")

# `condition: service_healthy` on a service without a healthcheck passes
# `config` but makes `up` fail.
for name, svc in sorted(services.items()):
    for dep, spec in sorted((svc.get("depends_on") or {}).items()):
        if (spec or {}).get("condition") == "service_healthy":
            check(dep in services and healthcheck_test(services[dep]) is not None,
                  f"{name} waits for {dep} to be healthy, and {dep} has a healthcheck")

api = services.get("api") or {}
deps = api.get("depends_on") or {}
for dep in ("postgres", "redis"):
    check((deps.get(dep) or {}).get("condition") == "service_healthy",
          f"api depends_on {dep} with condition service_healthy")

env = api.get("environment") or {}
check(str(env.get("DATABASE_URL", "")).startswith("postgres") and "@postgres:" in str(env.get("DATABASE_URL", "")),
      "api DATABASE_URL points at the postgres service")
check(str(env.get("REDIS_URL", "")).startswith("redis://redis:"), "api REDIS_URL points at the redis service")
check(env.get("NODE_ENV") == "production", "api runs with NODE_ENV=production")

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
token_prom = binds(services.get("prometheus") or {}).get("/etc/prometheus/metrics-token") or {}
check(bool(token_api.get("source")) and token_api.get("source") == token_prom.get("source")
      and token_api.get("read_only") and token_prom.get("read_only"),
      f"api and prometheus mount the same metrics token file read-only ({token_api.get('source')})")
check(bool(token_api.get("source")) and not token_api.get("source", "").startswith(os.path.join(repo_root, "docker/prometheus")),
      "the metrics token file is outside the mounted config folders")
api_cmd = " ".join((services.get("api") or {}).get("command") or [])
check("/run/secrets/metrics-token" in api_cmd and "METRICS_TOKEN" in api_cmd and "exec node dist/src/main.js" in api_cmd,
      "api reads METRICS_TOKEN from the token file, then execs node (PID 1, gets SIGTERM)")

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

