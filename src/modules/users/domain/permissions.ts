import { USER_ROLES, type UserRole } from '../../../shared/domain/user-role.js';
import { ACTIONS, type Action, type Grant, RESOURCES, type Resource } from '../../../shared/domain/permission.js';

type Table = Record<UserRole, Record<Resource, Partial<Record<Action, Grant>>>>;

const everything = (grant: Grant) => Object.fromEntries(ACTIONS.map((action) => [action, grant])) as Record<Action, Grant>;
const readOnly = { read: 'all' } as const;

/**
 * Who may do what: role x resource x action. `all` allows it on any resource of the kind,
 * `own` on the user's own only (the use case checks: a task they created or are assigned,
 * a case they created or a step assigned to them), anything absent is refused (403).
 * The README's table is generated from this one (a test keeps them equal).
 */
export const PERMISSIONS: Table = {
  admin: Object.fromEntries(RESOURCES.map((resource) => [resource, everything('all')])) as Table['admin'],
  manager: {
    tasks: everything('all'),
    templates: everything('all'),
    calendars: everything('all'),
    cases: everything('all'),
    users: readOnly,
    webhooks: everything('all'),
    'audit-logs': {},
    admin: {},
  },
  member: {
    tasks: { read: 'all', create: 'all', update: 'own', delete: 'own' },
    templates: readOnly,
    calendars: readOnly,
    cases: { read: 'all', create: 'all', update: 'own' },
    users: {},
    webhooks: {},
    'audit-logs': {},
    admin: {},
  },
  viewer: {
    tasks: readOnly,
    templates: readOnly,
    calendars: readOnly,
    cases: readOnly,
    users: {},
    webhooks: {},
    'audit-logs': {},
    admin: {},
  },
};

export function grantOf(role: UserRole, resource: Resource, action: Action): Grant | undefined {
  return PERMISSIONS[role][resource][action];
}

/** The table as Markdown, for the README. */
export function permissionTableMarkdown(): string {
  const header = `| role | ${RESOURCES.join(' | ')} |`;
  const rule = `|---|${RESOURCES.map(() => '---').join('|')}|`;
  const cell = (role: UserRole, resource: Resource) => {
    const grants = ACTIONS.flatMap((action) => {
      const grant = grantOf(role, resource, action);
      return grant ? [grant === 'own' ? `${action} (own)` : action] : [];
    });
    return grants.length === ACTIONS.length && grants.every((g) => !g.includes('own')) ? 'all' : grants.join(', ') || '-';
  };
  return [header, rule, ...USER_ROLES.map((role) => `| ${role} | ${RESOURCES.map((r) => cell(role, r)).join(' | ')} |`)].join('\n');
}
