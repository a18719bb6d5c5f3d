import '@fastify/swagger';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import QRCode from 'qrcode';
import type { Agenda } from '../../../modules/agenda/index.js';
import { buildMyAgenda, findSharedAgenda, renderAgendaCalendar } from '../../../modules/attendee-agendas/index.js';
import type { Database } from '../../../db/client.js';
import { absolute } from '../../../shared/links.js';
import { API_HEADERS, buildCachedResponse, PUBLIC_PAGE_CSP, sendCached, type ResponseCache } from '../../http-cache.js';
import { localisedPages } from '../../localised-pages.js';
import { renderPage } from '../../views/layout.js';
import { MyAgendaPage, SharedAgendaPage } from '../../views/public/my-agenda.js';
import { requireEvent } from '../published-program.js';

export interface AttendeeAgendaRoutesOptions {
  agenda: Agenda;
  cache: ResponseCache;
  db: Database;
  publicUrl: string;
}

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
const ShareParams = Type.Object({
  event: Slug,
  share: Type.String({ minLength: 1, maxLength: 100, description: 'The shared agenda’s read-only id' }),
});

/**
 * A shared agenda changes whenever its owner stars a talk: browsers keep a copy but ask each
 * time, and get a 304 while it is the same.
 */
const CACHE_REVALIDATE = 'no-cache';

/**
 * Where a shared agenda's rendered calendar feed is kept: under its program's version (so a new
 * release drops it with the program's other answers) and its share id.
 */
function sharedAgendaFeedKey(program: { slug: string; version: string | number }, shareId: string): string {
  return `${program.slug}@${program.version}|agenda-feed|${shareId}`;
}

/**
 * How many shared agendas' feeds were forgotten, per cache. A feed built while any was forgotten
 * is sent but not kept (it may come from the old row); one count, not one per agenda, so it takes
 * no room however many agendas change.
 */
const feedsForgotten = new WeakMap<ResponseCache, number>();

function feedGeneration(cache: ResponseCache): number {
  return feedsForgotten.get(cache) ?? 0;
}

/**
 * Forgets a shared agenda's kept calendar feed: the API calls it once the agenda's talks are
 * replaced. A feed being built from the old row meanwhile is still sent, but not kept.
 */
export function forgetSharedAgendaFeed(
  cache: ResponseCache,
  program: { slug: string; version: string | number },
  shareId: string,
): void {
  feedsForgotten.set(cache, feedGeneration(cache) + 1);
  cache.clear(sharedAgendaFeedKey(program, shareId));
}

/** The address of a shared agenda's page; its calendar and QR code live under it. */
export function sharedAgendaPath(eventSlug: string, shareId: string): string {
  return `/${eventSlug}/agenda/${encodeURIComponent(shareId)}`;
}

/**
 * My agenda and shared agendas. My agenda is the same page for everybody (the browser knows
 * what is starred), so it is rendered once per program version and served from memory like
 * every public page. A shared agenda is read from the database by its share id: one query,
 * then the in-memory program.
 */
const attendeeAgendaRoutes: FastifyPluginAsyncTypebox<AttendeeAgendaRoutesOptions> = async (
  app,
  { agenda, cache, db, publicUrl },
) => {
  const common = { hide: true, tags: ['pages'] };
  const Html = { 200: Type.String({ description: 'An HTML page' }) };

  app.get('/:event/agenda', { schema: { ...common, params: EventParams, response: Html } }, async (request, reply) => {
    const pages = localisedPages(cache, request, reply);
    const program = await requireEvent(agenda, request.params.event);
    const key = `${program.slug}@${program.version}|my-agenda`;
    return sendCached(
      request,
      reply,
      pages.remember(key, () =>
        buildCachedResponse(renderPage(MyAgendaPage({ program, agenda: buildMyAgenda(program) })), {
          contentType: 'text/html; charset=utf-8',
          headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
        }),
      ),
    );
  });

  app.get(
    '/:event/agenda/:share',
    { schema: { ...common, params: ShareParams, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const talks = await findSharedAgenda(db, program, request.params.share);
      const path = sharedAgendaPath(program.slug, request.params.share);
      return sendCached(
        request,
        reply,
        pages.build(() =>
          buildCachedResponse(
            renderPage(SharedAgendaPage({ program, agenda: buildMyAgenda(program, talks), talks, path })),
            {
              contentType: 'text/html; charset=utf-8',
              cacheControl: CACHE_REVALIDATE,
              headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
              compression: 'fast',
            },
          ),
        ),
      );
    },
  );

  app.get(
    '/:event/agenda/:share/qr.svg',
    { schema: { ...common, params: ShareParams, response: { 200: Type.String({ description: 'An SVG image' }) } } },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      // Only for an agenda that exists: a QR code of a dead link helps nobody.
      await findSharedAgenda(db, program, request.params.share);
      const url = absolute(publicUrl, sharedAgendaPath(program.slug, request.params.share));
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return sendCached(
        request,
        reply,
        buildCachedResponse(svg, {
          contentType: 'image/svg+xml; charset=utf-8',
          headers: { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
          compression: 'fast',
        }),
      );
    },
  );

  app.get(
    '/:event/agenda/:share/calendar.ics',
    {
      schema: {
        ...common,
        params: ShareParams,
        response: { 200: Type.String({ description: 'The shared agenda’s talks as iCalendar events' }) },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const { share } = request.params;
      // Calendar apps poll the feed: it is kept per (share id, program version), and the API's
      // replace forgets it (forgetSharedAgendaFeed), so a subscriber's poll costs no query.
      const key = sharedAgendaFeedKey(program, share);
      const cached = cache.get(key);
      if (cached) return sendCached(request, reply, cached);
      const generation = feedGeneration(cache);
      const response = await cache.rememberAsync(
        key,
        async () =>
          buildCachedResponse(
            renderAgendaCalendar(program, await findSharedAgenda(db, program, share), { publicUrl }),
            {
              contentType: 'text/calendar; charset=utf-8',
              cacheControl: CACHE_REVALIDATE,
              headers: { ...API_HEADERS, 'content-disposition': `inline; filename="${program.slug}-agenda.ics"` },
            },
          ),
        // Built from a program or a row since replaced: sent, not kept.
        () => agenda.event(program.slug) === program && feedGeneration(cache) === generation,
      );
      return sendCached(request, reply, response);
    },
  );
};

export default attendeeAgendaRoutes;
