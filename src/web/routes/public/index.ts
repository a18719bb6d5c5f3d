import '@fastify/swagger';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  clockState,
  isInterestBallotOpen,
  matchesFilter,
  pageCount,
  pageOfList,
  ProgramArrangement,
  PROGRAM_PAGE_SIZE,
  SEARCH_PAGE_SIZE,
  type Agenda,
  type ProgramFilter,
} from '../../../modules/agenda/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import { assets, favicon } from '../../assets.js';
import {
  buildCachedResponse,
  builtOnce,
  CACHE_IMMUTABLE,
  PUBLIC_PAGE_CSP,
  type ResponseCache,
  sendCached,
  type CachedResponse,
} from '../../http-cache.js';
import { localisedPages } from '../../localised-pages.js';
import { renderPage } from '../../views/layout.js';
import {
  EVENTS_PER_PAGE,
  EventsPage,
  ProgramPage,
  SearchPage,
  SpeakerPage,
  SpeakersPage,
  TalkPage,
  TrackPage,
  TracksPage,
} from '../../views/public/pages.js';
import { normaliseQuery, requireEvent, requireFilter } from '../published-program.js';

export interface PublicRoutesOptions {
  agenda: Agenda;
  cache: ResponseCache;
  /** Open calls for proposals and past events are judged against it. */
  clock: () => Date;
}

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
const FilterQuery = Type.Object({
  track: Type.Optional(Type.String({ maxLength: 120, description: 'A track slug' })),
  level: Type.Optional(
    Type.String({ maxLength: 120, description: 'A level slug: beginner, intermediate or advanced' }),
  ),
  type: Type.Optional(Type.String({ maxLength: 120, description: 'A session type slug' })),
});
const PageQuery = Type.Optional(
  Type.Integer({ minimum: 1, maximum: 100_000, description: 'The page of the list, from 1' }),
);
const ProgramQuery = Type.Object({ ...FilterQuery.properties, page: PageQuery });
const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to search for' })),
  track: FilterQuery.properties.track,
  level: FilterQuery.properties.level,
  type: FilterQuery.properties.type,
  page: PageQuery,
});
const PagedQuery = Type.Object({ page: PageQuery });
const Html = { 200: Type.String({ description: 'An HTML page' }) };

function page(html: string, compression: 'best' | 'fast' = 'best'): CachedResponse {
  return buildCachedResponse(html, {
    contentType: 'text/html; charset=utf-8',
    headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
    compression,
  });
}

/** The part of a cache key that names a filter. */
function filterKey(filter: ProgramFilter): string {
  return `${filter.track?.slug ?? ''}|${filter.level?.slug ?? ''}|${filter.type?.slug ?? ''}`;
}

/** A 404 for a page past a list's last: the schema refuses page 0 and below. */
function noSuchPage(shown: number, pages: number, what: string): NotFoundError {
  return new NotFoundError(`There is no page ${shown} of ${what}: there ${pages === 1 ? 'is 1' : `are ${pages}`}.`);
}

/** The event's header in its brand colour (checked to carry white text); empty: Lectern's own. */
function brandStylesheet(brandColor: string | null): string {
  return brandColor ? `:root{--brand:${brandColor};--brand-link:#ffffff}\n` : '';
}

const assetResponses = builtOnce(() =>
  assets.map(
    (asset) =>
      [
        asset,
        buildCachedResponse(asset.body, { contentType: asset.contentType, cacheControl: CACHE_IMMUTABLE }),
      ] as const,
  ),
);

// Crawlers read the public program; accounts, the speaker area and the back office are not for them.
const robotsResponse = builtOnce(() =>
  buildCachedResponse(
    [
      'User-agent: *',
      'Disallow: /orga/',
      'Disallow: /login',
      'Disallow: /signup',
      'Disallow: /password/',
      'Disallow: /account',
      'Disallow: /*/me/',
      'Allow: /',
      '',
    ].join('\n'),
    { contentType: 'text/plain; charset=utf-8' },
  ),
);

/**
 * The public, server-rendered program: no sessions, no CSRF, no per-request rendering.
 * Every page is rendered once per version of its event's program and then served from memory.
 */
