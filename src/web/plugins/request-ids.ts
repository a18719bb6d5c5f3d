import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';
import type { App } from '../types.js';

/**
 * Every request has an id: the one the reverse proxy (or the client) sent as X-Request-Id when it
 * is a short, plain token, else a new UUID. It is in every request log line (`reqId`) and sent
 * back as X-Request-Id, so that a proxy's access log, Lectern's log and a user's report of a
 * failed page can be matched. An id is kept only when it can do no harm in a log or a header.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `._:-`, at most 64: a UUID, nginx's `$request_id`, a ULID, a trace id. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Fastify's genReqId: the incoming id if safe, else a random UUID (unique across instances, unlike a counter). */
export function requestId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

async function requestIds(app: App): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}

export default fp(requestIds, { name: 'lectern-request-ids' });
