import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configReference, sectionOf } from '../scripts/config-reference.js';
import { EnvironmentVariables, environmentVariableNames, SECRET_VARIABLES } from '../src/config/environment-variables.js';

/**
 * docs/operations.md keeps two lists that have a source elsewhere: the configuration reference
 * (generated from the config schema) and the alerts with their priorities (docker/prometheus/
 * alerts.yml). Either one going stale fails here.
 */
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const guide = read('docs/operations.md');

/** The lines of a `## heading` section, up to the next `## `. */
function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/operations.md', () => {
  it('has the configuration reference of the current schema (npm run docs:config writes it)', () => {
    const expected = configReference(
      EnvironmentVariables,
      environmentVariableNames(),
      SECRET_VARIABLES,
      read('src/config/environment-variables.ts'),
    );
    const written = sectionOf(guide);
    expect(written, 'the config-reference markers are missing').not.toBeNull();
    expect(written, 'the configuration reference is stale: run `npm run docs:config`').toBe(expected);
    for (const name of environmentVariableNames()) expect(written).toContain(`| \`${name}\` |`);
  });

  it('lists every alert of alerts.yml with its priority, and no other', () => {
    const rules = (parse(read('docker/prometheus/alerts.yml')) as { groups: { rules: { alert?: string; labels?: { priority?: string } }[] }[] })
      .groups.flatMap((group) => group.rules)
      .filter((rule) => rule.alert !== undefined);
    const inRules = new Map(rules.map((rule) => [rule.alert!, rule.labels?.priority]));
    const rows = [...section(guide, 'Alerts').matchAll(/^\| ([A-Z]\w+) \| (P[1-4]) \| (\w+) \| (.+) \|$/gm)];
    const inGuide = new Map(rows.map((row) => [row[1]!, row[2]]));

    expect(inRules.size, 'alerts.yml has no alert rule').toBeGreaterThan(0);
    expect(rows.every((row) => row[4]!.trim().length > 0), 'an alert without first actions').toBe(true);
    expect([...inRules.keys()].filter((name) => !inGuide.has(name)), 'in alerts.yml, not in docs/operations.md').toEqual([]);
    expect([...inGuide.keys()].filter((name) => !inRules.has(name)), 'in docs/operations.md, not in alerts.yml').toEqual([]);
    expect(Object.fromEntries(inGuide), 'priorities').toEqual(Object.fromEntries(inRules));
    expect(rows.length, 'an alert listed twice').toBe(inGuide.size);
  });

  it('has the sections an operator looks for', () => {
    for (const heading of [
      'Deploy with Docker Compose',
      'Deploy on Kubernetes',
      'Probes',
      'Configuration reference',
      'Alerts',
      'Troubleshooting',
      "Finding a request's log lines",
      'Backup and restore (SPEC-BAK)',
      'Deployment checklist (SPEC-DEP)',
    ]) {
      expect(section(guide, heading), heading).not.toBe('');
    }
  });
});
