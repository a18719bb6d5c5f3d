import { Readable } from 'node:stream';
import '@fastify/swagger';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.js';
import type { Agenda } from '../../../modules/agenda/index.js';
import {
  exporters,
  ExportStore,
  renderTalkICal,
  type Exporter,
  type StoredExport,
} from '../../../modules/exchange/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import {
  API_HEADERS,
  buildCachedResponse,
  CACHE_PUBLIC,
  matchesEtag,
  negotiateEncoding,
  PUBLIC_PAGE_CSP,
  SECURITY_HEADERS,
  sendCached,
  type CachedResponse,
  type ResponseCache,
} from '../../http-cache.js';
import { localisedPages } from '../../localised-pages.js';
import { renderPage } from '../../views/layout.js';
import { ExportsPage } from '../../views/public/exports.js';
import { requireEvent } from '../published-program.js';

export interface ExportRoutesOptions {
  agenda: Agenda;
  cache: ResponseCache;
  /** Where the exports are stored, once per program version, for every app instance. */
  db: Database;
  /** Links inside the files are absolute: apps and calendars read them away from this site. */
  publicUrl: string;
}

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
const TalkParams = Type.Object({ event: Slug, talk: Slug });

/**
 * A talk's calendar, built once per program version and kept in the response cache. Other
 * sites' apps and pages may fetch it (CORS), and opened in a browser tab it runs nothing (CSP);
 * inline, so that browsers show rather than download it, with a file name for those who save it.
 */
function file(body: string, contentType: string, fileName: string): CachedResponse {
  return buildCachedResponse(body, {
    contentType,
    headers: { ...API_HEADERS, 'content-disposition': `inline; filename="${fileName}"` },
    compression: 'fast',
  });
}

/** The headers of an export's answer, as `file` gives a talk's calendar. */
function exportHeaders(exporter: Exporter, eventSlug: string): Record<string, string> {
  return {
    'content-type': exporter.contentType,
    'cache-control': CACHE_PUBLIC,
    vary: 'accept-encoding',
    ...SECURITY_HEADERS,
    ...API_HEADERS,
    'content-disposition': `inline; filename="${eventSlug}-${exporter.fileName}"`,
  };
}

/**
 * Answers with a stored export: 304 when the client's copy is current, else the best encoding it
 * accepts, whole from memory or streamed from the database with its length.
 */
function sendExport(request: FastifyRequest, reply: FastifyReply, file: StoredExport, headers: Record<string, string>) {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && matchesEtag(ifNoneMatch, file.etag)) {
    return reply
      .code(304)
      .headers({ etag: file.etag, 'cache-control': headers['cache-control']!, vary: headers.vary! })
      .send();
  }
  const accepted = negotiateEncoding(request.headers['accept-encoding']);
  const encoding = accepted !== 'identity' && file.sizes[accepted] !== undefined ? accepted : 'identity';
  reply.code(200).headers({
    ...headers,
    etag: file.etag,
    'content-length': String(file.sizes[encoding]),
    ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
  });
  const body = file.read(encoding);
  return reply.send(Buffer.isBuffer(body) ? body : Readable.from(body, { objectMode: false }));
}

/** Aborted when the client goes away before its answer is written: work for it alone stops. */
function whileClientWaits(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the client went away'));
  });
  return controller.signal;
}

/**
 * The exports of the latest release: one route per exporter of the registry at
 * /{event}/{fileName}, a calendar per talk, and the page listing them. The files are built from
 * the in-memory program once per program version and stored for every instance (ExportStore),
 * so a new release serves new files (and new ETags) at once; a talk's calendar and the page
 * are kept in the response cache, keyed on the program's version.
 */
const exportRoutes: FastifyPluginAsyncTypebox<ExportRoutesOptions> = async (app, { agenda, cache, db, publicUrl }) => {
  const common = { hide: true, tags: ['exports'] };
  const context = { publicUrl };
  const store = new ExportStore(db, {
    publicUrl,
    onStoreError: (error) => app.log.error({ err: error }, 'an export could not be stored: it was served unstored'),
  });

  for (const exporter of exporters) {
    app.get(
      `/:event/${exporter.fileName}`,
      {
        schema: {
          ...common,
          params: EventParams,
          response: { 200: Type.String({ description: exporter.description }) },
        },
      },
      async (request, reply) => {
        const program = await requireEvent(agenda, request.params.event);
        const gone = whileClientWaits(reply);
        let stored: StoredExport;
        try {
          stored = await store.file(program, exporter, gone);
        } catch (error) {
          // Nobody to answer: the connection is closed.
          if (gone.aborted) return reply.hijack();
          throw error;
        }
        return sendExport(request, reply, stored, exportHeaders(exporter, program.slug));
      },
    );
  }

  app.get(
    '/:event/talks/:talk.ics',
    {
      schema: {
        ...common,
        params: TalkParams,
        response: { 200: Type.String({ description: 'One talk as an iCalendar event' }) },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const talk = program.talkBySlug.get(request.params.talk);
      if (!talk) throw new NotFoundError(`There is no talk "${request.params.talk}" in ${program.name}.`);
      const key = `${program.slug}@${program.version}|export-talk|${talk.slug}`;
      return sendCached(
        request,
        reply,
        cache.remember(key, () =>
          file(
            renderTalkICal(program, talk, context),
            'text/calendar; charset=utf-8',
            `${program.slug}-${talk.slug}.ics`,
          ),
        ),
      );
    },
  );

  app.get(
    '/:event/exports',
    { schema: { ...common, params: EventParams, response: { 200: Type.String({ description: 'An HTML page' }) } } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const key = `${program.slug}@${program.version}|exports`;
      return sendCached(
        request,
        reply,
        pages.remember(key, () =>
          buildCachedResponse(renderPage(ExportsPage({ program, exporters, publicUrl })), {
            contentType: 'text/html; charset=utf-8',
            headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
          }),
        ),
      );
    },
  );
};

export default exportRoutes;
