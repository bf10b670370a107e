# shellcheck shell=bash
# docker/Dockerfile: dockerfile-utils, the linter of the Dockerfile language
# server that VS Code uses (Debian has no hadolint), then project rules on its
# syntax tree (dockerfile-ast, the same parser). And .dockerignore: it keeps
# dependencies, build output, git and secrets out of the build context.
# Sourced by docker/validate.sh (helpers: docker/lib/validate-lib.sh).

readonly DOCKERFILE=docker/Dockerfile
readonly DOCKERIGNORE=.dockerignore

section "$DOCKERFILE"
lint_output=$(node "$TOOLS_DIR/node_modules/dockerfile-utils/bin/dockerfile-utils" lint "$DOCKERFILE" 2>&1) \
  && lint_rc=0 || lint_rc=$?
# The linter exits 0 on warnings; any diagnostic at all counts as a failure here.
if [[ $lint_rc -eq 0 && -z "$lint_output" ]]; then
  ok "dockerfile-utils lint: no errors or warnings"
else
  fail "dockerfile-utils lint reported problems (exit $lint_rc):"
  printf '%s\n' "$lint_output" | sed 's/^/        /'
fi

NODE_PATH="$TOOLS_DIR/node_modules" run_checker node - "$DOCKERFILE" "$DOCKERIGNORE" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const { DockerfileParser } = require('dockerfile-ast');

const [dockerfilePath, dockerignorePath] = process.argv.slice(2);
const check = (cond, text) => console.log(`${cond ? 'ok' : 'fail'} ${text}`);
const args = (i) => i.getArguments().map((a) => a.getValue());
const flag = (i, name) => (i.getFlags?.() ?? []).find((f) => f.getName() === name)?.getValue();

// Split the instructions into stages at each FROM.
const stages = [];
for (const i of DockerfileParser.parse(fs.readFileSync(dockerfilePath, 'utf8')).getInstructions()) {
  if (i.getKeyword() === 'FROM') {
    const [image, as, name] = args(i);
    stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
  } else if (stages.length > 0) {
    stages.at(-1).instructions.push(i);
  }
}
const names = stages.map((s) => s.name).filter(Boolean);
check(stages.length >= 2, `multi-stage build (${stages.length} stages: ${names.join(', ')})`);
for (const [n, s] of stages.entries()) {
  check(s.image === 'node:24-slim', `stage ${s.name ?? n} is FROM node:24-slim (${s.image})`);
}

const final = stages.at(-1) ?? { instructions: [], name: 'final' };
const inFinal = (kw) => final.instructions.filter((i) => i.getKeyword() === kw);
const label = `runtime stage (${final.name ?? 'last'})`;

const users = inFinal('USER');
const user = users.length ? args(users.at(-1))[0] : undefined;
check(user !== undefined && !/^(root|0)(:.*)?$/.test(user), `${label} runs as a non-root USER (${user ?? 'none: root'})`);

const healthchecks = inFinal('HEALTHCHECK');
check(healthchecks.length > 0 && args(healthchecks.at(-1))[0]?.toUpperCase() !== 'NONE',
      `${label} has a HEALTHCHECK`);
const hcText = healthchecks.at(-1)?.getArgumentsContent() ?? '';
check(/\/health\b/.test(hcText), `${label} HEALTHCHECK probes /health`);

// Shell form would put /bin/sh in front of node as PID 1, and sh does not pass
// SIGTERM on: no graceful shutdown on `docker stop`.
const execForm = (i) => typeof i.getOpeningBracket === 'function' && i.getOpeningBracket() !== null;
const cmds = inFinal('CMD');
const cmd = cmds.at(-1);
let cmdArgs;
try { cmdArgs = cmd && JSON.parse(cmd.getArgumentsContent()); } catch { cmdArgs = undefined; }
check(cmd !== undefined && execForm(cmd) && Array.isArray(cmdArgs), `${label} CMD is in exec form (${cmd?.getArgumentsContent() ?? 'none'})`);
for (const ep of inFinal('ENTRYPOINT')) check(execForm(ep), `${label} ENTRYPOINT is in exec form`);
const entry = Array.isArray(cmdArgs) ? cmdArgs.find((a) => /^dist\/.*\.js$/.test(a)) : undefined;
const source = entry?.replace(/^dist\//, '').replace(/\.js$/, '.ts');
check(source !== undefined && fs.existsSync(source), `CMD entry ${entry ?? '?'} is compiled from an existing ${source ?? 'source file'}`);

const stopsignals = inFinal('STOPSIGNAL');
check(stopsignals.length === 0 || args(stopsignals.at(-1))[0] === 'SIGTERM', `${label} stops with SIGTERM`);
const envs = new Map(inFinal('ENV').flatMap((i) => i.getProperties().map((p) => [p.getName(), p.getValue()])));
check(envs.get('NODE_ENV') === 'production', `${label} sets NODE_ENV=production`);
check(inFinal('EXPOSE').some((i) => args(i).some((a) => a.split('/')[0] === '3000')), `${label} EXPOSEs 3000`);
const fromBuild = inFinal('COPY').filter((i) => flag(i, 'from') !== undefined);
check(fromBuild.length > 0 && fromBuild.every((i) => flag(i, 'chown') !== undefined),
      `${label} COPY --from=… all use --chown`);

// Every build-context path that a COPY or ADD names must exist and not be
// excluded by .dockerignore, or the build fails at that step.
const ignored = fs.existsSync(dockerignorePath)
  ? fs.readFileSync(dockerignorePath, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  : [];
const globToRegExp = (g) => new RegExp(`^${g.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
const matchesIn = (dir, pattern) => {
  if (!/[*?[]/.test(pattern)) return fs.existsSync(path.join(dir, pattern)) ? [pattern] : [];
  const re = globToRegExp(path.basename(pattern));
  const sub = path.dirname(pattern);
  return fs.existsSync(path.join(dir, sub))
    ? fs.readdirSync(path.join(dir, sub)).filter((f) => re.test(f)).map((f) => path.join(sub, f))
    : [];
};
for (const s of stages) {
  for (const i of s.instructions.filter((i) => ['COPY', 'ADD'].includes(i.getKeyword()) && flag(i, 'from') === undefined)) {
    for (const src of args(i).slice(0, -1)) {
      const found = matchesIn('.', src.replace(/^\.\//, ''));
      const excluded = found.filter((f) => ignored.includes(f) || ignored.includes(f.split('/')[0]));
      check(found.length > 0 && excluded.length === 0,
            `COPY source ${src} exists in the build context${excluded.length ? ` (excluded by .dockerignore: ${excluded.join(', ')})` : ''}`);
    }
  }
}

for (const entry of ['node_modules', 'dist', '.git', '.env']) {
  check(ignored.includes(entry), `${dockerignorePath} excludes ${entry}`);
}
JS
