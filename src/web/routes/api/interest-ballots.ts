import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Agenda } from '../../../modules/agenda/index.js';
import {
  findInterestBallot,
  findInterestBallotState,
  interestBallotExists,
  putInterestBallot,
} from '../../../modules/interest-ballots/index.js';
import type { Database } from '../../../db/client.js';
import { CACHE_NONE, SECURITY_HEADERS } from '../../http-cache.js';
import { requireEvent } from '../published-program.js';
import { ballotCreationLimit } from '../../plugins/rate-limits.js';
import { requireJsonBody } from './json-only.js';
import { ApiErrorSchema } from './program.schema.js';
import { BallotParamsSchema, BallotSchema, BallotTalksSchema } from './interest-ballots.schema.js';

export interface InterestBallotApiOptions {
  agenda: Agenda;
  db: Database;
  clock: () => Date;
}

/** 200 slugs of 120 characters fit in 25 KB; a bigger body is no ballot. */
const BODY_LIMIT = 32 * 1024;

/**
 * Interest ballots: the talks an attendee wants to see, kept under a token the client makes,
 * for the scheduler. As with shared agendas the token in the path is the only credential (no
 * cookie is read, so there is nothing for CSRF to ride on) and bodies must be JSON.
 */
const interestBallotApi: FastifyPluginAsyncTypebox<InterestBallotApiOptions> = async (app, { agenda, db, clock }) => {
  const tags = ['interest'];
  const limitCreation = ballotCreationLimit(app);

  app.addHook('onRequest', async (request, reply) => {
    reply.headers({ ...SECURITY_HEADERS, 'cache-control': CACHE_NONE });
    await requireJsonBody(request);
  });

  app.get(
    '/events/:event/interest/:token',
    {
      schema: {
        tags,
        summary: 'Get an interest ballot',
        operationId: 'getInterestBallot',
        params: BallotParamsSchema,
        response: { 200: BallotSchema, 400: ApiErrorSchema, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const program = await requireEvent(agenda, request.params.event);
      const ballot = await findInterestBallot(db, program, request.params.token);
      const state = await findInterestBallotState(db, program, clock());
      return { talks: ballot.talks, open: state.open, closesAt: state.closesAt?.toISOString() ?? null };
    },
  );

  app.put(
    '/events/:event/interest/:token',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Create or replace an interest ballot',
        description:
          'Marks the talks an attendee wants to see, for the scheduler; organisers see only counts per talk. The first PUT under a token creates the ballot (201), later ones replace its talks (200) until the ballot closes (409). Creations are limited to 30 per hour per client address.',
        operationId: 'putInterestBallot',
        params: BallotParamsSchema,
        body: BallotTalksSchema,
        response: {
          200: BallotSchema,
          201: BallotSchema,
          400: ApiErrorSchema,
          404: ApiErrorSchema,
          409: ApiErrorSchema,
          413: ApiErrorSchema,
          415: ApiErrorSchema,
          429: ApiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const { token } = request.params;
      if (!(await interestBallotExists(db, program, token))) await limitCreation(request, reply);
      const now = clock();
      const saved = await putInterestBallot(db, program, token, request.body.talks, now);
      const state = await findInterestBallotState(db, program, now);
      reply.code(saved.created ? 201 : 200);
      return { talks: saved.talks, open: state.open, closesAt: state.closesAt?.toISOString() ?? null };
    },
  );
};

export default interestBallotApi;
