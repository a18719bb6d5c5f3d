import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sessions, userTokens, users, type UserTokenPurpose } from '../../db/schema.js';
import { ConflictError, InvalidInputError } from '../../shared/errors.js';
import { absolute, links } from '../../shared/links.js';
import { hashToken, newToken } from '../../shared/tokens.js';
import { enqueueMail } from '../mail/index.js';
import { hashPassword, passwordProblem, spendVerifyTime, verifyPassword } from './passwords.js';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const RESET_LINK_HOURS = 2;
const SET_PASSWORD_LINK_DAYS = 7;

export interface User {
  id: number;
  email: string;
  name: string;
}

/** One address, one account: compared and stored lower-cased and trimmed. */
export function normaliseEmail(email: string, field = 'email'): string {
  const normalised = email.trim().toLowerCase();
  if (normalised.length > 254 || !EMAIL.test(normalised)) {
    throw new InvalidInputError(`"${email.trim()}" is not an email address`, field);
  }
  return normalised;
}

function requireName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new InvalidInputError('please give your name', 'name');
  if (trimmed.length > 120) throw new InvalidInputError('must be at most 120 characters', 'name');
  return trimmed;
}

function requirePassword(password: string, email: string, field = 'password'): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new InvalidInputError(problem, field);
}

export async function findUserByEmail(
  db: Database,
  email: string,
): Promise<(User & { passwordHash: string | null }) | undefined> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()));
  return user;
}

export async function signUp(db: Database, input: { email: string; name: string; password: string }): Promise<User> {
  const email = normaliseEmail(input.email);
  const name = requireName(input.name);
  requirePassword(input.password, email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const existing = await findUserByEmail(tx, email);
    if (existing?.passwordHash) {
      throw new ConflictError('There is already an account with this email address. Log in, or reset your password.');
    }
    if (existing) {
      // Invited before (as a co-speaker or team member) and now signing up: the account is theirs.
      const [user] = await tx
        .update(users)
        .set({ name, passwordHash, updatedAt: new Date() })
        .where(eq(users.id, existing.id))
        .returning({ id: users.id, email: users.email, name: users.name });
      return user!;
    }
    const [user] = await tx
      .insert(users)
      .values({ email, name, passwordHash })
      .returning({ id: users.id, email: users.email, name: users.name });
    return user!;
  });
}

/** The user with this email and password, or undefined; takes as long for unknown addresses. */
export async function authenticate(db: Database, email: string, password: string): Promise<User | undefined> {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    await spendVerifyTime(password);
    return undefined;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return undefined;
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: user.name };
}

/** Finds or creates the account for an address (without a password: they set one from a link). */
export async function ensureUser(db: Database, email: string, name = ''): Promise<User> {
  const normalised = normaliseEmail(email);
  const existing = await findUserByEmail(db, normalised);
  if (existing) return { id: existing.id, email: existing.email, name: existing.name };
  const [user] = await db
    .insert(users)
    .values({ email: normalised, name: name.trim() })
    .returning({ id: users.id, email: users.email, name: users.name });
  return user!;
}

async function issueToken(db: Database, userId: number, purpose: UserTokenPurpose, ttlMs: number): Promise<string> {
  const token = newToken();
  await db
    .insert(userTokens)
    .values({ userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMs) });
  return token;
}

/** A one-time link to set a password (new organisers from the CLI, invited team members). */
export async function createSetPasswordLink(db: Database, userId: number, baseUrl: string): Promise<string> {
  const token = await issueToken(db, userId, 'set-password', SET_PASSWORD_LINK_DAYS * 86_400_000);
  return absolute(baseUrl, links.setPassword(token));
}

/**
 * Mails a reset link when the address has an account. Says nothing either way, so the form
 * does not tell strangers who has an account.
 */
export async function requestPasswordReset(db: Database, email: string, baseUrl: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user) return;
  await db.transaction(async (tx) => {
    const token = await issueToken(tx, user.id, 'reset-password', RESET_LINK_HOURS * 3_600_000);
    await enqueueMail(tx, {
      to: user.email,
      subject: 'Reset your Lectern password',
      sensitive: true,
      body: `Hello${user.name ? ` ${user.name}` : ''},

Someone (we hope you) asked to reset the password of your Lectern account.
Choose a new password here within ${RESET_LINK_HOURS} hours:

${absolute(baseUrl, links.resetPassword(token))}

If it was not you, ignore this mail: your password stays as it is.`,
    });
  });
}

/** The user a still-valid one-time token belongs to (without using it up), or undefined. */
export async function peekToken(db: Database, token: string, purpose: UserTokenPurpose): Promise<User | undefined> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, new Date()),
      ),
    );
  return row;
}

/**
 * Sets a password from a one-time link and uses the link up. Every session of the account is
 * ended: whoever knew the old password is out.
 */
export async function setPasswordWithToken(
  db: Database,
  token: string,
  purpose: UserTokenPurpose,
  password: string,
  name?: string,
): Promise<User> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(userTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(userTokens.tokenHash, hashToken(token)),
          eq(userTokens.purpose, purpose),
          isNull(userTokens.usedAt),
          gt(userTokens.expiresAt, new Date()),
        ),
      )
      .returning({ userId: userTokens.userId });
    if (!row) throw new InvalidInputError('this link has expired or was already used; ask for a new one', 'token');
    const [current] = await tx.select().from(users).where(eq(users.id, row.userId));
    requirePassword(password, current!.email);
    const [user] = await tx
      .update(users)
      .set({
        passwordHash: await hashPassword(password),
        ...(name !== undefined && name.trim() !== '' ? { name: requireName(name) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, row.userId))
      .returning({ id: users.id, email: users.email, name: users.name });
    await tx.delete(sessions).where(eq(sessions.userId, row.userId));
    return user!;
  });
}

/** Changes a password knowing the current one; ends every other session of the account. */
export async function changePassword(
  db: Database,
  userId: number,
  keepSessionId: string | undefined,
  current: string,
  next: string,
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
    throw new InvalidInputError('is not your current password', 'currentPassword');
  }
  requirePassword(next, user.email, 'newPassword');
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    await tx
      .delete(sessions)
      .where(
        keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId),
      );
  });
}

export async function updateProfile(db: Database, userId: number, input: { name: string }): Promise<User> {
  const [user] = await db
    .update(users)
    .set({ name: requireName(input.name), updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ id: users.id, email: users.email, name: users.name });
  return user!;
}
