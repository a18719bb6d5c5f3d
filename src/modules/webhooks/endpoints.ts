import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../db/schema.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../access/index.js';
import { validateEndpointUrl } from './addresses.js';
import {
  deleteEventEndpoint,
  deliveryExists,
  insertEndpoint,
  insertPing,
  makeDeliveryDueNow,
  selectEndpointDeliveries,
  selectEventEndpoint,
  selectEventEndpoints,
  setEndpointStatus,
  type DeliveryListItem,
  type EndpointRow,
} from './deliveries.queries.js';
import { requireWebhookOrganiser } from './policy.js';

/** The organisers' side of webhooks: endpoints, their deliveries, test pings. */

type WebhookEventRef = { id: number; slug: string; name: string };

export const MAX_ENDPOINTS_PER_EVENT = 20;
export const DELIVERY_LOG_SIZE = 50;

export interface EndpointInput {
  url: string;
  events: string[];
}

export interface EndpointOptions {
  /** http:// to loopback and private addresses (LECTERN_WEBHOOKS_ALLOW_LOCAL). */
  allowLocal: boolean;
}

export type WebhookEndpoint = EndpointRow;

export interface WebhookEndpointDetail {
  endpoint: EndpointRow & { secret: string };
  /** The newest DELIVERY_LOG_SIZE deliveries, newest first. */
  deliveries: DeliveryListItem[];
}

function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** A new secret: 32 random bytes, prefixed so that it is recognisable in a receiver's settings. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export async function listWebhookEndpoints(
  db: Database,
  actor: Actor | undefined,
  event: WebhookEventRef,
): Promise<WebhookEndpoint[]> {
  requireWebhookOrganiser(actor, event);
  return selectEventEndpoints(db, event.id);
}

/** Registers an endpoint, active, with a new secret. Returns its id. */
export async function createWebhookEndpoint(
  db: Database,
  actor: Actor | undefined,
  event: WebhookEventRef,
  input: EndpointInput,
  options: EndpointOptions,
): Promise<number> {
  requireWebhookOrganiser(actor, event);
  const url = validateEndpointUrl(input.url, options);
  const unknown = input.events.filter((name) => !isWebhookEvent(name));
  if (unknown.length > 0) {
    throw new InvalidInputError(`unknown event ${unknown.map((name) => `"${name}"`).join(', ')}`, 'events');
  }
  const events = WEBHOOK_EVENTS.filter((name) => input.events.includes(name));
  if (events.length === 0) throw new InvalidInputError('choose at least one event to send', 'events');
  return db.transaction(async (tx) => {
    const existing = await selectEventEndpoints(tx, event.id);
    if (existing.length >= MAX_ENDPOINTS_PER_EVENT) {
      throw new InvalidInputError(
        `${event.name} has ${MAX_ENDPOINTS_PER_EVENT} endpoints, the most it may have`,
        'url',
      );
    }
    return insertEndpoint(tx, { eventId: event.id, url, events, secret: newSecret() });
  });
}

async function requireEndpoint(db: Database, event: WebhookEventRef, id: number) {
  const endpoint = await selectEventEndpoint(db, event.id, id);
  if (!endpoint) throw new NotFoundError(`${event.name} has no webhook endpoint number ${id}.`);
  return endpoint;
}

/** One endpoint with its secret and delivery log. */
export async function getWebhookEndpoint(
  db: Database,
  actor: Actor | undefined,
  event: WebhookEventRef,
  id: number,
): Promise<WebhookEndpointDetail> {
  requireWebhookOrganiser(actor, event);
  const endpoint = await requireEndpoint(db, event, id);
  return { endpoint, deliveries: await selectEndpointDeliveries(db, id, DELIVERY_LOG_SIZE) };
}

export async function pauseWebhookEndpoint(
  db: Database,
  actor: Actor | undefined,
  event: WebhookEventRef,
  id: number,
): Promise<void> {
  requireWebhookOrganiser(actor, event);
  await db.transaction(async (tx) => {
    const endpoint = await requireEndpoint(tx, event, id);
    if (endpoint.status === 'paused') throw new ConflictError('This endpoint is paused already.');
    await setEndpointStatus(tx, event.id, id, 'paused', 'Paused by an organiser.');
  });
}

/** Resumes an endpoint: its run of failures starts again from zero, and its waiting deliveries go out. */
export async function resumeWebhookEndpoint(
  db: Database,
  actor: Actor | undefined,
  event: WebhookEventRef,
  id: number,
): Promise<void> {
  requireWebhookOrganiser(actor, event);
  await db.transaction(async (tx) => {
    const endpoint = await requireEndpoint(tx, event, id);
    if (endpoint.status === 'active') throw new ConflictError('This endpoint is active already.');
    await setEndpointStatus(tx, event.id, id, 'active', null);
  });
}

/** Deletes an endpoint and its delivery log; what it had not received yet is never sent. */
export async function deleteWebhookEndpoint(
  db: Database,
  actor: Actor | undefined,
  event: WebhookEventRef,
  id: number,
): Promise<void> {
  requireWebhookOrganiser(actor, event);
  await db.transaction(async (tx) => {
    if (!(await deleteEventEndpoint(tx, event.id, id))) {
      throw new NotFoundError(`${event.name} has no webhook endpoint number ${id}.`);
    }
  });
}

/** "Send a test ping": a `ping` delivery to this endpoint alone. Returns whether it goes out now (not paused). */
export async function pingWebhookEndpoint(
  db: Database,
  actor: Actor | undefined,
  event: WebhookEventRef,
  id: number,
): Promise<boolean> {
  requireWebhookOrganiser(actor, event);
  return db.transaction(async (tx) => {
    const endpoint = await requireEndpoint(tx, event, id);
    await insertPing(tx, id, {
      message: `A test from Lectern for ${event.name}.`,
      endpoint: { id, events: endpoint.events },
    });
    return endpoint.status === 'active';
  });
}

/** "Send again": one delivery of the endpoint, due now (again, if it was delivered). */
export async function sendWebhookDeliveryAgain(
  db: Database,
  actor: Actor | undefined,
  event: WebhookEventRef,
  endpointId: number,
  deliveryId: number,
): Promise<void> {
  requireWebhookOrganiser(actor, event);
  await db.transaction(async (tx) => {
    await requireEndpoint(tx, event, endpointId);
    if (await makeDeliveryDueNow(tx, endpointId, deliveryId)) return;
    if (!(await deliveryExists(tx, endpointId, deliveryId))) {
      throw new NotFoundError(`This endpoint has no delivery number ${deliveryId}.`);
    }
    throw new ConflictError('This delivery is being sent right now; look again in a moment.');
  });
}
