import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Agenda, EventProgram } from '../../../modules/agenda/index.js';
import {
  createAttendeeAgenda,
  findAttendeeAgendaByToken,
  replaceAttendeeAgendaTalks,
} from '../../../modules/attendee-agendas/index.js';
import type { Database } from '../../../db/client.js';
import { absolute } from '../../../shared/links.js';
import { CACHE_NONE, SECURITY_HEADERS, type ResponseCache } from '../../http-cache.js';
import { requireEvent } from '../published-program.js';
import { forgetSharedAgendaFeed, sharedAgendaPath } from '../public/attendee-agendas.js';
import { requireJsonBody } from './json-only.js';
import { ApiErrorSchema } from './program.schema.js';
import {
  AgendaParamsSchema,
  AgendaSchema,
  AgendaTalksSchema,
  AgendaTokenParamsSchema,
  CreatedAgendaSchema,
  type AgendaBody,
} from './attendee-agendas.schema.js';

export interface AttendeeAgendaApiOptions {
  agenda: Agenda;
  /** Where the public routes keep rendered calendar feeds: a replace forgets its agenda's. */
  cache: ResponseCache;
  db: Database;
  publicUrl: string;
}

/** New agendas per client address: plenty for a person on a few devices, little for a script. */
const CREATE_LIMIT = { rateLimit: { max: 30, timeWindow: 60 * 60_000 } };

function agendaBody(program: EventProgram, publicUrl: string, shareId: string, talks: string[]): AgendaBody {
  const url = absolute(publicUrl, sharedAgendaPath(program.slug, shareId));
  return { talks, url, icalUrl: `${url}/calendar.ics` };
}

/**
 * Shared agendas: an attendee's starred talks kept under an unguessable token, so that they
 * follow them to another device, can be shared read-only, and can be subscribed to.
 *
 * The token in the path is the only credential: no cookie is read or set, so a forged
 * cross-site request has nothing to ride on and CSRF protection would protect nothing. Bodies
 * must be JSON (application/json): a form post from another site, which a browser sends
 * without asking, is refused before it is read.
 */
const attendeeAgendaApi: FastifyPluginAsyncTypebox<AttendeeAgendaApiOptions> = async (
  app,
  { agenda, cache, db, publicUrl },
) => {
  const tags = ['agendas'];
  const errors = { 400: ApiErrorSchema, 404: ApiErrorSchema, 415: ApiErrorSchema };

  app.addHook('onRequest', async (request, reply) => {
    reply.headers({ ...SECURITY_HEADERS, 'cache-control': CACHE_NONE });
    await requireJsonBody(request);
  });

  app.post(
    '/events/:event/agendas',
    {
      config: CREATE_LIMIT,
      schema: {
        tags,
        summary: 'Create a shared agenda',
        description:
          'Keeps a list of starred talks under a new token (256 random bits; only its hash is stored) and returns it with the read-only page and calendar feed addresses. No personal data is stored. Limited to 30 per hour per client address.',
        operationId: 'createAgenda',
        params: AgendaParamsSchema,
        body: AgendaTalksSchema,
        response: { 201: CreatedAgendaSchema, ...errors, 429: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const created = await createAttendeeAgenda(db, program, request.body.talks);
      reply.code(201);
      return { token: created.token, ...agendaBody(program, publicUrl, created.shareId, created.talks) };
    },
  );

  app.get(
    '/events/:event/agendas/:token',
    {
      schema: {
        tags,
        summary: 'Get a shared agenda',
        operationId: 'getAgenda',
        params: AgendaTokenParamsSchema,
        response: { 200: AgendaSchema, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const program = await requireEvent(agenda, request.params.event);
      const found = await findAttendeeAgendaByToken(db, program, request.params.token);
      return agendaBody(program, publicUrl, found.shareId, found.talks);
    },
  );

  app.put(
    '/events/:event/agendas/:token',
    {
      schema: {
        tags,
        summary: 'Replace the talks of a shared agenda',
        operationId: 'replaceAgenda',
        params: AgendaTokenParamsSchema,
        body: AgendaTalksSchema,
        response: { 200: AgendaSchema, ...errors },
      },
    },
    async (request) => {
      const program = await requireEvent(agenda, request.params.event);
      const saved = await replaceAttendeeAgendaTalks(db, program, request.params.token, request.body.talks);
      forgetSharedAgendaFeed(cache, program, saved.shareId);
      return agendaBody(program, publicUrl, saved.shareId, saved.talks);
    },
  );
};

export default attendeeAgendaApi;
