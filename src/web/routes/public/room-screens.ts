import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { hallwayNowAndNext, roomNowAndNext, type Agenda } from '../../../modules/agenda/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import { localisedPages, type LocalisedPages } from '../../localised-pages.js';
import { buildCachedResponse, PUBLIC_PAGE_CSP, sendCached, type ResponseCache } from '../../http-cache.js';
import { HallwayScreenPage, RoomScreenPage } from '../../views/public/room-screens.js';
import { requireEvent } from '../published-program.js';
import { CACHE_LIVE } from './schedule.js';

export interface RoomScreenOptions {
  agenda: Agenda;
  cache: ResponseCache;
  /** The time "now" and "next" are judged by; tests set it. */
  clock: () => Date;
}

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
const RoomParams = Type.Object({ event: Slug, room: Slug });
const Html = { 200: Type.String({ description: 'An HTML page' }) };

function screen(html: string) {
  return buildCachedResponse(html, {
    contentType: 'text/html; charset=utf-8',
    headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
    cacheControl: CACHE_LIVE,
    compression: 'fast',
  });
}

/**
 * The screens by each room's door and in the hallway: what is on now and next, from the
 * agenda like every public page (no database query). A screen shows the time, so it is
 * rendered at most once a minute per room; the page of the minute before is dropped.
 */
const roomScreens: FastifyPluginAsyncTypebox<RoomScreenOptions> = async (app, { agenda, cache, clock }) => {
  const common = { hide: true, tags: ['pages'] };

  function remember(pages: LocalisedPages, stem: string, now: Date, render: () => string) {
    const key = `${stem}|${Math.floor(now.getTime() / 60_000)}`;
    if (!pages.get(key)) pages.clear(`${stem}|`);
    return pages.remember(key, () => screen(render()));
  }

  app.get('/:event/now', { schema: { ...common, params: EventParams, response: Html } }, async (request, reply) => {
    const pages = localisedPages(cache, request, reply);
    const program = await requireEvent(agenda, request.params.event);
    const now = clock();
    const stem = `${program.slug}@${program.version}|screen|hallway`;
    const rooms = () => (program.schedule ? hallwayNowAndNext(program.schedule, now) : []);
    return sendCached(
      request,
      reply,
      remember(pages, stem, now, () => HallwayScreenPage({ program, rooms: rooms(), now })),
    );
  });

  app.get(
    '/:event/rooms/:room/now',
    { schema: { ...common, params: RoomParams, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const room = program.schedule?.roomBySlug.get(request.params.room);
      if (!room) {
        throw new NotFoundError(
          `There is no room "${request.params.room}" in the schedule of ${program.name}; its rooms are ${program.schedule?.rooms.map((r) => r.slug).join(', ') || 'none yet'}.`,
        );
      }
      const now = clock();
      const stem = `${program.slug}@${program.version}|screen|room|${room.slug}`;
      return sendCached(
        request,
        reply,
        remember(pages, stem, now, () =>
          RoomScreenPage({ program, live: roomNowAndNext(program.schedule!, room, now), now }),
        ),
      );
    },
  );
};

export default roomScreens;
