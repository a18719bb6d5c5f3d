import { sharedSchemaCompilers } from './web/schema-compilers.js';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Agenda } from './modules/agenda/index.js';
import { errorHandler, formatSchemaErrors, frameworkErrorHandler, notFoundHandler } from './web/errors.js';
import { ResponseCache } from './web/http-cache.js';
import { withSafeRequestLogs } from './web/logging.js';
import openapi from './web/routes/api/openapi.js';
import programApi from './web/routes/api/program.js';
import publicRoutes from './web/routes/public/index.js';
import offlineRoutes from './web/routes/public/offline.js';
import exportRoutes from './web/routes/public/exports.js';
import publicScheduleRoutes from './web/routes/public/schedule.js';
import roomScreenRoutes from './web/routes/public/room-screens.js';
import embedRoutes from './web/routes/public/embed.js';
import mediaRoutes from './web/routes/public/media.js';
import attendeeAgendaRoutes from './web/routes/public/attendee-agendas.js';
import attendeeAgendaApi from './web/routes/api/attendee-agendas.js';
import interestBallotApi from './web/routes/api/interest-ballots.js';
import interestBallotRoutes from './web/routes/public/interest-ballot.js';
import accountRoutes from './web/routes/account/index.js';
import setupRoutes from './web/routes/account/setup.js';
import orgaRoutes from './web/routes/orga/index.js';
import programAdminRoutes from './web/routes/orga/program-admin.js';
import accessCodeRoutes from './web/routes/orga/access-codes.js';
import cfpFormRoutes from './web/routes/orga/cfp-form.js';
import proposalRoutes from './web/routes/orga/proposals.js';
import reviewDashboardRoutes from './web/routes/orga/review.js';
import mailRoutes from './web/routes/orga/mail.js';
import webhookRoutes from './web/routes/orga/webhooks.js';
import apiTokenRoutes from './web/routes/orga/api-tokens.js';
import scheduleRoutes from './web/routes/orga/schedule.js';
import interestRoutes from './web/routes/orga/interest.js';
import timeSlotRoutes from './web/routes/orga/time-slots.js';
import speakerRoutes from './web/routes/speaker/index.js';
import orgaApiRoutes from './web/routes/api/orga.js';
import inputGuard from './web/plugins/input-guard.js';
import requestIds, { requestId } from './web/plugins/request-ids.js';
import operations from './web/routes/operations.js';
import cookies from './web/plugins/cookies.js';
import csrf from './web/plugins/csrf.js';
import formBody from './web/plugins/form-body.js';
import rateLimits from './web/plugins/rate-limits.js';
import securityHeaders from './web/plugins/security-headers.js';
import sessions from './web/plugins/sessions.js';
import type { Database } from './db/client.js';
import type { App } from './web/types.js';

export interface BuildAppOptions {
  agenda: Agenda;
  db: Database;
  /** The database background work uses (DatabaseHandle.background), for the pool metrics; by default `db`. */
  background?: Database | undefined;
  /** Signs cookies (see installationSecret). */
  secret: string;
  /** The address people reach Lectern at, for links in mails. */
  publicUrl: string;
  trustProxy?: number;
  /** Webhook endpoints may be http:// on loopback and private addresses (LECTERN_WEBHOOKS_ALLOW_LOCAL). */
  webhooksAllowLocal?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** Log a line per request. */
  logRequests?: boolean;
  /** The time "now" on the public schedule; tests set it. */
  clock?: () => Date;
  /** The Bearer token /metrics asks for; unset, it answers loopback only. */
  metricsToken?: string | undefined;
  /** What the response cache may hold, in bytes (LECTERN_RESPONSE_CACHE_MB); 64 MB unless set. */
  responseCacheBytes?: number;
}

