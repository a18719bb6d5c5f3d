import { requireOrganiser, type Actor } from '../accounts/index.js';

/**
 * Who may shape an event's schedule: rooms, days, placing talks, breaks and releases are the
 * organisers' alone. Reviewers and speakers see the schedule only once it is released, on the
 * public pages.
 */
export function requireScheduleOrganiser(actor: Actor | undefined, event: { id: number; name: string }): Actor {
  return requireOrganiser(actor, event);
}
