import { ForbiddenError, UnauthenticatedError } from '../../shared/errors.js';
import { rolesAt, type Actor } from './actor.js';

/**
 * The account rules every other module builds its own policy on. Each check takes the actor
 * and the event, so that a role at one event never opens anything at another.
 */

export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw new UnauthenticatedError('Please log in first.');
  return actor;
}

export function isOrganiser(actor: Actor | undefined, eventId: number): boolean {
  return rolesAt(actor, eventId).organiser;
}

export function isReviewer(actor: Actor | undefined, eventId: number): boolean {
  return rolesAt(actor, eventId).reviewer !== undefined;
}

export function isTeamMember(actor: Actor | undefined, eventId: number): boolean {
  return isOrganiser(actor, eventId) || isReviewer(actor, eventId);
}

/** The tracks a team member may see proposals of: all for organisers and unlimited reviewers. */
export function visibleTrackIds(actor: Actor | undefined, eventId: number): number[] | 'all' | 'none' {
  const roles = rolesAt(actor, eventId);
  if (roles.organiser) return 'all';
  if (!roles.reviewer) return 'none';
  return roles.reviewer.trackIds.length === 0 ? 'all' : roles.reviewer.trackIds;
}

export function requireOrganiser(actor: Actor | undefined, event: { id: number; name: string }): Actor {
  const signedIn = requireActor(actor);
  if (!isOrganiser(signedIn, event.id)) throw new ForbiddenError(`Only organisers of ${event.name} may do this.`);
  return signedIn;
}

export function requireTeamMember(actor: Actor | undefined, event: { id: number; name: string }): Actor {
  const signedIn = requireActor(actor);
  if (!isTeamMember(signedIn, event.id)) {
    throw new ForbiddenError(`Only the organisers and reviewers of ${event.name} may see this.`);
  }
  return signedIn;
}
