import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Agenda, EventProgram } from '../../../modules/agenda/index.js';
import { matchesFilter } from '../../../modules/agenda/index.js';
import {
  findInterestBallot,
  findInterestBallotState,
  interestBallotExists,
  MAX_BALLOT_TALKS,
  putInterestBallot,
} from '../../../modules/interest-ballots/index.js';
import type { Database } from '../../../db/client.js';
import { ForbiddenError, NotFoundError } from '../../../shared/errors.js';
import { newToken } from '../../../shared/tokens.js';
import { buildCachedResponse, PUBLIC_PAGE_CSP, sendCached, type ResponseCache } from '../../http-cache.js';
import { localisedPages } from '../../localised-pages.js';
import { ballotCreationLimit } from '../../plugins/rate-limits.js';
import { renderPage } from '../../views/layout.js';
import { InterestBallotPage } from '../../views/public/interest-ballot.js';
import { normaliseQuery, requireEvent, requireFilter } from '../published-program.js';
import { BALLOT_TOKEN_PATTERN } from '../api/interest-ballots.schema.js';

export interface InterestBallotRoutesOptions {
  agenda: Agenda;
  /** Only for the language of the page, which is never kept in it. */
  cache: ResponseCache;
  db: Database;
  clock: () => Date;
  publicUrl: string;
}

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
const PageQuery = Type.Object({
  track: Type.Optional(Type.String({ maxLength: 120, description: 'A track slug' })),
  level: Type.Optional(Type.String({ maxLength: 120, description: 'A level slug' })),
  type: Type.Optional(Type.String({ maxLength: 120, description: 'A session type slug' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to search for' })),
});
const SlugField = Type.String({ minLength: 1, maxLength: 120 });
const BallotForm = Type.Object({
  _ballot: Type.Optional(Type.String({ maxLength: 10 })),
  talk: Type.Optional(Type.Union([SlugField, Type.Array(SlugField, { maxItems: MAX_BALLOT_TALKS })])),
});
const Html = { 200: Type.String({ description: 'An HTML page' }) };

/** The ballot's token in the visitor's browser; the page and its form are the event's alone. */
export const BALLOT_COOKIE = 'lectern_interest';
const COOKIE_MAX_AGE = 365 * 24 * 60 * 60;
const TOKEN = new RegExp(BALLOT_TOKEN_PATTERN);

/** Per visitor (their marks): never kept in a shared cache, nor by the browser. */
const CACHE_PRIVATE = 'private, no-store';

function ballotToken(request: FastifyRequest): string | undefined {
  const token = request.cookies[BALLOT_COOKIE];
  return token && TOKEN.test(token) ? token : undefined;
}

function setBallotCookie(request: FastifyRequest, reply: FastifyReply, program: EventProgram, token: string): void {
  reply.setCookie(BALLOT_COOKIE, token, {
    path: `/${program.slug}`,
    httpOnly: true,
    sameSite: 'lax',
    secure: request.secureCookies,
    maxAge: COOKIE_MAX_AGE,
  });
}

/**
 * The public site has no sessions, hence no CSRF token to check; a form post must come from a
 * page of this site instead. Browsers say where a request comes from (Sec-Fetch-Site, else
 * Origin, which they send with every POST); a request that says neither, or another site, is
 * refused, so that no other site can cast or change ballots with its visitors' browsers.
 */
function requireSameOrigin(request: FastifyRequest, publicUrl: string): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const sameSite = site !== undefined ? site === 'same-origin' : origin === new URL(publicUrl).origin;
  if (!sameSite) throw new ForbiddenError('This form can only be sent from its own page on this site.');
}

/**
 * The interest ballot's page: the program's talks to mark, and the visitor's ballot under a
 * token kept in a cookie. Per visitor, so rendered for each request and never cached.
 */
const interestBallotRoutes: FastifyPluginAsyncTypebox<InterestBallotRoutesOptions> = async (
  app,
  { agenda, cache, db, clock, publicUrl },
) => {
  const common = { hide: true, tags: ['pages'] };
  const limitCreation = ballotCreationLimit(app);

  app.get(
    '/:event/interest',
    { schema: { ...common, params: EventParams, querystring: PageQuery, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply, ['track', 'level', 'q']);
      const program = await requireEvent(agenda, request.params.event);
      const filter = requireFilter(program, request.query);
      const query = normaliseQuery(request.query.q);
      const state = await findInterestBallotState(db, program, clock());
      const token = ballotToken(request);
      let marked: string[] = [];
      if (token) {
        try {
          marked = (await findInterestBallot(db, program, token)).talks;
        } catch (error) {
          // A cookie whose ballot is gone (another event's, or deleted): the visitor starts afresh.
          if (!(error instanceof NotFoundError)) throw error;
        }
      }
      const found = query ? new Set((await agenda.search(program, query)).map((result) => result.talk.id)) : undefined;
      const talks = program.talks.filter((talk) => matchesFilter(talk, filter) && (!found || found.has(talk.id)));
      return sendCached(
        request,
        reply,
        pages.build(() =>
          buildCachedResponse(
            renderPage(InterestBallotPage({ program, state, talks, marked: new Set(marked), filter, query })),
            {
              contentType: 'text/html; charset=utf-8',
              headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
              cacheControl: CACHE_PRIVATE,
            },
          ),
        ),
      );
    },
  );

  app.post(
    '/:event/interest',
    { schema: { ...common, params: EventParams, body: BallotForm } },
    async (request, reply) => {
      requireSameOrigin(request, publicUrl);
      const program = await requireEvent(agenda, request.params.event);
      const { talk } = request.body;
      const talks = talk === undefined ? [] : Array.isArray(talk) ? talk : [talk];
      const now = clock();
      let token = ballotToken(request);
      // A save that creates a ballot counts against the limit, whatever the cookie says (a script
      // could send a new made-up token each time); over it, nothing is written and no cookie set.
      if (!token || !(await interestBallotExists(db, program, token))) {
        if ((await findInterestBallotState(db, program, now)).open) await limitCreation(request, reply);
        token ??= newToken();
      }
      const saved = await putInterestBallot(db, program, token, talks, now);
      if (saved.created) setBallotCookie(request, reply, program, token);
      reply.header('cache-control', CACHE_PRIVATE);
      return reply.redirect(`/${program.slug}/interest`, 303);
    },
  );
};

export default interestBallotRoutes;
