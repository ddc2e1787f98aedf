import { eq } from 'drizzle-orm';
import { type Principal, isRole } from '../access.js';
import type { Database } from '../db/index.js';
import { orgUnits, users } from '../../modules/org/schema.js';
import { orgScopeOf } from '../../modules/org/queries.js';

/** The signed-in user with roles and scope, loaded once per request. Inactive users have no principal. */
export async function loadPrincipal(database: Database, userId: number): Promise<Principal | null> {
  const rows = await database.db
    .select({
      id: users.id,
      username: users.username,
      fullName: users.fullName,
      orgUnitId: users.orgUnitId,
      orgUnitName: orgUnits.name,
      orgUnitParentId: orgUnits.parentId,
      roles: users.roles,
      active: users.active,
      locale: users.locale,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(users.id, userId));
  const u = rows[0];
  if (!u?.active) return null;
  const scope = new Set(await orgScopeOf(database.db, u.orgUnitId));
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    orgUnitId: u.orgUnitId,
    orgUnitName: u.orgUnitName,
    roles: u.roles.filter(isRole),
    topLevel: u.orgUnitParentId === null,
    scope,
    locale: u.locale === 'en' ? 'en' : 'vi',
  };
}
