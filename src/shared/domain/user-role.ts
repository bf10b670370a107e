/** Who may do what is decided by the role (see permissions.ts); the order is no hierarchy. */
export const USER_ROLES = ['admin', 'manager', 'member', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];
