import { asc, eq, sql } from 'drizzle-orm';
import { type Role, isRole } from '../../core/access.js';
import { type Actor, recordAudit } from '../../core/audit/index.js';
import { passwordProblems, hashPassword, verifyPassword } from '../../core/auth/passwords.js';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { type FieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { orgUnits, users } from './schema.js';

export interface NewUser {
  username: string;
  fullName: string;
  email?: string | null;
  password: string;
  orgUnitCode: string;
  roles: string[];
  locale?: 'vi' | 'en';
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Public fields of a user row: what the audit trail and API see (never the hash). */
function publicUser(u: typeof users.$inferSelect) {
  const { passwordHash: _hash, ...rest } = u;
  return rest;
}

export async function createUser(database: Database, actor: Actor, input: NewUser) {
  const errors: FieldError[] = [];
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username))
    errors.push({
      field: 'username',
      message: 'Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang',
    });
  if (!input.fullName.trim()) errors.push({ field: 'fullName', message: 'Nhập họ và tên' });
  if (input.email && !EMAIL.test(input.email)) errors.push({ field: 'email', message: 'Địa chỉ e-mail không hợp lệ' });
  for (const p of passwordProblems(input.password, username)) errors.push({ field: 'password', message: p });
  const badRoles = input.roles.filter((r) => !isRole(r));
  if (badRoles.length) errors.push({ field: 'roles', message: `Vai trò không tồn tại: ${badRoles.join(', ')}` });
  if (!input.roles.length) errors.push({ field: 'roles', message: 'Chọn ít nhất một vai trò' });
  const unit = await findCurrentOrgUnit(database.db, input.orgUnitCode);
  if (!unit) errors.push({ field: 'orgUnit', message: `Không có đơn vị mã ${input.orgUnitCode}` });
  if (errors.length) throw new ValidationError(errors);
  const taken = await database.db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${username}`);
  if (taken.length) throw ValidationError.one('username', `Tên đăng nhập ${username} đã được dùng`);
  const passwordHash = await hashPassword(input.password);
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        username,
        fullName: input.fullName.trim(),
        email: input.email?.trim() || null,
        passwordHash,
        orgUnitId: unit!.id,
        roles: input.roles as Role[],
        locale: input.locale ?? 'vi',
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'user.create',
      entity: 'user',
      entityId: row!.id,
      orgUnitId: row!.orgUnitId,
      after: publicUser(row!),
    });
    return publicUser(row!);
  });
}

/** The org unit with this code that is valid today, or else the most recent one. */
async function findCurrentOrgUnit(db: DbOrTx, code: string) {
  const rows = await db
    .select()
    .from(orgUnits)
    .where(eq(orgUnits.code, code.trim()))
    .orderBy(sql`${orgUnits.validTo} is null desc, ${orgUnits.validFrom} desc`)
    .limit(1);
  return rows[0];
}

/** Set a new password (admin or CLI); ends the user's sessions and clears a lock-out. */
export async function setPassword(database: Database, actor: Actor, username: string, password: string) {
  const user = await findUser(database.db, username);
  const problems = passwordProblems(password, user.username);
  if (problems.length) throw new ValidationError(problems.map((message) => ({ field: 'password', message })));
  const passwordHash = await hashPassword(password);
  await database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, user.id));
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${user.id}`);
    await recordAudit(tx, actor, {
      action: 'user.password_set',
      entity: 'user',
      entityId: user.id,
      orgUnitId: user.orgUnitId,
    });
  });
}

/** The user changes their own password; other sessions end, the current one stays. */
export async function changeOwnPassword(
  database: Database,
  actor: Actor,
  userId: number,
  input: { currentPassword: string; newPassword: string; confirmPassword: string },
  keepSessionId: string,
) {
  const [user] = await database.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError();
  const errors: FieldError[] = [];
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    errors.push({ field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng' });
  for (const message of passwordProblems(input.newPassword, user.username))
    errors.push({ field: 'newPassword', message });
  if (input.newPassword !== input.confirmPassword)
    errors.push({ field: 'confirmPassword', message: 'Mật khẩu nhập lại không khớp' });
  if (input.newPassword && input.newPassword === input.currentPassword)
    errors.push({ field: 'newPassword', message: 'Mật khẩu mới phải khác mật khẩu hiện tại' });
  if (errors.length) throw new ValidationError(errors);
  const passwordHash = await hashPassword(input.newPassword);
  await database.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${userId} AND id <> ${keepSessionId}`);
    await recordAudit(tx, actor, {
      action: 'user.password_change',
      entity: 'user',
      entityId: userId,
      orgUnitId: user.orgUnitId,
    });
  });
}

export async function signOutEverywhere(database: Database, actor: Actor, userId: number) {
  await database.db.transaction(async (tx) => {
    const [u] = await tx.select({ orgUnitId: users.orgUnitId }).from(users).where(eq(users.id, userId));
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${userId}`);
    await recordAudit(tx, actor, { action: 'auth.logout_all', entity: 'user', entityId: userId, orgUnitId: u?.orgUnitId });
  });
}

async function findUser(db: DbOrTx, username: string) {
  const [user] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username.trim()})`);
  if (!user) throw ValidationError.one('username', `Không có người dùng ${username}`);
  return user;
}

export async function listUsers(db: DbOrTx, scope?: ReadonlySet<number>) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      fullName: users.fullName,
      email: users.email,
      roles: users.roles,
      active: users.active,
      lockedUntil: users.lockedUntil,
      orgUnitId: users.orgUnitId,
      orgUnitCode: orgUnits.code,
      orgUnitName: orgUnits.name,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .orderBy(asc(users.username));
  return scope ? rows.filter((r) => scope.has(r.orgUnitId)) : rows;
}

export async function getUser(db: DbOrTx, id: number) {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      fullName: users.fullName,
      email: users.email,
      roles: users.roles,
      active: users.active,
      lockedUntil: users.lockedUntil,
      createdAt: users.createdAt,
      orgUnitId: users.orgUnitId,
      orgUnitCode: orgUnits.code,
      orgUnitName: orgUnits.name,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(users.id, id));
  return row ?? null;
}

/** Disable or re-enable an account; disabling ends its sessions. */
export async function setUserActive(database: Database, actor: Actor, id: number, active: boolean) {
  await database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw new NotFoundError();
    const [after] = await tx
      .update(users)
      .set({ active, failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, id))
      .returning();
    if (!active) await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${id}`);
    await recordAudit(tx, actor, {
      action: active ? 'user.enable' : 'user.disable',
      entity: 'user',
      entityId: id,
      orgUnitId: before.orgUnitId,
      before: { active: before.active },
      after: { active: after!.active },
    });
  });
}
