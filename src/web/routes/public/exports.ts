import '@fastify/swagger';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Agenda } from '../../../modules/agenda/index.js';
import { exporters, renderExport, renderTalkICal } from '../../../modules/exchange/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import {
  API_HEADERS,
  buildCachedResponse,
  PUBLIC_PAGE_CSP,
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
  /** Links inside the files are absolute: apps and calendars read them away from this site. */
  publicUrl: string;
}

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
const TalkParams = Type.Object({ event: Slug, talk: Slug });

/**
 * A file, built once per program version. Other sites' apps and pages may fetch it (CORS), and
 * opened in a browser tab it runs nothing (CSP); inline, so that browsers show rather than
 * download it, with a file name for those who save it. Compressed "fast": the best brotli
 * takes about 4 s on a 2 MB schedule like 38C3's, blocking every other request meanwhile,
 * to save a tenth of the size.
 */
function file(body: string, contentType: string, fileName: string): CachedResponse {
  return buildCachedResponse(body, {
    contentType,
    headers: { ...API_HEADERS, 'content-disposition': `inline; filename="${fileName}"` },
    compression: 'fast',
  });
}

/**
 * The exports of the latest release: one route per exporter of the registry at
 * /{event}/{fileName}, a calendar per talk, and the page listing them. Read from the in-memory
 * program only, like every public page; the cache is keyed on the program's version, so a new
 * release serves new files (and new ETags) at once.
 */
const exportRoutes: FastifyPluginAsyncTypebox<ExportRoutesOptions> = async (app, { agenda, cache, publicUrl }) => {
  const common = { hide: true, tags: ['exports'] };
  const context = { publicUrl };

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
        const key = `${program.slug}@${program.version}|export|${exporter.identifier}`;
        return sendCached(
          request,
          reply,
          cache.remember(key, () =>
            file(
              renderExport(exporter, program, context),
              exporter.contentType,
              `${program.slug}-${exporter.fileName}`,
            ),
          ),
        );
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
