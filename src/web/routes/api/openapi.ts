import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import type { App } from '../../types.js';
import { API_HEADERS, buildCachedResponse, sendCached, type CachedResponse } from '../../http-cache.js';

/** The operations endpoints (routes/operations.ts), described with the API. */
const OPERATIONS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * OpenAPI 3.1, generated from the route schemas (nothing is written by hand), served at
 * /api/openapi.json, with Swagger UI at /api/docs. Registered at the root, before the routes,
 * so that it sees every one of them.
 */
async function openapi(app: App): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lectern API',
        version: '1.0.0',
        description:
          "Lectern's API. The program endpoints are public and read-only: an event's published talks, speakers and tracks; their answers carry ETags, so send If-None-Match to get a 304 when nothing changed. The organiser endpoints (proposals, reviews, decisions) need an organiser's API token, sent as `Authorization: Bearer lct_…`; a token acts at its one event only.",
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description:
              "An organiser's API token (lct_…), created under API tokens in the back office; it acts at its one event only.",
          },
        },
      },
      tags: [
        { name: 'program', description: 'The published program (public)' },
        {
          name: 'agendas',
          description: 'Shared agendas: an attendee’s starred talks under a token (public, no account)',
        },
        {
          name: 'interest',
          description: 'Interest ballots: the talks an attendee wants to see, for the scheduler (public, no account)',
        },
        { name: 'organiser', description: 'Proposals, reviews and decisions (API token of an organiser)' },
        {
          name: 'operations',
          description: "For load balancers and monitoring: an instance's liveness, readiness and metrics",
        },
      ],
    },
    hideUntagged: false,
    // The document describes the API (and the operations endpoints) only: the site's HTML pages
    // have schemas too, but are not API.
    transform: ({ schema, url }) => ({
      schema: (url === '/api' || url.startsWith('/api/') || OPERATIONS.has(url)
        ? schema
        : { ...schema, hide: true }) as typeof schema,
      url,
    }),
    // Shared schemas are named after their $id ("Talk", "ApiError") rather than numbered.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, url: '/api/openapi.json' },
    staticCSP: true,
  });

  let document: CachedResponse | undefined;
  app.get('/api/openapi.json', { schema: { hide: true } }, (request, reply) => {
    document ??= buildCachedResponse(JSON.stringify(app.swagger()), {
      contentType: 'application/json; charset=utf-8',
      headers: API_HEADERS,
    });
    return sendCached(request, reply, document);
  });
}

export default fp(openapi, { name: 'lectern-openapi' });
