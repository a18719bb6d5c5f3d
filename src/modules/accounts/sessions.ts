import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sessions } from '../../db/schema.js';
import { hashToken, newToken } from '../../shared/tokens.js';

export const SESSION_DAYS = 14;
/** last_seen_at is refreshed at most this often, so browsing does not write on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface Session {
  id: string;
  userId: number;
  expiresAt: Date;
}

/**
 * Starts a session and returns the cookie's token. Sessions live in the database, so every app
 * instance knows them; only the token's hash is stored.
 */
export async function createSession(db: Database, userId: number): Promise<{ token: string; session: Session }> {
  const token = newToken();
  const id = hashToken(token);
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ id, userId, expiresAt });
  return { token, session: { id, userId, expiresAt } };
}

/**
 * Login rotates the session: the token the browser had before (perhaps planted by someone
 * else: session fixation) is ended and a new one starts.
 */
export async function rotateSession(db: Database, previousToken: string | undefined, userId: number) {
  if (previousToken) await endSession(db, previousToken);
  return createSession(db, userId);
}

/** The live session for a cookie's token; slides its expiry forward while it is used. */
export async function findSession(db: Database, token: string): Promise<Session | undefined> {
  const id = hashToken(token);
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())));
  if (!row) return undefined;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
    await db.update(sessions).set({ lastSeenAt: new Date(), expiresAt }).where(eq(sessions.id, id));
    return { id, userId: row.userId, expiresAt };
  }
  return { id, userId: row.userId, expiresAt: row.expiresAt };
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

export async function deleteExpiredSessions(db: Database): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
