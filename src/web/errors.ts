import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthenticatedError,
} from '../shared/errors.js';
import { databaseUnavailability } from '../db/unavailable.js';
import {
  API_HEADERS,
  buildCachedResponse,
  CACHE_NONE,
  PUBLIC_PAGE_CSP,
  SECURITY_HEADERS,
  sendCached,
  withLanguage,
} from './http-cache.js';
import { errorPageLocale } from './i18n/choice.js';
import { renderIn, t, type Locale } from './i18n/index.js';
import { renderPage } from './views/layout.js';
import { ErrorPage } from './views/public/pages.js';
import type { Agenda } from '../modules/agenda/index.js';

/** The JSON body of every API error. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  /** The request parameter at fault, for 400s. */
  parameter?: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  409: 'Conflict',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function isApiRequest(request: FastifyRequest): boolean {
  const path = request.url.split(/[?#]/)[0]!;
  return path === '/api' || path.startsWith('/api/');
}

interface ValidationIssue {
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
  keyword?: string;
}

/** The parameter a schema validation error is about: "level" for /querystring/level. */
function parameterOf(error: FastifyError): string | undefined {
  const issue = error.validation?.[0] as ValidationIssue | undefined;
  if (!issue) return undefined;
  const path = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  if (path) return path;
  const missing = issue.params?.missingProperty ?? (issue.params?.requiredProperties as string[] | undefined)?.[0];
  return typeof missing === 'string' ? missing : undefined;
}

/** Turns ajv's messages into one sentence that names the parameter and where it was sent. */
export function formatSchemaErrors(errors: ValidationIssue[], dataVar: string): Error {
  const where =
    dataVar === 'querystring' ? 'query parameter' : dataVar === 'params' ? 'path parameter' : `${dataVar} field`;
  const sentences = errors.slice(0, 3).map((issue) => {
    const name = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    const allowed = issue.params?.allowedValues as unknown[] | undefined;
    const message = allowed
      ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
      : (issue.message ?? 'is not valid');
    return name ? `${where} "${name}" ${message}` : `${dataVar} ${message}`;
  });
  return new Error(sentences.join('; '));
}

/** Where a request carries its input, as Fastify names it in validation errors. */
export type InputPart = 'body' | 'querystring' | 'params';

/**
 * A 400 about one field that no schema can express (a NUL character, a malformed %-escape),
 * raised as Fastify raises a schema validation error, so that one handler renders both: as JSON
 * with the field as `parameter` for the API, as an error page for the site.
 */
export function invalidField(part: InputPart, field: string, problem: string): FastifyError {
  const issue: ValidationIssue = { instancePath: field === '' ? '' : `/${field}`, message: problem };
  return Object.assign(formatSchemaErrors([issue], part), {
    code: 'FST_ERR_VALIDATION',
    name: 'FastifyError',
    statusCode: 400,
    validation: [issue],
    validationContext: part,
  }) as unknown as FastifyError;
}

function describe(error: FastifyError | Error): {
  statusCode: number;
  message: string;
  parameter?: string | undefined;
  /** For a 503: seconds to wait before asking again, and what was busy (for the log). */
  unavailable?: ServiceUnavailableError;
} {
  // Before the rest: a driver error (a statement cut off by its timeout) is a plain Error.
  const unavailable = error instanceof ServiceUnavailableError ? error : databaseUnavailability(error);
  if (unavailable) return { statusCode: 503, message: unavailable.message, unavailable };
  if (error instanceof NotFoundError) return { statusCode: 404, message: error.message };
  if (error instanceof UnauthenticatedError) return { statusCode: 401, message: error.message };
  if (error instanceof ForbiddenError) return { statusCode: 403, message: error.message };
  if (error instanceof ConflictError) return { statusCode: 409, message: error.message };
  if (error instanceof InvalidInputError) return { statusCode: 400, message: error.message, parameter: error.field };
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return { statusCode: 400, message: error.message, parameter: parameterOf(fastifyError) };
  const statusCode =
    fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 600
      ? fastifyError.statusCode
      : 500;
  return {
    statusCode,
    message:
      statusCode >= 500
        ? 'Something went wrong on our side. It has been logged; please try again later.'
        : error.message,
  };
}

/** The back office, the speaker area and accounts stay English for now; the attendee pages do not. */
const ENGLISH_ONLY = /^\/(orga|account|login|logout|signup|password)(\/|$)|^\/[^/]+\/(cfp|me)(\/|$)/;

/** The error page's language, and what it says in that language before the (English) message. */
function errorWords(
  request: FastifyRequest,
  statusCode: number,
  error: string,
): { locale: Locale; title: string; lead: string | undefined } {
  const path = request.url.split(/[?#]/)[0]!;
  const locale: Locale = ENGLISH_ONLY.test(path) ? 'en' : errorPageLocale(request);
  return renderIn({ locale }, () => {
    const title =
      statusCode === 404
        ? t('error.notFound')
        : statusCode === 503
          ? t('error.busy')
          : statusCode >= 500
            ? t('error.failed')
            : locale === 'en'
              ? error
              : statusCode === 400
                ? t('error.badRequest')
                : t('error.title');
    const lead =
      locale === 'en'
        ? undefined
        : statusCode === 404
          ? t('error.lead404')
          : statusCode === 503
            ? t('error.lead503')
            : statusCode >= 500
              ? t('error.lead500')
              : t('error.lead');
    return { locale, title, lead };
  });
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  message: string,
  parameter?: string,
  agenda?: Agenda,
): Promise<void> | undefined {
  const error = STATUS_TEXT[statusCode] ?? 'Error';
  if (isApiRequest(request)) {
    const body: ApiError = { statusCode, error, message, ...(parameter ? { parameter } : {}) };
    reply
      .code(statusCode)
      .headers({ ...SECURITY_HEADERS, ...API_HEADERS, 'cache-control': CACHE_NONE })
      .type('application/json; charset=utf-8')
      .send(body);
    return;
  }
  const eventSlug = request.url.split(/[/?#]/)[1];
  const event = eventSlug ? agenda?.event(eventSlug) : undefined;
  const { locale, title, lead } = errorWords(request, statusCode, error);
  // Messages are English: on a page in another language they follow its own lead, marked as English.
  const html = renderIn({ locale, here: request.url }, () =>
    renderPage(ErrorPage({ statusCode, title, message, lead, messageLang: lead ? 'en' : undefined, event })),
  );
  // A large page's compression may still be under way: returned, so that handlers can return it.
  return sendCached(
    request,
    reply,
    withLanguage(
      buildCachedResponse(html, {
        statusCode,
        contentType: 'text/html; charset=utf-8',
        cacheControl: CACHE_NONE,
        headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
      }),
      locale,
    ),
  );
}

export function errorHandler(agenda: Agenda) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { statusCode, message, parameter, unavailable } = describe(error);
    // With the request id, which request logs (off by default) would otherwise be the only ones to carry.
    if (unavailable) {
      // Expected under load, and no fault of ours to debug: a warning that says what was busy,
      // without the error itself, whose message may hold a query's parameters.
      const { reason, retryAfterSeconds } = unavailable;
      request.log.warn(
        { reqId: request.id, route: request.routeOptions.url, reason, retryAfter: retryAfterSeconds },
        'answered 503: busy',
      );
      reply.header('retry-after', String(unavailable.retryAfterSeconds));
    } else if (statusCode >= 500) request.log.error({ err: error, reqId: request.id }, 'request failed');
    // A page that needs a login sends the browser to the login page, and back here after it.
    if (statusCode === 401 && !isApiRequest(request)) {
      const next =
        request.method === 'GET'
          ? request.url
          : request.headers.referer
            ? new URL(request.headers.referer, 'http://x').pathname
            : '/';
      reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
      return;
    }
    if (statusCode === 403 && (error as FastifyError).code?.startsWith('FST_CSRF')) {
      return sendError(
        request,
        reply,
        403,
        'This form was out of date or was not sent from this site. Go back, reload the page and try again.',
        undefined,
        agenda,
      );
    }
    return sendError(request, reply, statusCode, message, parameter, agenda);
  };
}

export function notFoundHandler(agenda: Agenda) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const message = isApiRequest(request)
      ? `No API endpoint ${request.method} ${request.url.split('?')[0]}; see /api/docs`
      : 'There is no page at this address. It may have moved, or the link may be mistyped.';
    return sendError(request, reply, 404, message, undefined, agenda);
  };
}

/**
 * Requests the router refuses before any route sees them (a malformed %-escape, a path
 * segment longer than any slug): answered like every other error, as a page or as JSON.
 */
export function frameworkErrorHandler(agenda: Agenda) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
    const message = tooLong
      ? 'This address is too long: no event, talk, speaker or track has a name that long.'
      : 'This address is not valid: it holds a malformed %-escape.';
    return sendError(request, reply, tooLong ? 414 : 400, message, undefined, agenda);
  };
}