const publicRoutes: FastifyPluginAsyncTypebox<PublicRoutesOptions> = async (app, { agenda, cache, clock }) => {
  const common = { hide: true, tags: ['pages'] };

  for (const [asset, response] of assetResponses()) {
    app.get(asset.url, { schema: { ...common } }, (request, reply) => {
      return sendCached(request, reply, response);
    });
  }

  const robots = robotsResponse();
  app.get('/robots.txt', { schema: { ...common, response: { 200: Type.String() } } }, (request, reply) => {
    return sendCached(request, reply, robots);
  });
  // For clients that ask without reading a page's <link rel="icon">.
  const icon = buildCachedResponse(favicon.body, { contentType: favicon.contentType });
  app.get('/favicon.ico', { schema: { ...common } }, (request, reply) => {
    return sendCached(request, reply, icon);
  });

  app.get(
    '/',
    {
      schema: {
        ...common,
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'The page of the list' })),
        }),
        response: Html,
      },
    },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const now = clock();
      const version = agenda.listVersion;
      const list = await agenda.events();
      const shown = request.query.page ?? 1;
      const pageTotal = pageCount(list.events.length, EVENTS_PER_PAGE);
      if (shown > pageTotal) throw noSuchPage(shown, pageTotal, 'events');
      // Which calls for proposals are open and which events are past change with the clock.
      const response = pages.remember(`/@${version}|${list.clockKey(now)}|${shown}`, () => {
        const { upcoming, past } = list.arranged(now);
        const from = (shown - 1) * EVENTS_PER_PAGE;
        const to = from + EVENTS_PER_PAGE;
        const arranged = {
          upcoming: upcoming.slice(from, to),
          past: past.slice(Math.max(0, from - upcoming.length), Math.max(0, to - upcoming.length)),
        };
        return page(renderPage(EventsPage({ arranged, now, page: shown, pages: pageTotal })));
      });
      return sendCached(request, reply, response);
    },
  );

  app.get(
    '/:event/brand.css',
    {
      schema: {
        ...common,
        params: EventParams,
        querystring: Type.Object({ colour: Type.Optional(Type.String({ maxLength: 6 })) }),
        response: { 200: Type.String({ description: "The event's colours" }) },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const key = `${program.slug}@${program.version}|brand.css`;
      return sendCached(
        request,
        reply,
        cache.remember(key, () =>
          buildCachedResponse(brandStylesheet(program.brandColor), { contentType: 'text/css; charset=utf-8' }),
        ),
      );
    },
  );

  app.get(
    '/:event',
    { schema: { ...common, params: EventParams, querystring: ProgramQuery, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply, ['track', 'level', 'type', 'page']);
      const program = await requireEvent(agenda, request.params.event);
      const filter = requireFilter(program, request.query);
      const shown = request.query.page ?? 1;
      const now = clock();
      const key = `${program.slug}@${program.version}|program|${filterKey(filter)}|${shown}|${clockState([program], now)}${isInterestBallotOpen(program.interestBallot, now) ? 'i' : '-'}`;
      const cached = pages.get(key);
      if (cached) return sendCached(request, reply, cached);
      const arrangement = new ProgramArrangement(program, filter, PROGRAM_PAGE_SIZE);
      const view = arrangement.page(shown);
      if (!view) throw noSuchPage(shown, arrangement.pages, `the program of ${program.name}`);
      return sendCached(
        request,
        reply,
        pages.remember(key, () => page(renderPage(ProgramPage({ program, filter, now, view })))),
      );
    },
  );

  app.get(
    '/:event/search',
    { schema: { ...common, params: EventParams, querystring: SearchQuery, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply, ['q', 'track', 'level', 'type', 'page']);
      const program = await requireEvent(agenda, request.params.event);
      const filter = requireFilter(program, request.query);
      const query = normaliseQuery(request.query.q);
      const shown = request.query.page ?? 1;
      const key = `${program.slug}@${program.version}|search|${query}|${filterKey(filter)}|${shown}`;
      // Served from memory when already built: no promise, no await on the hot path.
      const cached = pages.get(key);
      if (cached) {
        return sendCached(request, reply, cached);
      }
      // Without words there is nothing to page: only the first page exists.
      if (!query && shown > 1) throw noSuchPage(shown, 1, 'an empty search');
      return pages
        .rememberAsync(
          key,
          async () => {
            let results;
            if (query) {
              const ranked = (await agenda.search(program, query)).filter((result) =>
                matchesFilter(result.talk, filter),
              );
              results = pageOfList(ranked, shown, SEARCH_PAGE_SIZE);
              if (!results)
                throw noSuchPage(shown, pageCount(ranked.length, SEARCH_PAGE_SIZE), `the results for "${query}"`);
            }
            return page(renderPage(SearchPage({ program, query, filter, results })), 'fast');
          },
          () => agenda.event(program.slug) === program,
        )
        .then((response) => sendCached(request, reply, response));
    },
  );

  app.get(
    '/:event/talks/:talk',
    { schema: { ...common, params: Type.Object({ event: Slug, talk: Slug }), response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const talk = program.talkBySlug.get(request.params.talk);
      if (!talk) throw new NotFoundError(`There is no talk "${request.params.talk}" in ${program.name}.`);
      const key = `${program.slug}@${program.version}|talk|${talk.slug}`;
      return sendCached(
        request,
        reply,
        pages.remember(key, () => page(renderPage(TalkPage({ program, talk })))),
      );
    },
  );

  app.get(
    '/:event/speakers',
    { schema: { ...common, params: EventParams, querystring: PagedQuery, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply, ['page']);
      const program = await requireEvent(agenda, request.params.event);
      const shown = request.query.page ?? 1;
      const speakers = pageOfList(program.speakers, shown, PROGRAM_PAGE_SIZE);
      if (!speakers) {
        throw noSuchPage(
          shown,
          pageCount(program.speakers.length, PROGRAM_PAGE_SIZE),
          `the speakers of ${program.name}`,
        );
      }
      const key = `${program.slug}@${program.version}|speakers|${shown}`;
      return sendCached(
        request,
        reply,
        pages.remember(key, () => page(renderPage(SpeakersPage({ program, speakers })))),
      );
    },
  );

  app.get(
    '/:event/speakers/:speaker',
    { schema: { ...common, params: Type.Object({ event: Slug, speaker: Slug }), response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const speaker = program.speakerBySlug.get(request.params.speaker);
      if (!speaker) throw new NotFoundError(`There is no speaker "${request.params.speaker}" in ${program.name}.`);
      const key = `${program.slug}@${program.version}|speaker|${speaker.slug}`;
      return sendCached(
        request,
        reply,
        pages.remember(key, () => page(renderPage(SpeakerPage({ program, speaker })))),
      );
    },
  );

  app.get('/:event/tracks', { schema: { ...common, params: EventParams, response: Html } }, async (request, reply) => {
    const pages = localisedPages(cache, request, reply);
    const program = await requireEvent(agenda, request.params.event);
    const key = `${program.slug}@${program.version}|tracks`;
    return sendCached(
      request,
      reply,
      pages.remember(key, () => page(renderPage(TracksPage({ program })))),
    );
  });

  app.get(
    '/:event/tracks/:track',
    {
      schema: {
        ...common,
        params: Type.Object({ event: Slug, track: Slug }),
        querystring: PagedQuery,
        response: Html,
      },
    },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply, ['page']);
      const program = await requireEvent(agenda, request.params.event);
      const track = program.trackBySlug.get(request.params.track);
      if (!track) throw new NotFoundError(`There is no track "${request.params.track}" in ${program.name}.`);
      const shown = request.query.page ?? 1;
      const key = `${program.slug}@${program.version}|track|${track.slug}|${shown}`;
      const cached = pages.get(key);
      if (cached) return sendCached(request, reply, cached);
      const inTrack = new ProgramArrangement(program, { track, level: undefined, type: undefined });
      const talks = pageOfList(inTrack.talks, shown, PROGRAM_PAGE_SIZE);
      if (!talks) throw noSuchPage(shown, inTrack.pages, `the talks in ${track.name}`);
      return sendCached(
        request,
        reply,
        pages.remember(key, () => page(renderPage(TrackPage({ program, track, talks })))),
      );
    },
  );
};

export default publicRoutes;
