import type { Database } from '../../db/client.js';
import type { WebhookEvent } from '../../db/schema.js';
import { insertDeliveries } from './deliveries.queries.js';

export interface WebhookChange {
  eventId: number;
  /** What happened (WEBHOOK_EVENTS). */
  type: WebhookEvent;
  /**
   * The payload's `data`, one delivery per item (several proposals decided at once, say).
   * A `links` object holds this site's paths; deliveries send them absolute.
   */
  data: object | readonly object[];
}

/**
 * Writes a delivery of the change for every active endpoint of the event subscribed to its
 * type, inside the caller's transaction: a change that rolls back sends nothing, and a change
 * that commits is delivered even if the receiver is down now. One statement, whatever the
 * count; returns how many deliveries it wrote.
 */
export async function enqueueWebhook(tx: Database, change: WebhookChange): Promise<number> {
  const items = Array.isArray(change.data) ? (change.data as readonly object[]) : [change.data as object];
  return insertDeliveries(tx, change.eventId, change.type, items);
}
