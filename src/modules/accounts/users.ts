import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sessions, userTokens, users, type UserTokenPurpose } from '../../db/schema.js';
import { InvalidInputError } from '../../shared/errors.js';
import { absolute, links } from '../../shared/links.js';
import { hashToken, newToken } from '../../shared/tokens.js';
import { enqueueMail } from '../mail/index.js';
import { revokeAccountApiTokens } from './api-tokens.js';
import { hashPassword, passwordProblem, spendVerifyTime, verifyPassword } from './passwords.js';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const RESET_LINK_HOURS = 2;
const SET_PASSWORD_LINK_DAYS = 7;
export const VERIFY_LINK_HOURS = 48;

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

export function requireName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new InvalidInputError('please give your name', 'name');
  if (trimmed.length > 120) throw new InvalidInputError('must be at most 120 characters', 'name');
  return trimmed;
}

export function requirePassword(password: string, email: string, field = 'password', name?: string): void {
  const problem = passwordProblem(password, email, name);
  if (problem) throw new InvalidInputError(problem, field);
}

export async function findUserByEmail(
  db: Database,
  email: string,
): Promise<(User & { passwordHash: string | null; emailVerifiedAt: Date | null }) | undefined> {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
      emailVerifiedAt: users.emailVerifiedAt,
    })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()));
  return user;
}

/**
 * Signs someone up without telling them whether the address already has an account: the
 * answer is always "check your mail", and the mail says what happened. A new address gets an
 * account that grants nothing until the verification link in the mail is used; an address
 * with an account is left exactly as it was, and its owner is told someone tried.
 */
export async function signUp(
  db: Database,
  input: { email: string; name: string; password: string },
  options: { baseUrl: string; next?: string },
): Promise<{ email: string }> {
  const email = normaliseEmail(input.email);
  const name = requireName(input.name);
  requirePassword(input.password, email, 'password', name);
  // Hashed either way, so that both answers take as long.
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email, name, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.name });
    if (created) {
      await mailVerificationLink(tx, created, options.baseUrl, options.next);
      return;
    }
    const existing = (await findUserByEmail(tx, email))!;
    await enqueueMail(tx, {
      to: email,
      subject: 'Someone tried to sign up to Lectern with your address',
      body: `Hello${existing.name ? ` ${existing.name}` : ''},

Someone (perhaps you) just tried to sign up to Lectern with this address. It already has an
account, so nothing was created and nothing was changed.

To use your account, log in here:
${absolute(options.baseUrl, links.login())}

If you forgot your password, or never chose one (you were invited), ask for a link to choose one:
${absolute(options.baseUrl, links.forgotPassword())}

If it was not you, ignore this mail: your account stays as it is.`,
    });
  });
  return { email };
}

/**
 * Mails a link that proves the address: following it verifies the account and logs in. Only
 * the newest link works (issueToken), so asking again voids the earlier ones.
 */
export async function mailVerificationLink(db: Database, user: User, baseUrl: string, next?: string): Promise<void> {
  const token = await issueToken(db, user.id, 'verify-email', VERIFY_LINK_HOURS * 3_600_000);
  await enqueueMail(db, {
    to: user.email,
    subject: 'Confirm your address for Lectern',
    // Following the link logs in: it is as good as a password.
    sensitive: true,
    body: `Hello${user.name ? ` ${user.name}` : ''},

Someone (we hope you) signed up to Lectern with this address. To confirm it and finish
signing up, open this link within ${VERIFY_LINK_HOURS} hours:

${absolute(baseUrl, links.verifyEmail(token, next))}

If it was not you, ignore this mail: without this link the account cannot be used.`,
  });
}

export type Authentication =
  | { status: 'ok'; user: User }
  /** The password is right, but the address is not proven yet: no session for it. */
  | { status: 'unverified'; user: User };

/**
 * Checks an email and password; undefined when they do not match an account. Takes as long
 * for unknown addresses.
 */
