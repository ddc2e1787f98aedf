import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Database } from '../db/index.js';

/**
 * Sessions kept server-side in the `sessions` table; the cookie holds only the signed id. Storing the user id in
 * its own column lets "sign out everywhere" and a password change end every other session with one DELETE.
 */
export class DatabaseSessionStore implements SessionStore {
  constructor(
    private readonly database: Database,
    private readonly ttlMs: number,
  ) {}

  set(sessionId: string, session: Session, callback: (err?: unknown) => void): void {
    const data = JSON.stringify(session);
    const userId = (session as { userId?: number }).userId ?? null;
    const expires = new Date(Date.now() + this.ttlMs);
    this.database
      .query(
        `INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at`,
        [sessionId, userId, data, expires],
      )
      .then(() => callback(), callback);
  }

  get(sessionId: string, callback: (err: unknown, result?: Session | null) => void): void {
    this.database
      .query<{ data: Session }>(`SELECT data FROM sessions WHERE id = $1 AND expires_at > now()`, [sessionId])
      .then((rows) => callback(null, rows[0]?.data ?? null), callback);
  }

  destroy(sessionId: string, callback: (err?: unknown) => void): void {
    this.database.query(`DELETE FROM sessions WHERE id = $1`, [sessionId]).then(() => callback(), callback);
  }
}

export async function destroyUserSessions(database: Database, userId: number, exceptSessionId?: string) {
  await database.query(`DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, [userId, exceptSessionId ?? '']);
}

export async function purgeExpiredSessions(database: Database) {
  await database.query(`DELETE FROM sessions WHERE expires_at <= now()`);
}
