import { ForbiddenError } from '../../shared/errors.js';
import { isOrganiser, requireActor, requireOrganiser, type Actor } from '../accounts/index.js';

/**
 * Who may change an event's program and its setting-up: its settings, tracks and levels, the
 * talks of its program, speaker profiles and its team. All of it is the organisers' alone,
 * and a role at one event opens nothing at another.
 */

export function mayManageProgram(actor: Actor | undefined, eventId: number): boolean {
  return isOrganiser(actor, eventId);
}

/** The check every back-office function of this module makes first. */
export function requireProgramOrganiser(actor: Actor | undefined, event: { id: number; name: string }): Actor {
  return requireOrganiser(actor, event);
}

/**
 * Creating an event from the web: anyone who organises some event may start another. A new
 * installation's first event comes from the command line, whose user holds the database
 * itself and needs no account (see createEventFromCommandLine).
 */
export function requireEventCreator(actor: Actor | undefined): Actor {
  const signedIn = requireActor(actor);
  const organisesSomething = [...signedIn.roles.values()].some((roles) => roles.organiser);
  if (!organisesSomething || signedIn.via !== 'session') {
    throw new ForbiddenError('Only organisers of an event may create new events.');
  }
  return signedIn;
}
