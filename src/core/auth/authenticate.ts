import { eq, sql } from 'drizzle-orm';
import { users } from '../../modules/org/schema.js';
import { recordAudit } from '../audit/index.js';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';

export type AuthResult =
  | { ok: true; userId: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date };

/**
 * Checks a username/password. After `loginMaxFailures` consecutive failures the account is locked for
 * `loginLockMinutes`; a success resets the counter. Every attempt is audited. The answer for an unknown user
 * and for a wrong password is the same, and costs the same time.
 */
export async function authenticate(
  database: Database,
  config: Pick<Config, 'loginMaxFailures' | 'loginLockMinutes'>,
  username: string,
  password: string,
  ip?: string,
): Promise<AuthResult> {
  const rows = await database.db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username.trim()})`);
  const user = rows[0];
  const actor = { id: user?.id ?? null, name: username.trim().slice(0, 100), ip };
  if (!user?.active) {
    await burnPasswordCheck(password);
    await recordAudit(database.db, actor, { action: 'auth.login', outcome: 'failed', detail: 'unknown or inactive user' });
    return { ok: false, reason: 'invalid' };
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await recordAudit(database.db, actor, {
      action: 'auth.login',
      outcome: 'denied',
      entity: 'user',
      entityId: user.id,
      orgUnitId: user.orgUnitId,
      detail: 'account locked',
    });
    return { ok: false, reason: 'locked', until: user.lockedUntil };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= config.loginMaxFailures;
    const until = new Date(Date.now() + config.loginLockMinutes * 60_000);
    await database.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ failedLogins: lock ? 0 : failures, lockedUntil: lock ? until : null })
        .where(eq(users.id, user.id));
      await recordAudit(tx, actor, {
        action: lock ? 'auth.locked' : 'auth.login',
        outcome: 'failed',
        entity: 'user',
        entityId: user.id,
        orgUnitId: user.orgUnitId,
        detail: lock ? `locked until ${until.toISOString()} after ${failures} failures` : `wrong password (${failures})`,
      });
    });
    return lock ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
  }
  await database.db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await recordAudit(tx, actor, {
      action: 'auth.login',
      entity: 'user',
      entityId: user.id,
      orgUnitId: user.orgUnitId,
    });
  });
  return { ok: true, userId: user.id };
}
