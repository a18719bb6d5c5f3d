import type { FastifyRequest } from 'fastify';

/**
 * Refuses (415) a POST or PUT whose body is not JSON, before it is read: a form post from
 * another site, which a browser sends without asking, never reaches a token-authenticated
 * route. An onRequest hook for the APIs that take no cookies (shared agendas, interest ballots).
 */
export async function requireJsonBody(request: FastifyRequest): Promise<void> {
  if (request.method !== 'POST' && request.method !== 'PUT') return;
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw Object.assign(new Error(`Send the body as JSON, with Content-Type: application/json (not "${type}").`), {
      statusCode: 415,
    });
  }
}
