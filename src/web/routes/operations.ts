import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../db/client.js';
import type { Agenda } from '../../modules/agenda/index.js';
import { checkDatabaseReadiness } from '../../db/health.js';
import type { ApiError } from '../errors.js';
import { CACHE_NONE, SECURITY_HEADERS, type ResponseCache } from '../http-cache.js';
import { AppMetrics } from '../metrics.js';
import type { App } from '../types.js';
import { ApiErrorSchema } from './api/program.schema.js';
import { AliveSchema, PROMETHEUS_TEXT, ReadySchema, UnavailableSchema, type Unavailable } from './operations.schema.js';

export interface OperationsOptions {
  db: Database;
  /** The background work's database (its own pool on PostgreSQL), for the pool metrics. */
  background?: Database | undefined;
  cache: ResponseCache;
  /** The programs held in memory, for their metrics. */
  agenda?: Agenda | undefined;
  /** When set, /metrics asks for it as a Bearer token; unset, it answers this machine (loopback) only. */
  metricsToken?: string | undefined;
}

/** A probe must not hang: a load balancer counts a slow answer as none. */
export const READINESS_TIMEOUT_MS = 2000;
/** Seconds a client should wait before asking an unavailable instance again. */
export const RETRY_AFTER_SECONDS = 5;

const HEADERS = { ...SECURITY_HEADERS, 'cache-control': CACHE_NONE };

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || /^(?:::ffff:)?127\./.test(address ?? '');
}

/** A request a proxy relayed: from the proxy's loopback address, but on behalf of someone else. */
function isRelayed(request: FastifyRequest): boolean {
  const { headers } = request;
  return (
    headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined || headers['x-real-ip'] !== undefined
  );
}

/** Compares digests, so that neither the token's bytes nor its length show in the time taken. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Why /metrics is refused to this request, or undefined when it may read them. */
function metricsRefusal(request: FastifyRequest, token: string | undefined): ApiError | undefined {
  if (token !== undefined) {
    const given = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given !== undefined && sameSecret(given, token)) return undefined;
    return {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Metrics need the token set in METRICS_TOKEN, sent as "Authorization: Bearer <token>".',
    };
  }
  if (isLoopback(request.socket.remoteAddress) && !isRelayed(request)) return undefined;
  return {
    statusCode: 403,
    error: 'Forbidden',
    message: 'Metrics are served to this machine only (loopback, not through a proxy) unless METRICS_TOKEN is set.',
  };
}

/**
 * What keeps an instance running behind a load balancer: liveness (/healthz), readiness
 * (/readyz) and Prometheus metrics (/metrics), and the request counting behind the metrics.
 * Registered with fastify-plugin before the other routes, so that its hook counts every request.
 */
async function operations(app: App, options: OperationsOptions): Promise<void> {
  const { db } = options;
  const metrics = new AppMetrics(options);
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observe(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  // Set as app.close() begins, before the server stops listening: requests still arriving on open
  // connections are served, and /readyz tells the load balancer to send no more. Every answer
  // sent from then on closes its connection: a keep-alive connection whose request was under way
  // would otherwise stay open, idle, until its timeout (72 s), and hold up the shutdown.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  const tags = ['operations'];
  app.get(
    '/healthz',
    {
      schema: {
        tags,
        summary: 'Liveness',
        description:
          'Whether the process runs and answers. It asks nothing of the database: restart an instance that fails it, do not restart one whose database is down.',
        operationId: 'getLiveness',
        response: { 200: AliveSchema },
      },
    },
    (_request, reply) => {
      reply.headers(HEADERS);
      return { status: 'ok' as const };
    },
  );

  // Logged when it changes, not at every probe of every load balancer.
  let reported: string | undefined;
  const unavailable = (reply: FastifyReply, checks: Unavailable['checks']): Unavailable => {
    reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS));
    return { status: 'unavailable', checks };
  };
  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'Readiness',
        description: `Whether to send this instance traffic: its database answers a query within ${READINESS_TIMEOUT_MS / 1000} s and has every migration this release ships, and it is not shutting down. A 503 says which check failed.`,
        operationId: 'getReadiness',
        response: { 200: ReadySchema, 503: UnavailableSchema },
      },
    },
    async (request, reply) => {
      reply.headers(HEADERS);
      if (closing) return unavailable(reply, { server: 'closing', database: 'not checked', migrations: 'not checked' });
      const readiness = await checkDatabaseReadiness(db, READINESS_TIMEOUT_MS);
      const state = `database ${readiness.database}, migrations ${readiness.migrations}`;
      if (state !== reported) {
        if (readiness.ready) request.log.info(`ready: ${state}`);
        else request.log.warn({ err: readiness.error }, `not ready: ${state}`);
        reported = state;
      }
      if (readiness.ready) return { status: 'ready' as const };
      return unavailable(reply, { server: 'running', database: readiness.database, migrations: readiness.migrations });
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: 'Prometheus metrics',
        description:
          'Process metrics (CPU, memory, event-loop lag, garbage collection), requests by method, route pattern and status with their durations, the response cache, and the PostgreSQL pools (labelled requests and background). With METRICS_TOKEN set, send it as a Bearer token; without, only this machine may ask (loopback, not through a proxy).',
        operationId: 'getMetrics',
        security: [{ bearerAuth: [] }, {}],
        response: {
          200: {
            description: 'The Prometheus text format',
            content: { [PROMETHEUS_TEXT]: { schema: { type: 'string' } } },
          },
          401: ApiErrorSchema,
          403: ApiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      reply.headers(HEADERS);
      const refusal = metricsRefusal(request, options.metricsToken);
      if (refusal) {
        if (refusal.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="metrics"');
        return reply
          .code(refusal.statusCode as 401 | 403)
          .type('application/json; charset=utf-8')
          .send(refusal);
      }
      return reply.type(PROMETHEUS_TEXT).send(await metrics.render());
    },
  );
}

export default fp(operations, { name: 'lectern-operations' });
