import { requireOrganiser, type Actor } from '../access/index.js';

/**
 * Who may see and change an event's webhooks: its organisers alone. An endpoint's secret signs
 * what Lectern sends, and its address receives proposals before anyone decides on them.
 */
export function requireWebhookOrganiser(actor: Actor | undefined, event: { id: number; name: string }): Actor {
  return requireOrganiser(actor, event);
}
