import { and, eq, gt, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sessions } from '../../db/schema.js';
import { hashToken, newToken } from '../../shared/tokens.js';

/** A session ends after this many days without use (the expiry slides forward while it is used)… */
export const SESSION_DAYS = 14;
/** …and this many days after login however much it is used: a stolen cookie does not live forever. */
export const SESSION_MAX_DAYS = 30;
const DAY_MS = 86_400_000;
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
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
  await db.insert(sessions).values({ id, userId, expiresAt, createdAt: now, lastSeenAt: now });
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

/** The moment a session started at `createdAt` ends however much it is used. */
function absoluteEnd(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SESSION_MAX_DAYS * DAY_MS);
}

/**
 * The live session for a cookie's token; slides its expiry forward while it is used, never
 * past SESSION_MAX_DAYS after login.
 */
export async function findSession(db: Database, token: string): Promise<Session | undefined> {
  const id = hashToken(token);
  const now = new Date();
  const [row] = await db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.id, id),
        gt(sessions.expiresAt, now),
        gt(sessions.createdAt, new Date(now.getTime() - SESSION_MAX_DAYS * DAY_MS)),
      ),
    );
  if (!row) return undefined;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const sliding = new Date(Date.now() + SESSION_DAYS * DAY_MS);
    const end = absoluteEnd(row.createdAt);
    const expiresAt = sliding < end ? sliding : end;
    await db.update(sessions).set({ lastSeenAt: new Date(), expiresAt }).where(eq(sessions.id, id));
    return { id, userId: row.userId, expiresAt };
  }
  return { id, userId: row.userId, expiresAt: row.expiresAt };
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

/** Ends every session of an account (a password change or reset: whoever knew the old one is out). */
export async function endAllSessions(db: Database, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Database): Promise<void> {
  const now = new Date();
  await db
    .delete(sessions)
    .where(
      or(lt(sessions.expiresAt, now), lt(sessions.createdAt, new Date(now.getTime() - SESSION_MAX_DAYS * DAY_MS))),
    );
}
