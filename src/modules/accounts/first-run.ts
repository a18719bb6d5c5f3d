import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { eventMembers, events, sessions, settings, users } from '../../db/schema.js';
import { NotFoundError } from '../../shared/errors.js';
import { hashToken, newToken, safeEqual } from '../../shared/tokens.js';
import { hashPassword } from './passwords.js';
import { normaliseEmail, requireName, requirePassword, type User } from './users.js';

/** How long a setup link works: a day, then a restart logs a new one. */
export const SETUP_LINK_HOURS = 24;
/** The settings row that holds the setup token's hash and expiry ("HASH EXPIRES-ISO"). */
const SETUP_KEY = 'setup_token';

/**
 * Whether the installation has no organiser yet: nobody is an organiser of any event, so nobody
 * can reach the back office's settings or create an event. A first start with the sample is so.
 */
export async function needsFirstOrganiser(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: eventMembers.id })
    .from(eventMembers)
    .where(eq(eventMembers.role, 'organiser'))
    .limit(1);
  return row === undefined;
}

/**
 * On start-up: while there is no organiser and there is an event to organise, a new one-time
 * setup token (the previous one stops working). Only its hash is kept. Undefined otherwise.
 */
export async function issueSetupToken(db: Database, now = new Date()): Promise<string | undefined> {
  if (!(await needsFirstOrganiser(db))) return undefined;
  if ((await db.$count(events)) === 0) return undefined;
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SETUP_LINK_HOURS * 3_600_000);
  const value = `${hashToken(token)} ${expiresAt.toISOString()}`;
  await db
    .insert(settings)
    .values({ key: SETUP_KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } });
  return token;
}

async function setupTokenWorks(db: Database, token: string, now: Date, lock = false): Promise<boolean> {
  const query = db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETUP_KEY));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) return false;
  const [hash, expires] = row.value.split(' ');
  if (!hash || !expires || !safeEqual(hash, hashToken(token))) return false;
  if (new Date(expires).getTime() <= now.getTime()) return false;
  return needsFirstOrganiser(db);
}

const SETUP_LINK_INVALID =
  'This setup link does not work: it was used already, it expired, or Lectern has an organiser already. While there is no organiser, each start of the server logs a new link.';

/** Throws NotFoundError unless the setup token is the current one, unexpired, and no organiser exists. */
export async function requireSetupToken(db: Database, token: string, now = new Date()): Promise<void> {
  if (!(await setupTokenWorks(db, token, now))) throw new NotFoundError(SETUP_LINK_INVALID);
}

/**
 * Creates the first organiser with the setup token, as `lectern create-organiser` would, but of
 * every event there is (the sample's, or those made with `lectern create-event`); as an
 * organiser they can then create more. Whoever holds the token read the server's log, so the
 * address counts as proven; an existing account with it gets the new name and password. The
 * token is spent in the same transaction.
 */
export async function createFirstOrganiser(
  db: Database,
  token: string,
  input: { name: string; email: string; password: string },
  now = new Date(),
): Promise<User> {
  const email = normaliseEmail(input.email);
  const name = requireName(input.name);
  requirePassword(input.password, email, 'password', name);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (!(await setupTokenWorks(tx, token, now, true))) throw new NotFoundError(SETUP_LINK_INVALID);
    const [user] = await tx
      .insert(users)
      .values({ email, name, passwordHash, emailVerifiedAt: now })
      .onConflictDoUpdate({ target: users.email, set: { name, passwordHash, emailVerifiedAt: now } })
      .returning({ id: users.id, email: users.email, name: users.name });
    await tx.execute(
      sql`insert into ${eventMembers} (event_id, user_id, role) select ${events.id}, ${user!.id}, 'organiser' from ${events} on conflict do nothing`,
    );
    // An account that had the address before: whoever was signed in to it is no longer.
    await tx.delete(sessions).where(eq(sessions.userId, user!.id));
    await tx.delete(settings).where(eq(settings.key, SETUP_KEY));
    return user!;
  });
}
