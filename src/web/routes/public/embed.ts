import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DateTime } from 'luxon';
import { filterSlots, type Agenda, type EventProgram, type SlotFilter } from '../../../modules/agenda/index.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { embedStylesheet, widgetSource } from '../../assets.js';
import { localisedPages } from '../../localised-pages.js';
import { LOCALES, tIn } from '../../i18n/index.js';
import { buildCachedResponse, builtOnce, CACHE_PUBLIC, sendCached, type ResponseCache } from '../../http-cache.js';
import { EmbedFragment, EmbedPage } from '../../views/public/embed.js';
import { requireEvent, requireFilter } from '../published-program.js';

export interface EmbedOptions {
  agenda: Agenda;
  cache: ResponseCache;
  /** The address people reach Lectern at: the embedded program's links are absolute. */
  publicUrl: string;
}

/**
 * The embed page's policy: a public page's (no script, this site's styles) that any site may
 * put in a frame. Only this page says `frame-ancestors *`; every other answer says 'none'.
 */
export const EMBED_PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors *";

/** The fragment, read by the widget on other sites' pages: readable from any origin, framed by none. */
export const EMBED_FRAGMENT_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
const EmbedQuery = Type.Object({
  day: Type.Optional(Type.String({ maxLength: 40, description: 'Only this day of the schedule, YYYY-MM-DD' })),
  track: Type.Optional(Type.String({ maxLength: 120, description: "Only this track's talks, by its slug" })),
  room: Type.Optional(Type.String({ maxLength: 120, description: 'Only this room, by its slug' })),
});
const Html = { 200: Type.String({ description: 'An HTML page or fragment' }) };
const Script = { 200: Type.String({ description: 'JavaScript' }) };

/** The filter the query asks for; a day, track or room the event lacks is a 400 naming it. */
function requireSlotFilter(program: EventProgram, query: { day?: string; track?: string; room?: string }): SlotFilter {
  const schedule = program.schedule;
  const filter: SlotFilter = { day: undefined, track: undefined, room: undefined };
  if (query.day) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(query.day) || !DateTime.fromISO(query.day).isValid) {
      throw new InvalidInputError(`"${query.day}" is not a date; days are written YYYY-MM-DD, e.g. 2016-08-20`, 'day');
    }
    filter.day = schedule?.days.find((d) => d.date === query.day);
    if (!filter.day) {
      throw new InvalidInputError(
        `no day ${query.day} in the schedule of ${program.name}; its days are ${schedule?.days.map((d) => d.date).join(', ') || 'none yet'}`,
        'day',
      );
    }
  }
  // The track as the program's pages and API judge it: one message for one mistake.
  filter.track = requireFilter(program, { track: query.track }).track;
  if (query.room) {
    filter.room = schedule?.roomBySlug.get(query.room);
    if (!filter.room) {
      throw new InvalidInputError(
        `no room "${query.room}" in the schedule of ${program.name}; its rooms are ${schedule?.rooms.map((r) => r.slug).join(', ') || 'none yet'}`,
        'room',
      );
    }
  }
  return filter;
}

// One script for every event: it reads the event from its own address, and shows the words its
// element asks for, from the catalogues.
const widgetResponse = builtOnce(() => {
  const widgetMessages = Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      {
        failed: tIn(locale, 'script.widgetFailed', { status: '{status}' }),
        unreachable: tIn(locale, 'script.widgetUnreachable'),
      },
    ]),
  );
  return buildCachedResponse(
    `const LECTERN_EMBED_CSS = ${JSON.stringify(embedStylesheet.body.toString('utf8'))};\n` +
      `const LECTERN_MESSAGES = ${JSON.stringify(widgetMessages)};\n${widgetSource}`,
    { contentType: 'text/javascript; charset=utf-8', cacheControl: CACHE_PUBLIC },
  );
});

/**
 * The program on other sites: the /{event}/embed page for an iframe, and /{event}/widget.js,
 * the <lectern-schedule> element, which fetches /{event}/embed.html (the same fragment the page
 * shows) and shows it in a shadow root with the same styles. All of it from the agenda, each
 * answer rendered once per program version and filter.
 */
const embedRoutes: FastifyPluginAsyncTypebox<EmbedOptions> = async (app, { agenda, cache, publicUrl }) => {
  const common = { hide: true, tags: ['pages'] };
  const base = publicUrl.replace(/\/+$/, '');

  function fragmentOf(program: EventProgram, filter: SlotFilter): string {
    const slots = program.schedule ? filterSlots(program.schedule, filter) : [];
    return EmbedFragment({ program, slots, filter, publicUrl: base });
  }

  const keyOf = (program: EventProgram, kind: string, filter: SlotFilter) =>
    `${program.slug}@${program.version}|${kind}|${filter.day?.date ?? ''}|${filter.track?.slug ?? ''}|${filter.room?.slug ?? ''}`;

  app.get(
    '/:event/embed',
    { schema: { ...common, params: EventParams, querystring: EmbedQuery, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply, ['day', 'track', 'room']);
      const program = await requireEvent(agenda, request.params.event);
      const filter = requireSlotFilter(program, request.query);
      const response = pages.remember(keyOf(program, 'embed', filter), () =>
        buildCachedResponse(EmbedPage({ program, fragment: fragmentOf(program, filter) }), {
          contentType: 'text/html; charset=utf-8',
          headers: { 'content-security-policy': EMBED_PAGE_CSP },
        }),
      );
      return sendCached(request, reply, response);
    },
  );

  app.get(
    '/:event/embed.html',
    { schema: { ...common, params: EventParams, querystring: EmbedQuery, response: Html } },
    async (request, reply) => {
      // A refusal must be readable by the widget on the other site too.
      reply.header('access-control-allow-origin', '*');
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const filter = requireSlotFilter(program, request.query);
      const response = pages.remember(keyOf(program, 'embed.html', filter), () =>
        buildCachedResponse(fragmentOf(program, filter), {
          contentType: 'text/html; charset=utf-8',
          headers: EMBED_FRAGMENT_HEADERS,
        }),
      );
      return sendCached(request, reply, response);
    },
  );

  const widget = widgetResponse();
  app.get(
    '/:event/widget.js',
    { schema: { ...common, params: EventParams, response: Script } },
    async (request, reply) => {
      await requireEvent(agenda, request.params.event);
      return sendCached(request, reply, widget);
    },
  );
};

export default embedRoutes;
