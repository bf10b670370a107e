import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSuspiciousInput } from './suspicious-input.js';

const kindsOf = (text: string) => findSuspiciousInput({ path: '/tasks', body: { title: text } }).map((s) => s.kind);

describe('findSuspiciousInput', () => {
  it.each([
    "' OR 1=1 --",
    "x' or 'a'='a",
    "admin'--",
    '1 OR 1=1',
    '1 UNION SELECT email, password_hash FROM users',
    '1 union all select null',
    "1; DROP TABLE tasks",
    "x'; delete from users where '1'='1",
    "1; update users set role='admin'",
    "1 AND pg_sleep(5)",
    "'; WAITFOR DELAY '0:0:5'--",
  ])('takes %j for SQL injection', (text) => {
    expect(kindsOf(text)).toContain('sql');
  });

  it.each([
    '<script>alert(1)</script>',
    '< SCRIPT src=//evil.example>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    'JavaScript:void(0)',
    '<svg/onload=alert(1)>',
    '<div onpointerenter = "x()">',
    'data:text/html;base64,PHNjcmlwdD4=',
    '" onmouseover="alert(1)',
  ])('takes %j for XSS', (text) => {
    expect(kindsOf(text)).toContain('xss');
  });

  it.each([
    'Collect signed NDA',
    "Bob's and Alice's review",
    "Don't forget: the 'Q3' report -- due Friday",
    'Done; update the docs afterwards',
    'Select the union representatives',
    'Sleep (8h) before the release',
    'Plan: 3 = 3 steps, or 4',
    'Ask about the onboarding = week 1',
    'https://example.com/path?a=1&b=2',
    'a <= b and c > d',
    '2026-12-31',
    '',
  ])('leaves %j alone', (text) => {
    expect(kindsOf(text)).toEqual([]);
  });

  it('names the field by its path in the body, the query or the path, never its value', () => {
    const found = findSuspiciousInput({
      path: "/tasks/'%20OR%201%3D1--?q=x",
      query: { q: '<script>', status: 'todo' },
      body: { title: 'fine', steps: [{ key: 'a' }, { key: 'b', name: "' OR 'x'='x" }], 'we ird': 'javascript:x' },
    });
    expect(found).toEqual([
      { field: 'path', kind: 'sql' },
      { field: 'query.q', kind: 'xss' },
      { field: 'body.steps[1].name', kind: 'sql' },
      { field: 'body[?]', kind: 'xss' },
    ]);
  });

  it('never looks at fields that hold secrets', () => {
    expect(
      findSuspiciousInput({
        path: '/auth/login',
        query: { token: "' OR 1=1 --" },
        body: { email: 'ann@example.com', password: "' OR 1=1 --", newPassword: '<script>', nested: { refreshToken: '<script>' } },
      }),
    ).toEqual([]);
  });

  it('stays bounded: it stops at 10 findings and looks at 64 KiB of text at most', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, '<script>']));
    expect(findSuspiciousInput({ path: '/', body: many })).toHaveLength(10);
    // Past the budget nothing is looked at: the attack after 100 KiB of text goes unseen.
    const padded = { a: 'x'.repeat(4096), list: Array.from({ length: 30 }, () => 'y'.repeat(4096)), z: '<script>' };
    expect(findSuspiciousInput({ path: '/', body: padded })).toEqual([]);
    // A 1 MB string with many tag openings costs one 4 KiB scan.
    const started = performance.now();
    findSuspiciousInput({ path: '/', body: { text: '<a'.repeat(500_000) } });
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('never throws, and only names fields that exist, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.string(), (body, path) => {
        const found = findSuspiciousInput({ path, query: {}, body });
        expect(found.length).toBeLessThanOrEqual(10);
        for (const { field, kind } of found) {
          expect(['sql', 'xss']).toContain(kind);
          expect(field).toMatch(/^(path|body)(\.[A-Za-z_$][\w$-]*|\[\d+\]|\[\?\])*$/);
        }
      }),
    );
  });
});
