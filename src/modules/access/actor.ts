import { eq, isNotNull, and } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { eventMembers, speakers, users } from '../../db/schema.js';

export interface ActorUser {
  id: number;
  email: string;
  name: string;
}

export interface EventRoles {
  organiser: boolean;
  /** Present when the person reviews at this event: the tracks they review, empty for all. */
  reviewer: { trackIds: number[] } | undefined;
  /** Their speaker profile at this event, if they have one. */
  speakerId: number | undefined;
}

/**
 * Who is making a request and what they are at each event. Loaded once per request; every
 * module's entry point decides from it (through the module's policy.ts) what may be done.
 */
export interface Actor {
  user: ActorUser;
  /** How the request authenticated: an API token acts only within its one event. */
  via: 'session' | 'api-token';
  roles: Map<number, EventRoles>;
}

const NO_ROLES: EventRoles = { organiser: false, reviewer: undefined, speakerId: undefined };

export function rolesAt(actor: Actor | undefined, eventId: number): EventRoles {
  return actor?.roles.get(eventId) ?? NO_ROLES;
}

/**
 * Loads a user with their team roles and speaker profiles at every event, in three queries.
 * An account whose address is not proven yet is nobody: it holds no role, invitation or
 * profile, whatever was matched to its address (someone may have signed up with another
 * person's address). This is the one place that decides it, for sessions and API tokens alike.
 */
export async function loadActor(
  db: Database,
  userId: number,
  via: Actor['via'] = 'session',
): Promise<Actor | undefined> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.emailVerifiedAt)));
  if (!user) return undefined;
  const memberships = await db.select().from(eventMembers).where(eq(eventMembers.userId, userId));
  const profiles = await db
    .select({ id: speakers.id, eventId: speakers.eventId })
    .from(speakers)
    .where(and(eq(speakers.userId, userId), isNotNull(speakers.userId)));
  const roles = new Map<number, EventRoles>();
  const at = (eventId: number) => {
    let found = roles.get(eventId);
    if (!found) {
      found = { organiser: false, reviewer: undefined, speakerId: undefined };
      roles.set(eventId, found);
    }
    return found;
  };
  for (const member of memberships) {
    if (member.role === 'organiser') at(member.eventId).organiser = true;
    else at(member.eventId).reviewer = { trackIds: member.trackIds };
  }
  for (const profile of profiles) at(profile.eventId).speakerId = profile.id;
  return { user, via, roles };
}

/** An API token's actor: the token's creator, as organiser of the token's event and nothing else. */
export function apiTokenActor(user: ActorUser, eventId: number): Actor {
  return {
    user,
    via: 'api-token',
    roles: new Map([[eventId, { organiser: true, reviewer: undefined, speakerId: undefined }]]),
  };
}
