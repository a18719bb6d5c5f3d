import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema.js';
import { hashToken } from '../../shared/tokens.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createUser } from '../../../test/helpers/site.js';
import {
  createSession,
  deleteExpiredSessions,
  endAllSessions,
  endSession,
  findSession,
  rotateSession,
  SESSION_DAYS,
  SESSION_MAX_DAYS,
} from './sessions.js';

const DAY_MS = 86_400_000;

async function world() {
  const { db } = await testDatabase();
  const ada = await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
  const grace = await createUser(db, { email: 'grace@example.com', name: 'Grace Hopper' });
  return { db, ada, grace };
}

describe('sessions', () => {
  it('stores only the hash of the token it hands out, expiring SESSION_DAYS later', async () => {
    const { db, ada } = await world();
    const before = Date.now();

    const { token, session } = await createSession(db, ada.id);

    const rows = await db.select().from(sessions);
    expect(rows.map((row) => [row.id, row.userId])).toEqual([[hashToken(token), ada.id]]);
    expect(session).toEqual({ id: hashToken(token), userId: ada.id, expiresAt: rows[0]!.expiresAt });
    expect(session.expiresAt.getTime() - before).toBeGreaterThanOrEqual(SESSION_DAYS * DAY_MS);
    expect(session.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(SESSION_DAYS * DAY_MS);
    expect(await findSession(db, token)).toEqual(session);
  });

  it('finds nothing for an unknown token, an expired session or one older than SESSION_MAX_DAYS', async () => {
    const { db, ada } = await world();
    const expired = await createSession(db, ada.id);
    const old = await createSession(db, ada.id);
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, expired.session.id));
    await db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - (SESSION_MAX_DAYS * DAY_MS + 1000)) })
      .where(eq(sessions.id, old.session.id));

    expect(await findSession(db, 'no-such-token')).toBeUndefined();
    expect(await findSession(db, expired.token)).toBeUndefined();
    expect(await findSession(db, old.token)).toBeUndefined();
  });

  it('slides the expiry forward when seen after a while, never past SESSION_MAX_DAYS after login', async () => {
    const { db, ada } = await world();
    const recent = await createSession(db, ada.id);
    const aging = await createSession(db, ada.id);
    const createdAt = new Date(Date.now() - (SESSION_MAX_DAYS - 1) * DAY_MS);
    const lastSeenAt = new Date(Date.now() - 10 * 60_000);
    await db
      .update(sessions)
      .set({ lastSeenAt, expiresAt: new Date(Date.now() + DAY_MS) })
      .where(eq(sessions.id, recent.session.id));
    await db
      .update(sessions)
      .set({ createdAt, lastSeenAt, expiresAt: new Date(Date.now() + 60_000) })
      .where(eq(sessions.id, aging.session.id));
    const before = Date.now();

    const slid = await findSession(db, recent.token);
    const capped = await findSession(db, aging.token);

    expect(slid!.expiresAt.getTime() - before).toBeGreaterThanOrEqual(SESSION_DAYS * DAY_MS);
    expect(capped!.expiresAt).toEqual(new Date(createdAt.getTime() + SESSION_MAX_DAYS * DAY_MS));
    const [row] = await db.select().from(sessions).where(eq(sessions.id, recent.session.id));
    expect(row!.expiresAt).toEqual(slid!.expiresAt);
    expect(row!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('ends the previous session when a login rotates it, and every session of an account', async () => {
    const { db, ada, grace } = await world();
    const planted = await createSession(db, ada.id);
    const other = await createSession(db, grace.id);

    const rotated = await rotateSession(db, planted.token, ada.id);
    const second = await rotateSession(db, undefined, ada.id);

    expect(await findSession(db, planted.token)).toBeUndefined();
    expect((await findSession(db, rotated.token))?.userId).toBe(ada.id);
    await endSession(db, second.token);
    expect(await findSession(db, second.token)).toBeUndefined();
    await endAllSessions(db, ada.id);
    expect((await db.select().from(sessions)).map((row) => row.id)).toEqual([other.session.id]);
  });

  it('deletes expired sessions and those past SESSION_MAX_DAYS, keeping the live ones', async () => {
    const { db, ada } = await world();
    const live = await createSession(db, ada.id);
    const expired = await createSession(db, ada.id);
    const old = await createSession(db, ada.id);
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, expired.session.id));
    await db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - (SESSION_MAX_DAYS * DAY_MS + 1000)) })
      .where(eq(sessions.id, old.session.id));

    await deleteExpiredSessions(db);

    expect((await db.select().from(sessions)).map((row) => row.id)).toEqual([live.session.id]);
  });
});