/**
 * Builds the web application: infrastructure first, then the route groups, each carrying
 * only the plugins it needs. The public program and its API need none of sessions, CSRF or
 * rate limits: they are read-only and served from memory.
 */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: withSafeRequestLogs(options.logger),
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    // Without request logs, a child logger per request buys nothing and costs on every response.
    ...(options.logRequests ? {} : { childLoggerFactory: (logger: FastifyBaseLogger) => logger }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    schemaErrorFormatter: formatSchemaErrors,
    // With N proxies in front, the client address is the one the Nth proxy saw.
    trustProxy: options.trustProxy ? (_address: string, hop: number) => hop < options.trustProxy! : false,
    frameworkErrors: frameworkErrorHandler(options.agenda),
    schemaController: { compilersFactory: sharedSchemaCompilers },
    genReqId: requestId,
    // While closing, requests on connections still open are served (each answer closes its
    // connection) rather than refused: /readyz alone says 503, so the load balancer drains us.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const { agenda } = options;
  const cache = new ResponseCache({ maxBytes: options.responseCacheBytes });
  // A changed program makes its event's cached answers stale; the event list changes with it.
  agenda.onChange((slug) =>
    slug === undefined ? cache.clear() : (cache.clear(`${slug}@`), cache.clear('api|events'), cache.clear('/@')),
  );

  app.setErrorHandler(errorHandler(agenda));
  app.setNotFoundHandler(notFoundHandler(agenda));

  // Before every route: each request's id (echoed as X-Request-Id).
  await app.register(requestIds);
  // Before every route: a NUL character anywhere in a request is a 400 naming the field.
  await app.register(inputGuard);
  await app.register(openapi);
  // Health, readiness and metrics, whose hook counts every request.
  await app.register(operations, {
    db: options.db,
    background: options.background,
    cache,
    agenda,
    metricsToken: options.metricsToken,
  });
  const clock = options.clock ?? (() => new Date());
  await app.register(programApi, { prefix: '/api', agenda, cache, clock, publicUrl: options.publicUrl });
  await app.register(publicRoutes, { agenda, cache, clock });
  await app.register(offlineRoutes, { agenda, cache });
  await app.register(exportRoutes, { agenda, cache, db: options.db, publicUrl: options.publicUrl });
  await app.register(publicScheduleRoutes, { agenda, cache, clock, publicUrl: options.publicUrl });
  await app.register(roomScreenRoutes, { agenda, cache, clock });
  await app.register(embedRoutes, { agenda, cache, publicUrl: options.publicUrl });
  await app.register(mediaRoutes, { db: options.db });

  // Shared agendas and interest ballots: token-authenticated JSON (and agenda pages read by share
  // id). No cookies, hence no CSRF; creation is rate-limited per client address, in the same
  // shared store as logins.
  await app.register(attendeeAgendaRoutes, { agenda, cache, db: options.db, publicUrl: options.publicUrl });
  await app.register(async (agendas) => {
    await agendas.register(rateLimits, { db: options.db });
    await agendas.register(attendeeAgendaApi, {
      agenda,
      cache,
      db: options.db,
      publicUrl: options.publicUrl,
      prefix: '/api',
    });
    await agendas.register(interestBallotApi, { agenda, db: options.db, clock, prefix: '/api' });
  });

  const secureCookies = options.publicUrl.startsWith('https:');
  // The interest ballot's page: a form post (same-origin only) that keeps the visitor's ballot
  // token in a cookie; no session. Creations share the API's rate limit per client address.
  await app.register(async (ballots) => {
    await ballots.register(cookies, { secret: options.secret, secureCookies });
    await ballots.register(formBody);
    await ballots.register(rateLimits, { db: options.db });
    await ballots.register(interestBallotRoutes, {
      agenda,
      cache,
      db: options.db,
      clock,
      publicUrl: options.publicUrl,
    });
  });

  // The signed-in site: its own plugins (cookies, sessions, CSRF, security headers, rate limits)
  // apply to these routes only. Their order is their hooks' order: helmet's headers are set
  // before the session is loaded (both onRequest), and the CSRF check (preValidation) runs
  // after the input guard's.
  const { db, publicUrl } = options;
  await app.register(async (site) => {
    await site.register(cookies, { secret: options.secret, secureCookies });
    await site.register(formBody);
    await site.register(securityHeaders, { secureCookies });
    await site.register(csrf, { secureCookies });
    await site.register(rateLimits, { db });
    await site.register(sessions, { db, secureCookies });
    await site.register(accountRoutes, { db, publicUrl, secureCookies });
    await site.register(setupRoutes, { db, secureCookies });
    await site.register(orgaRoutes, { db, publicUrl });
    await site.register(programAdminRoutes, { db, publicUrl });
    await site.register(cfpFormRoutes, { db, publicUrl });
    await site.register(accessCodeRoutes, { db, publicUrl });
    await site.register(proposalRoutes, { db, publicUrl });
    await site.register(reviewDashboardRoutes, { db, publicUrl });
    await site.register(mailRoutes, { db, publicUrl });
    await site.register(webhookRoutes, { db, publicUrl, allowLocal: options.webhooksAllowLocal ?? false });
    await site.register(apiTokenRoutes, { db, publicUrl });
    await site.register(scheduleRoutes, { db, publicUrl });
    await site.register(timeSlotRoutes, { db, publicUrl });
    await site.register(interestRoutes, { db, publicUrl });
    await site.register(speakerRoutes, { db, publicUrl });
    await site.register(orgaApiRoutes, {
      db,
      publicUrl,
      webhooksAllowLocal: options.webhooksAllowLocal ?? false,
      prefix: '/api',
    });
  });
  return app;
}
