import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import {
  webhookDeliveries,
  webhookEndpoints,
  type WebhookDeliveryStatus,
  type WebhookEndpointStatus,
  type WebhookEvent,
} from '../../db/schema.js';

/** The SQL of webhooks: writing deliveries, the worker's claim and settle statements, the organisers' lists. */

/** Wakes the webhook worker(s); sent on commit, with the deliveries. */
export const WEBHOOK_CHANNEL = 'lectern_webhooks';

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

function interval(ms: number) {
  return sql`make_interval(secs => ${ms / 1000}::double precision)`;
}

/**
 * One delivery per item of `data` for every active endpoint of the event subscribed to `type`,
 * and a wake-up for the workers if there is any: one statement, whatever the counts.
 */
export async function insertDeliveries(
  db: Database,
  eventId: number,
  type: WebhookEvent,
  data: readonly object[],
): Promise<number> {
  if (data.length === 0) return 0;
  const result = await db.execute(sql`
    with inserted as (
      insert into webhook_deliveries (uuid, endpoint_id, event_type, data)
      select gen_random_uuid(), e.id, ${type}, item.value
      from webhook_endpoints e, json_array_elements(${JSON.stringify(data)}::json) with ordinality as item(value, n)
      where e.event_id = ${eventId} and e.status = 'active' and ${type} = any(e.events)
      order by item.n, e.id
      returning id
    )
    select count(*)::int as count, (select pg_notify(${WEBHOOK_CHANNEL}, '') where exists (select 1 from inserted)) as woken
    from inserted`);
  return Number(rowsOf<{ count: number }>(result)[0]?.count ?? 0);
}

