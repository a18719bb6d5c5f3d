import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../../db/client.js';
import { findEventBySlug, type EventRecord } from '../../../modules/program/index.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  pauseWebhookEndpoint,
  pingWebhookEndpoint,
  resumeWebhookEndpoint,
  sendWebhookDeliveryAgain,
} from '../../../modules/webhooks/index.js';
import { ConflictError } from '../../../shared/errors.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { WebhookEndpointPage, WebhooksPage } from '../../views/orga/webhooks.js';
import { EventParams } from './index.js';

export interface WebhookRouteOptions {
  db: Database;
  publicUrl: string;
  /** http:// to loopback, private addresses (LECTERN_WEBHOOKS_ALLOW_LOCAL). */
  allowLocal: boolean;
}

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const EndpointParams = Type.Object({ event: EventParams.properties.event, id: Id });
const DeliveryParams = Type.Object({
  event: EventParams.properties.event,
  id: Id,
  delivery: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
});
const EventName = Type.String({ maxLength: 60 });
const EndpointBody = Type.Object({
  url: Type.String({ maxLength: 4000 }),
  events: Type.Optional(Type.Union([EventName, Type.Array(EventName, { maxItems: 10 })])),
});

function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Organiser pages for webhooks: endpoints, their delivery logs, pings, pause and resume. */
const webhookRoutes: FastifyPluginAsyncTypebox<WebhookRouteOptions> = async (app, { db, allowLocal }) => {
  const base = (event: EventRecord) => `/orga/${event.slug}/webhooks`;

  app.get('/orga/:event/webhooks', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const endpoints = await listWebhookEndpoints(db, request.actor, event);
    sendPage(
      reply,
      WebhooksPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        endpoints,
        allowLocal,
      }),
    );
  });

  app.post('/orga/:event/webhooks', { schema: { params: EventParams, body: EndpointBody } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const input = { url: request.body.url, events: listOf(request.body.events) };
    const result = await formAction(() => createWebhookEndpoint(db, request.actor, event, input, { allowLocal }));
    if (result.ok) {
      return redirectWithFlash(
        reply,
        `${base(event)}/${result.value}`,
        'The endpoint is registered. Give its secret (below) to the receiving side, and send a test ping.',
      );
    }
    const endpoints = await listWebhookEndpoints(db, request.actor, event);
    sendPage(
      reply,
      WebhooksPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        event,
        endpoints,
        allowLocal,
        errors: result.errors,
        values: input,
      }),
      400,
    );
  });

  app.get('/orga/:event/webhooks/:id', { schema: { params: EndpointParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const detail = await getWebhookEndpoint(db, request.actor, event, request.params.id);
    sendPage(
      reply,
      WebhookEndpointPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        detail,
      }),
    );
  });

  app.post('/orga/:event/webhooks/:id/ping', { schema: { params: EndpointParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const now = await pingWebhookEndpoint(db, request.actor, event, request.params.id);
    redirectWithFlash(
      reply,
      `${base(event)}/${request.params.id}`,
      now
        ? 'A test ping is on its way; reload this page to see how it went.'
        : 'A test ping waits: the endpoint is paused, and gets it once you resume it.',
    );
  });

  const statusChange = (path: 'pause' | 'resume', change: typeof pauseWebhookEndpoint, done: string) =>
    app.post(`/orga/:event/webhooks/:id/${path}`, { schema: { params: EndpointParams } }, async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const back = `${base(event)}/${request.params.id}`;
      try {
        await change(db, request.actor, event, request.params.id);
      } catch (error) {
        if (error instanceof ConflictError) return redirectWithFlash(reply, back, error.message, 'error');
        throw error;
      }
      redirectWithFlash(reply, back, done);
    });
  statusChange('pause', pauseWebhookEndpoint, 'The endpoint is paused: changes wait for it until you resume it.');
  statusChange('resume', resumeWebhookEndpoint, 'The endpoint is active again: what waited for it is sent now.');

  app.post('/orga/:event/webhooks/:id/delete', { schema: { params: EndpointParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await deleteWebhookEndpoint(db, request.actor, event, request.params.id);
    redirectWithFlash(reply, base(event), 'The endpoint is deleted, with its deliveries; nothing more is sent to it.');
  });

  app.post(
    '/orga/:event/webhooks/:id/deliveries/:delivery/send-again',
    { schema: { params: DeliveryParams } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const back = `${base(event)}/${request.params.id}`;
      try {
        await sendWebhookDeliveryAgain(db, request.actor, event, request.params.id, request.params.delivery);
      } catch (error) {
        if (error instanceof ConflictError) return redirectWithFlash(reply, back, error.message, 'error');
        throw error;
      }
      redirectWithFlash(reply, back, 'The delivery is queued to be sent again now.');
    },
  );
};

export default webhookRoutes;
