import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * Paths that carry a secret in their last segment: one-time links to choose a password or
 * confirm an address, co-speaker invitations, and the first run's setup link. Whoever reads a log must not be able to follow them.
 */
const SECRET_IN_PATH = [
  /^(\/password\/(?:reset|set)\/)[^/?#]+/,
  /^(\/signup\/verify\/)[^/?#]+/,
  /^(\/setup\/)[^/?#]+/,
  /^(\/[^/?#]+\/me\/invitations\/)[^/?#]+/,
];

/**
 * An invitation's path in a query's `next` (a login or sign-up link that returns to it, the
 * verification link mailed at sign-up), encoded or not.
 */
const SECRET_IN_NEXT = [/([?&]next=(?:\/|%2F)[^/?#&%]+(?:\/|%2F)me(?:\/|%2F)invitations(?:\/|%2F))[^&#]+/gi];

/** An access code in a query (`/{event}/cfp?access_code=…`), or in a `next` that returns to one. */
const SECRET_IN_QUERY = [/([?&]access_code=)[^&#]+/gi, /((?:%3F|%26)access_code%3D)[^&#]+/gi];

/**
 * The URL as it may be logged: secrets in the path, in a `next` to such a path, and access
 * codes in the query, replaced by "[redacted]".
 */
export function loggableUrl(url: string): string {
  return [...SECRET_IN_PATH, ...SECRET_IN_NEXT, ...SECRET_IN_QUERY].reduce(
    (result, pattern) => result.replace(pattern, '$1[redacted]'),
    url,
  );
}

/** Fastify's own request serializer, but with loggableUrl. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Logger options that log requests without the secrets some URLs carry. */
export function withSafeRequestLogs(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: serializeRequest } };
}