/** The organisers' test: one `ping` to one endpoint, whatever it subscribed to. */
export async function insertPing(db: Database, endpointId: number, data: object): Promise<void> {
  await db.insert(webhookDeliveries).values({
    uuid: sql`gen_random_uuid()`,
    endpointId,
    eventType: 'ping',
    data,
  });
  await db.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, '')`);
}

/** A delivery claimed for one attempt; `attempt` fences every later update of it. */
export interface ClaimedDelivery {
  id: number;
  uuid: string;
  eventType: string;
  /** The payload's data as stored (text: its keys in their order). */
  data: string;
  createdAt: Date;
  attempt: number;
  endpointId: number;
  url: string;
  secret: string;
  eventSlug: string;
}

/**
 * Claims up to `batchSize` due deliveries of active endpoints in one statement, as the mail
 * worker claims mail: `FOR UPDATE SKIP LOCKED` lets workers in every app instance claim at once
 * without taking each other's rows, and the claim marks them 'sending' with a lease.
 */
export async function claimDueDeliveries(
  db: Database,
  options: { batchSize: number; leaseMs: number; maxAttempts: number },
): Promise<ClaimedDelivery[]> {
  const result = await db.execute(sql`
    with due as (
      select d.id from webhook_deliveries d
      join webhook_endpoints e on e.id = d.endpoint_id
      where e.status = 'active'
        and ((d.status = 'pending' and d.next_attempt_at <= now())
          or (d.status = 'sending' and d.locked_until <= now() and d.attempts < ${options.maxAttempts}))
      order by d.next_attempt_at, d.id
      limit ${options.batchSize}
      for update of d skip locked
    )
    update webhook_deliveries d
    set status = 'sending', attempts = d.attempts + 1, locked_until = now() + ${interval(options.leaseMs)}
    from due, webhook_endpoints e, events ev
    where d.id = due.id and e.id = d.endpoint_id and ev.id = e.event_id
    returning d.id, d.uuid::text as uuid, d.event_type, d.data::text as data,
      (extract(epoch from d.created_at) * 1000)::float8 as created_ms, d.attempts,
      e.id as endpoint_id, e.url, e.secret, ev.slug`);
  return rowsOf<{
    id: number | string;
    uuid: string;
    event_type: string;
    data: string;
    created_ms: number | string;
    attempts: number;
    endpoint_id: number;
    url: string;
    secret: string;
    slug: string;
  }>(result)
    .map((row) => ({
      id: Number(row.id),
      uuid: row.uuid,
      eventType: row.event_type,
      data: row.data,
      createdAt: new Date(Math.floor(Number(row.created_ms))),
      attempt: Number(row.attempts),
      endpointId: Number(row.endpoint_id),
      url: row.url,
      secret: row.secret,
      eventSlug: row.slug,
    }))
    .sort((a, b) => a.id - b.id);
}

/** A delivery whose worker died during its last allowed attempt fails instead of being claimed forever. */
export async function failAbandonedDeliveries(db: Database, maxAttempts: number): Promise<number> {
  const failed = await db
    .update(webhookDeliveries)
    .set({
      status: 'failed',
      lockedUntil: null,
      lastError: 'The delivery was interrupted (the app stopped while sending) on the last allowed attempt.',
    })
    .where(
      and(
        eq(webhookDeliveries.status, 'sending'),
        sql`${webhookDeliveries.lockedUntil} <= now()`,
        sql`${webhookDeliveries.attempts} >= ${maxAttempts}`,
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return failed.length;
}

/** The update applies only while the claim is still ours: same attempt, still 'sending'. */
function stillClaimed(delivery: Pick<ClaimedDelivery, 'id' | 'attempt'>) {
  return sql`d.id = ${delivery.id} and d.status = 'sending' and d.attempts = ${delivery.attempt}`;
}

/** Delivered: the endpoint's run of failures ends. False when the claim was lost meanwhile. */
export async function markDelivered(
  db: Database,
  delivery: Pick<ClaimedDelivery, 'id' | 'attempt'>,
  status: number,
): Promise<boolean> {
  const result = await db.execute(sql`
    with d as (
      update webhook_deliveries d
      set status = 'delivered', delivered_at = now(), locked_until = null, last_status = ${status}, last_error = null
      where ${stillClaimed(delivery)}
      returning d.endpoint_id
    ), e as (
      update webhook_endpoints set consecutive_failures = 0 where id in (select endpoint_id from d)
    )
    select count(*)::int as count from d`);
  return Number(rowsOf<{ count: number }>(result)[0]?.count ?? 0) === 1;
}

/**
 * A failed attempt: the delivery waits `retryInMs` for the next, or (null) fails for good. The
 * endpoint counts the failure; when a delivery fails for good and no delivery to the endpoint
 * has succeeded during all its attempts (`pauseAfter` failures in a row), the endpoint is paused
 * with the reason. Returns whether it was paused now.
 */
export async function recordFailure(
  db: Database,
  delivery: Pick<ClaimedDelivery, 'id' | 'attempt'>,
  failure: { status: number | null; error: string; retryInMs: number | null; pauseAfter: number; reason: string },
): Promise<{ recorded: boolean; paused: boolean }> {
  const next =
    failure.retryInMs === null
      ? sql`status = 'failed'`
      : sql`status = 'pending', next_attempt_at = now() + ${interval(failure.retryInMs)}`;
  const pausing = failure.retryInMs === null;
  const result = await db.execute(sql`
    with d as (
      update webhook_deliveries d
      set ${next}, locked_until = null, last_status = ${failure.status}, last_error = ${failure.error}
      where ${stillClaimed(delivery)}
      returning d.endpoint_id
    )
    update webhook_endpoints e
    set consecutive_failures = e.consecutive_failures + 1,
      status = case when ${pausing} and e.consecutive_failures + 1 >= ${failure.pauseAfter} then 'paused' else e.status end,
      paused_at = case when ${pausing} and e.consecutive_failures + 1 >= ${failure.pauseAfter} and e.status = 'active' then now() else e.paused_at end,
      paused_reason = case when ${pausing} and e.consecutive_failures + 1 >= ${failure.pauseAfter} and e.status = 'active' then ${failure.reason} else e.paused_reason end
    from d
    where e.id = d.endpoint_id
    returning (e.status = 'paused' and e.paused_at = now()) as paused`);
  const rows = rowsOf<{ paused: boolean }>(result);
  return { recorded: rows.length === 1, paused: rows[0]?.paused === true };
}

/** Gives back a claimed delivery that was not tried after all (the worker is stopping). */
export async function releaseClaimedDelivery(
  db: Database,
  delivery: Pick<ClaimedDelivery, 'id' | 'attempt'>,
): Promise<void> {
  await db.execute(sql`
    update webhook_deliveries d set status = 'pending', locked_until = null, attempts = d.attempts - 1
    where ${stillClaimed(delivery)}`);
}

// --- the organisers' lists and actions

export interface EndpointRow {
  id: number;
  url: string;
  events: WebhookEvent[];
  status: WebhookEndpointStatus;
  pausedReason: string | null;
  pausedAt: Date | null;
  consecutiveFailures: number;
  createdAt: Date;
}

const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  events: webhookEndpoints.events,
  status: webhookEndpoints.status,
  pausedReason: webhookEndpoints.pausedReason,
  pausedAt: webhookEndpoints.pausedAt,
  consecutiveFailures: webhookEndpoints.consecutiveFailures,
  createdAt: webhookEndpoints.createdAt,
};

export async function selectEventEndpoints(db: Database, eventId: number): Promise<EndpointRow[]> {
  return db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.eventId, eventId))
    .orderBy(webhookEndpoints.id);
}

export async function selectEventEndpoint(
  db: Database,
  eventId: number,
  id: number,
): Promise<(EndpointRow & { secret: string }) | undefined> {
  const [row] = await db
    .select({ ...endpointColumns, secret: webhookEndpoints.secret })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.eventId, eventId), eq(webhookEndpoints.id, id)));
  return row;
}

export async function insertEndpoint(
  db: Database,
  values: { eventId: number; url: string; events: WebhookEvent[]; secret: string },
): Promise<number> {
  const [row] = await db.insert(webhookEndpoints).values(values).returning({ id: webhookEndpoints.id });
  return row!.id;
}

export async function deleteEventEndpoint(db: Database, eventId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.eventId, eventId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length === 1;
}

export async function setEndpointStatus(
  db: Database,
  eventId: number,
  id: number,
  status: WebhookEndpointStatus,
  reason: string | null,
): Promise<boolean> {
  const rows = await db
    .update(webhookEndpoints)
    .set(
      status === 'active'
        ? { status, pausedReason: null, pausedAt: null, consecutiveFailures: 0 }
        : { status, pausedReason: reason, pausedAt: sql`now()` },
    )
    .where(and(eq(webhookEndpoints.eventId, eventId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  if (status === 'active' && rows.length === 1) await db.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, '')`);
  return rows.length === 1;
}

export interface DeliveryListItem {
  id: number;
  uuid: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  nextAttemptAt: Date;
}

/** An endpoint's deliveries, newest first. */
export async function selectEndpointDeliveries(
  db: Database,
  endpointId: number,
  limit: number,
): Promise<DeliveryListItem[]> {
  return db
    .select({
      id: webhookDeliveries.id,
      uuid: webhookDeliveries.uuid,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatus: webhookDeliveries.lastStatus,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/**
 * "Send again": a delivery that is not being sent now becomes due at once (a delivered one is
 * sent once more, with the same id, so that the receiver may recognise it).
 */
export async function makeDeliveryDueNow(db: Database, endpointId: number, id: number): Promise<boolean> {
  const result = await db.execute(sql`
    update webhook_deliveries
    set status = 'pending', next_attempt_at = now(), locked_until = null
    where endpoint_id = ${endpointId} and id = ${id} and status <> 'sending'
    returning id`);
  const updated = rowsOf<{ id: number }>(result).length === 1;
  if (updated) await db.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, '')`);
  return updated;
}

export async function deliveryExists(db: Database, endpointId: number, id: number): Promise<boolean> {
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.id, id)));
  return rows.length === 1;
}
