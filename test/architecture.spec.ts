import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');

async function violationsIn(path: string) {
  const result = await cruise([path], { ruleSet: config, validate: true, ...config.options });
  return (result.output as ICruiseResult).summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
  }));
}

describe('layer rules', () => {
  it('hold for the source tree', async () => {
    expect(await violationsIn('src')).toEqual([]);
  });

  it('refuse a domain file that imports Nest or TypeORM', async () => {
    const violations = await violationsIn('test/fixtures/layering');
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'domain-is-plain-typescript', to: expect.stringMatching(/@nestjs\/common/) }),
        expect.objectContaining({ rule: 'domain-is-plain-typescript', to: expect.stringMatching(/typeorm/) }),
      ]),
    );
  });

  it('refuse a platform file that imports a module', async () => {
    const violations = await violationsIn('test/fixtures/layering/platform');
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: 'platform-knows-no-module', to: expect.stringMatching(/modules\/tasks/) }),
    );
  });

  it('refuse a CLI command that reaches into a module past its use cases', async () => {
    const violations = await violationsIn('test/fixtures/layering/cli');
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: 'cli-calls-use-cases', to: expect.stringMatching(/modules\/tasks\/infrastructure/) }),
    );
  });
});
