import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { eventMembers, events, tracks, users, type TeamRole } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { absolute, links } from '../../shared/links.js';
import { requireOrganiser, type Actor } from '../access/index.js';
import { enqueueMail } from '../mail/index.js';
import { revokeAccountApiTokens } from './api-tokens.js';
import { canLogIn, createSetPasswordLink, ensureUser, normaliseEmail } from './users.js';

export interface TeamMember {
  id: number;
  userId: number;
  email: string;
  name: string;
  role: TeamRole;
  trackIds: number[];
  /** False until they have set a password and proved their address. */
  active: boolean;
}

async function eventBySlug(db: Database, slug: string) {
  const [event] = await db
    .select({ id: events.id, slug: events.slug, name: events.name })
    .from(events)
    .where(eq(events.slug, slug));
  if (!event) throw new NotFoundError(`There is no event "${slug}".`);
  return event;
}

/**
 * Makes someone an organiser of an event from the command line (the way into a new
 * installation): creates their account if needed and returns a one-time link to set a password.
 * Only a proven account with a password gets no link: any other (someone may have signed up
 * with the address without owning it) needs the link, which proves the address and replaces
 * whatever password it had.
 */
export async function createOrganiser(
  db: Database,
  input: { email: string; eventSlug: string },
  baseUrl: string,
): Promise<{ email: string; link: string | undefined; created: boolean }> {
  const email = normaliseEmail(input.email, '--email');
  return db.transaction(async (tx) => {
    const event = await eventBySlug(tx, input.eventSlug);
    const [before] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    const user = await ensureUser(tx, email);
    await tx
      .insert(eventMembers)
      .values({ eventId: event.id, userId: user.id, role: 'organiser' })
      .onConflictDoNothing();
    const link = (await canLogIn(tx, user.id)) ? undefined : await createSetPasswordLink(tx, user.id, baseUrl);
    return { email, link, created: !before };
  });
}

export async function listTeam(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
): Promise<TeamMember[]> {
  requireOrganiser(actor, event);
  const rows = await db
    .select({
      id: eventMembers.id,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: eventMembers.role,
      trackIds: eventMembers.trackIds,
      passwordHash: users.passwordHash,
      emailVerifiedAt: users.emailVerifiedAt,
    })
    .from(eventMembers)
    .innerJoin(users, eq(users.id, eventMembers.userId))
    .where(eq(eventMembers.eventId, event.id))
    .orderBy(asc(eventMembers.role), asc(users.email));
  return rows.map(({ passwordHash, emailVerifiedAt, ...member }) => ({
    ...member,
    active: passwordHash !== null && emailVerifiedAt !== null,
  }));
}

/**
 * Adds an organiser or reviewer to an event's team by email. Someone who can log in (a proven
 * address with a password) gets a mail saying so; anyone else gets a one-time link, bound to
 * the address, to set their password: until they use it the role grants nothing.
 */
export async function addTeamMember(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; slug: string; name: string },
  input: { email: string; role: TeamRole; trackIds?: number[] },
  baseUrl: string,
): Promise<void> {
  requireOrganiser(actor, event);
  const email = normaliseEmail(input.email);
  if (input.role !== 'organiser' && input.role !== 'reviewer')
    throw new InvalidInputError('must be organiser or reviewer', 'role');
  const trackIds = input.role === 'reviewer' ? [...new Set(input.trackIds ?? [])] : [];
  await db.transaction(async (tx) => {
    if (trackIds.length > 0) {
      const known = await tx.select({ id: tracks.id }).from(tracks).where(eq(tracks.eventId, event.id));
      const unknown = trackIds.filter((id) => !known.some((t) => t.id === id));
      if (unknown.length > 0)
        throw new InvalidInputError(`no such track in ${event.name}: ${unknown.join(', ')}`, 'trackIds');
    }
    const user = await ensureUser(tx, email);
    const canLogInNow = await canLogIn(tx, user.id);
    const inserted = await tx
      .insert(eventMembers)
      .values({ eventId: event.id, userId: user.id, role: input.role, trackIds })
      .onConflictDoUpdate({ target: [eventMembers.eventId, eventMembers.userId, eventMembers.role], set: { trackIds } })
      .returning({ id: eventMembers.id });
    if (inserted.length === 0) return;
    const how = canLogInNow
      ? `Log in to start: ${absolute(baseUrl, links.orgaEvent(event.slug))}`
      : `Choose your password here to start (the link works for 7 days):\n${await createSetPasswordLink(tx, user.id, baseUrl)}`;
    await enqueueMail(tx, {
      eventId: event.id,
      to: email,
      subject: `You are now ${input.role === 'organiser' ? 'an organiser' : 'a reviewer'} of ${event.name}`,
      sensitive: !canLogInNow,
      body: `Hello,

${actor!.user.name || actor!.user.email} added you to the team of ${event.name} on Lectern, as ${input.role}.

${how}`,
    });
  });
}

export async function removeTeamMember(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  memberId: number,
): Promise<void> {
  requireOrganiser(actor, event);
  await db.transaction(async (tx) => {
    const [member] = await tx
      .select()
      .from(eventMembers)
      .where(and(eq(eventMembers.id, memberId), eq(eventMembers.eventId, event.id)));
    if (!member) throw new NotFoundError('There is no such team member.');
    if (member.role === 'organiser') {
      const organisers = await tx.$count(
        eventMembers,
        and(eq(eventMembers.eventId, event.id), eq(eventMembers.role, 'organiser')),
      );
      if (organisers <= 1) throw new InvalidInputError('an event needs at least one organiser', 'member');
    }
    await tx.delete(eventMembers).where(eq(eventMembers.id, memberId));
    // Their tokens act as an organiser of this event: they end with the role, and stay ended
    // should the role come back.
    if (member.role === 'organiser') await revokeAccountApiTokens(tx, member.userId, event.id);
  });
}

/**
 * Where to write to the event's organisers, for mail about their event (a confirmed talk
 * withdrawn): each organiser member whose account proved its address, by address.
 */
export async function organiserAddresses(db: Database, eventId: number): Promise<{ name: string; email: string }[]> {
  return db
    .select({ name: users.name, email: users.email })
    .from(eventMembers)
    .innerJoin(users, eq(users.id, eventMembers.userId))
    .where(and(eq(eventMembers.eventId, eventId), eq(eventMembers.role, 'organiser'), isNotNull(users.emailVerifiedAt)))
    .orderBy(asc(users.email));
}
