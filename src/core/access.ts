/**
 * Access control: one function decides (user, action, resource's org unit) → allow/deny.
 * Policies are data: each module registers its actions with the roles that may perform them.
 * Scope follows the organisation (DESIGN principle 6): a user acts on records of their org unit's subtree
 * (and of the units it succeeded); `orgScopeOf` in the org module computes that set once per request.
 */
export const ROLES = ['admin', 'leader', 'officer', 'clerk', 'inspector', 'editor', 'publisher', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  leader: { vi: 'Lãnh đạo', en: 'Leader' },
  officer: { vi: 'Chuyên viên', en: 'Officer' },
  clerk: { vi: 'Cán bộ một cửa', en: 'One-stop clerk' },
  inspector: { vi: 'Thanh tra viên', en: 'Inspector' },
  editor: { vi: 'Biên tập viên', en: 'Editor' },
  publisher: { vi: 'Người duyệt đăng', en: 'Publisher' },
  viewer: { vi: 'Người xem', en: 'Viewer' },
};

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

export interface Principal {
  id: number;
  username: string;
  fullName: string;
  orgUnitId: number;
  orgUnitName: string;
  roles: Role[];
  /** the user's unit has no parent (the department): sees system-wide entries such as anonymous sign-ins */
  topLevel: boolean;
  /** org unit ids this user may act on */
  scope: ReadonlySet<number>;
  locale: 'vi' | 'en';
}

export interface PolicyRule {
  /** roles allowed to perform the action ('admin' is always allowed) */
  roles: readonly Role[];
  /**
   * 'scoped' (default): the resource's org unit must be in the user's scope;
   * 'global': any org unit (e.g. the public catalogue, reading reference data).
   */
  reach?: 'scoped' | 'global';
  /** label for the access matrix and admin pages */
  description: string;
}

export type Policies = Record<string, PolicyRule>;

const registry = new Map<string, PolicyRule>();

/** Modules call this from their policies.ts; an action registered twice with different rules is a bug. */
export function registerPolicies(policies: Policies): void {
  for (const [action, rule] of Object.entries(policies)) {
    const existing = registry.get(action);
    if (existing && existing !== rule) throw new Error(`policy ${action} registered twice`);
    registry.set(action, rule);
  }
}

export function policyOf(action: string): PolicyRule | undefined {
  return registry.get(action);
}

export function allPolicies(): ReadonlyMap<string, PolicyRule> {
  return registry;
}

export type Decision = { allow: true } | { allow: false; reason: 'role' | 'scope' | 'unknown-action' };

/**
 * The one decision function. `resourceOrgUnitId` is the org unit owning the record; omit it for actions on
 * collections, whose queries must then filter by `user.scope` themselves.
 */
export function decide(user: Principal | null, action: string, resourceOrgUnitId?: number | null): Decision {
  const rule = registry.get(action);
  if (!rule) return { allow: false, reason: 'unknown-action' };
  if (!user) return { allow: false, reason: 'role' };
  const hasRole = user.roles.includes('admin') || user.roles.some((r) => rule.roles.includes(r));
  if (!hasRole) return { allow: false, reason: 'role' };
  if (rule.reach === 'global' || resourceOrgUnitId === undefined) return { allow: true };
  if (resourceOrgUnitId === null || !user.scope.has(resourceOrgUnitId)) return { allow: false, reason: 'scope' };
  return { allow: true };
}

export function can(user: Principal | null, action: string, resourceOrgUnitId?: number | null): boolean {
  return decide(user, action, resourceOrgUnitId).allow;
}