export async function authenticate(db: Database, email: string, password: string): Promise<Authentication | undefined> {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    await spendVerifyTime(password);
    return undefined;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return undefined;
  const found = { id: user.id, email: user.email, name: user.name };
  if (!user.emailVerifiedAt) return { status: 'unverified', user: found };
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { status: 'ok', user: found };
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

/** Whether the address of an account is proven and it has a password: someone who can log in. */
export async function canLogIn(db: Database, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ passwordHash: users.passwordHash, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId));
  return !!row?.passwordHash && !!row.emailVerifiedAt;
}

/**
 * A new one-time token. It is the only one of its purpose that works: the account's earlier
 * unused ones of that purpose stop working now.
 */
async function issueToken(db: Database, userId: number, purpose: UserTokenPurpose, ttlMs: number): Promise<string> {
  await db
    .delete(userTokens)
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
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

/** Uses up a valid one-time token; the account it belongs to, or undefined. */
async function useToken(db: Database, token: string, purpose: UserTokenPurpose): Promise<number | undefined> {
  const [row] = await db
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
  return row?.userId;
}

/** What a new password ended besides the old one. */
export interface PasswordChange {
  /** How many API tokens of the account were revoked. */
  revokedApiTokens: number;
}

/**
 * What every new password does, in the transaction that saves it: every other session of the
 * account ends (all of them when `keepSessionId` is undefined), every API token is revoked,
 * and every one-time link not yet used stops working.
 */
async function afterNewPassword(db: Database, userId: number, keepSessionId?: string): Promise<PasswordChange> {
  await db
    .delete(sessions)
    .where(
      keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId),
    );
  await db.delete(userTokens).where(and(eq(userTokens.userId, userId), isNull(userTokens.usedAt)));
  return { revokedApiTokens: await revokeAccountApiTokens(db, userId) };
}

/**
 * Follows a verification link: the address is proven (the account now counts), and the link
 * is used up. The caller logs the person in.
 */
export async function verifyEmail(db: Database, token: string): Promise<User> {
  return db.transaction(async (tx) => {
    const userId = await useToken(tx, token, 'verify-email');
    if (userId === undefined) {
      throw new InvalidInputError('this link has expired or was already used; log in to get a new one', 'token');
    }
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id, email: users.email, name: users.name });
    return user!;
  });
}

/**
 * Sets a password from a one-time link and uses the link up. The link came to the address, so
 * the address is proven. Every session of the account is ended and every API token revoked:
 * whoever knew the old password (someone who signed up with another person's address, say)
 * is out.
 */
export async function setPasswordWithToken(
  db: Database,
  token: string,
  purpose: 'set-password' | 'reset-password',
  password: string,
  name?: string,
): Promise<{ user: User } & PasswordChange> {
  return db.transaction(async (tx) => {
    const userId = await useToken(tx, token, purpose);
    if (userId === undefined)
      throw new InvalidInputError('this link has expired or was already used; ask for a new one', 'token');
    const [current] = await tx.select().from(users).where(eq(users.id, userId));
    const newName = name !== undefined && name.trim() !== '' ? requireName(name) : undefined;
    requirePassword(password, current!.email, 'password', newName ?? current!.name);
    const [user] = await tx
      .update(users)
      .set({
        passwordHash: await hashPassword(password),
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
        ...(newName !== undefined ? { name: newName } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId))
      .returning({ id: users.id, email: users.email, name: users.name });
    return { user: user!, ...(await afterNewPassword(tx, userId)) };
  });
}

/**
 * Changes a password knowing the current one. Ends every other session of the account,
 * revokes its API tokens and voids its unused one-time links.
 */
export async function changePassword(
  db: Database,
  userId: number,
  keepSessionId: string | undefined,
  current: string,
  next: string,
): Promise<PasswordChange> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
    throw new InvalidInputError('is not your current password', 'currentPassword');
  }
  requirePassword(next, user.email, 'newPassword', user.name);
  const passwordHash = await hashPassword(next);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    return afterNewPassword(tx, userId, keepSessionId);
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
