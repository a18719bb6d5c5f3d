import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { apiTokens, eventMembers, users } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { hashToken, newToken } from '../../shared/tokens.js';
import { apiTokenActor, requireOrganiser, type Actor } from '../access/index.js';

export const API_TOKEN_PREFIX = 'lct_';

export interface ApiTokenInfo {
  id: number;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Creates an organiser API token for one event. The secret is returned once, here, and never
 * stored: only its hash is.
 */
export async function createApiToken(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  name: string,
): Promise<{ token: string; info: ApiTokenInfo }> {
  const signedIn = requireOrganiser(actor, event);
  if (signedIn.via === 'api-token') throw new InvalidInputError('an API token cannot create tokens', 'token');
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 80)
    throw new InvalidInputError('give the token a name of 1 to 80 characters', 'name');
  const token = newToken(API_TOKEN_PREFIX);
  const [row] = await db
    .insert(apiTokens)
    .values({
      eventId: event.id,
      userId: signedIn.user.id,
      name: trimmed,
      tokenHash: hashToken(token),
      prefix: token.slice(0, 10),
    })
    .returning();
  return {
    token,
    info: {
      id: row!.id,
      name: row!.name,
      prefix: row!.prefix,
      createdBy: signedIn.user.email,
      createdAt: row!.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    },
  };
}

export async function listApiTokens(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
): Promise<ApiTokenInfo[]> {
  requireOrganiser(actor, event);
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdBy: users.email,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.eventId, event.id))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  tokenId: number,
): Promise<void> {
  requireOrganiser(actor, event);
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.eventId, event.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) throw new NotFoundError('There is no such active token.');
}

/**
 * Revokes every live API token of an account, or only those of one event; returns how many.
 * A password change or reset revokes them all (whoever knew the old password may have made
 * one); leaving an event's team revokes that event's.
 */
export async function revokeAccountApiTokens(db: Database, userId: number, eventId?: number): Promise<number> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.userId, userId),
        isNull(apiTokens.revokedAt),
        eventId === undefined ? undefined : eq(apiTokens.eventId, eventId),
      ),
    )
    .returning({ id: apiTokens.id });
  return revoked.length;
}

/**
 * The actor behind a bearer token: its creator, acting as organiser of the token's event only,
 * and only while they still are one. Undefined for an unknown or revoked token.
 */
export async function actorForApiToken(
  db: Database,
  token: string,
): Promise<{ actor: Actor; eventId: number } | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const [row] = await db
    .select({
      id: apiTokens.id,
      eventId: apiTokens.eventId,
      userId: users.id,
      email: users.email,
      name: users.name,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(
      eventMembers,
      and(
        eq(eventMembers.userId, apiTokens.userId),
        eq(eventMembers.eventId, apiTokens.eventId),
        eq(eventMembers.role, 'organiser'),
      ),
    )
    // Only a proven address acts (see loadActor), however the token came about.
    .where(
      and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), isNotNull(users.emailVerifiedAt)),
    );
  if (!row) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  }
  return {
    actor: apiTokenActor({ id: row.userId, email: row.email, name: row.name }, row.eventId),
    eventId: row.eventId,
  };
}
