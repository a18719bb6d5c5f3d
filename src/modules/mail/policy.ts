import { requireOrganiser, type Actor } from '../access/index.js';

/**
 * Who may see an event's mail. The outbox and the decision templates are the organisers' alone,
 * and only their own event's: account mails (a password reset) belong to no event and are
 * seen by nobody in the back office.
 */

/** The check every back-office function of this module makes first. */
export function requireMailOrganiser(actor: Actor | undefined, event: { id: number; name: string }): Actor {
  return requireOrganiser(actor, event);
}

/**
 * A sensitive mail carries a personal link (to choose a password, to sign in): whoever reads it
 * could use the link, so its text is never shown, not even to organisers.
 */
export function mayReadBody(message: { sensitive: boolean }): boolean {
  return !message.sensitive;
}
