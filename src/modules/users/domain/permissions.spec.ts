import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grantOf, permissionTableMarkdown } from './permissions.js';

describe('the permission table', () => {
  it('gives admins everything and viewers reading only', () => {
    expect(grantOf('admin', 'admin', 'delete')).toBe('all');
    expect(grantOf('viewer', 'tasks', 'read')).toBe('all');
    expect(grantOf('viewer', 'tasks', 'create')).toBeUndefined();
    expect(grantOf('manager', 'users', 'read')).toBe('all');
    expect(grantOf('manager', 'users', 'update')).toBeUndefined();
    expect(grantOf('member', 'users', 'read')).toBeUndefined();
    expect(grantOf('member', 'cases', 'create')).toBe('all');
  });

  it('is the one in the README, generated from the code', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(permissionTableMarkdown());
  });
});
