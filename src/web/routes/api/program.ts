import { absolute } from '../../../shared/links.js';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  cfpView,
  clockState,
  matchesFilter,
  type Agenda,
  type EventSummary as EventSummaryView,
  type EventProgram,
  type PublishedSchedule,
  type TalkView,
} from '../../../modules/agenda/index.js';
import type { ChangePlace as ChangePlaceView } from '../../../modules/schedule/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import { escapeHtml } from '../../../shared/html.js';
import {
  API_HEADERS,
  buildCachedResponse,
  type ResponseCache,
  sendCached,
  type CachedResponse,
} from '../../http-cache.js';
import { isoInZone, talkUrl } from '../../views/public/talk-parts.js';
import { normaliseQuery, requireEvent, requireFilter } from '../published-program.js';
import { pageOf } from '../../../shared/pages.js';
import {
  ApiErrorSchema,
  DEFAULT_PAGE_SIZE,
  EventListQuerySchema,
  EventListSchema,
  EventParamsSchema,
  EventSchema,
  ReleaseListSchema,
  ScheduleSchema,
  SpeakerListQuerySchema,
  SpeakerListSchema,
  TalkListSchema,
  TalkParamsSchema,
  TalkQuerySchema,
  TalkSchema,
  TrackListSchema,
  type ChangePlace,
  type Event,
  type EventSummary,
  type Release,
  type Schedule,
  type Speaker,
  type Talk,
  type Track,
} from './program.schema.js';

export interface ProgramApiOptions {
  agenda: Agenda;
  cache: ResponseCache;
  /** Whether a call for proposals is open is judged against it. */
  clock: () => Date;
  /** Where Lectern is reached: a photo uploaded here is given as an absolute address under it. */
  publicUrl: string;
}

function json(body: unknown, compression: 'best' | 'fast' = 'best'): CachedResponse {
  return buildCachedResponse(JSON.stringify(body), {
    contentType: 'application/json; charset=utf-8',
    headers: API_HEADERS,
    compression,
  });
}

export function serialiseTalk(program: EventProgram, talk: TalkView): Talk {
  const slot = talk.slot;
  const zone = program.schedule?.timezone ?? program.timezone;
  return {
    slug: talk.slug,
    guid: talk.guid,
    url: talkUrl(program.slug, talk),
    title: talk.title,
    track: talk.track ? { slug: talk.track.slug, name: talk.track.name } : null,
    level: talk.level ? talk.level.slug : null,
    sessionType: talk.type
      ? { slug: talk.type.slug, name: talk.type.name, durationMinutes: talk.type.durationMinutes }
      : null,
    description: talk.description,
    abstract: talk.abstract,
    speakers: talk.speakers.map((s) => ({ slug: s.slug, name: s.name })),
    needsAttention: talk.needsAttention,
    start: slot ? isoInZone(slot.start, zone) : null,
    end: slot ? isoInZone(slot.end, zone) : null,
    room: slot?.room ? { slug: slot.room.slug, name: slot.room.name } : null,
  };
}

/** An event for the list of events; `now` decides whether its call for proposals is open. */
export function serialiseEventSummary(event: EventSummaryView, now: Date): EventSummary {
  const cfp = cfpView(event, now);
  return {
    slug: event.slug,
    name: event.name,
    talkCount: event.talkCount,
    startDate: event.startDate,
    endDate: event.endDate,
    timezone: event.timezone,
    venue: event.venue,
    description: event.description,
    logoUrl: event.logoUrl,
    cfp: cfp ? { open: cfp.open, closesAt: isoInZone(cfp.closesAt, event.timezone), url: cfp.url } : null,
  };
}

export function serialiseEvent(program: EventProgram, now: Date): Event {
  return {
    ...serialiseEventSummary({ ...program, talkCount: program.talks.length }, now),
    brandColor: program.brandColor,
  };
}

export function serialiseSchedule(program: EventProgram, schedule: PublishedSchedule): Schedule {
  const zone = schedule.timezone;
  return {
    version: schedule.version,
    releasedAt: isoInZone(schedule.releasedAt, zone),
    comment: schedule.comment,
    timezone: zone,
    rooms: schedule.rooms.map((room) => ({ slug: room.slug, name: room.name, capacity: room.capacity })),
    days: schedule.days.map((day) => ({
      date: day.date,
      start: isoInZone(day.start, zone),
      end: isoInZone(day.end, zone),
    })),
    slots: schedule.slots.map((slot) => ({
      kind: slot.kind,
      talk: slot.talk ? slot.talk.slug : null,
      // Like the pages: a talk under its title on the program now, which a later edit may have changed.
      title: slot.talk ? slot.talk.title : slot.title,
      room: slot.room ? slot.room.slug : null,
      start: isoInZone(slot.start, zone),
      end: isoInZone(slot.end, zone),
    })),
  };
}

function serialisePlace(place: ChangePlaceView | null, zone: string): ChangePlace | null {
  if (!place) return null;
  return { room: place.room, start: isoInZone(new Date(place.start), zone), end: isoInZone(new Date(place.end), zone) };
}

export function serialiseReleases(program: EventProgram): Release[] {
  const zone = program.schedule?.timezone ?? program.timezone;
  return program.releases.map((release) => ({
    version: release.version,
    releasedAt: isoInZone(release.releasedAt, zone),
    comment: release.comment,
    changes: release.changes.map((change) => ({
      kind: change.kind,
      talk: change.talkSlug,
      title: change.title,
      before: serialisePlace(change.before, zone),
      after: serialisePlace(change.after, zone),
    })),
  }));
}

const errors = { 400: ApiErrorSchema, 404: ApiErrorSchema };

/**
 * The public, read-only program API. Answers come from the in-memory agenda, serialised once
 * per program version; only search asks the database.
 */
const programApi: FastifyPluginAsyncTypebox<ProgramApiOptions> = async (app, { agenda, cache, clock, publicUrl }) => {
  app.addSchema(ApiErrorSchema);
  const tags = ['program'];

  app.get(
    '/events',
    {
      schema: {
        tags,
        summary: 'List events',
        operationId: 'listEvents',
        description: `A page at a time: \`limit\` events (default ${DEFAULT_PAGE_SIZE}) after \`next\`, the cursor the previous page gave.`,
        querystring: EventListQuerySchema,
        response: { 200: EventListSchema, 400: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const now = clock();
      const version = agenda.listVersion;
      const list = await agenda.events();
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      // Whether a call for proposals is open changes with the clock, not the list.
      const key = `api|events@${version}|${list.clockKey(now)}|${limit}|${request.query.next ?? ''}`;
      const response = cache.remember(key, () => {
        const page = list.page(limit, request.query.next);
        return json({
          events: page.events.map((event) => serialiseEventSummary(event, now)),
          total: page.total,
          next: page.next ?? null,
        });
      });
      return sendCached(request, reply, response);
    },
  );

  app.get(
    '/events/:event',
    {
      schema: {
        tags,
        summary: 'Get an event',
        description: 'Its dates, time zone, venue, description, look and call for proposals.',
        operationId: 'getEvent',
        params: EventParamsSchema,
        response: { 200: EventSchema, ...errors },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const now = clock();
      const key = `${program.slug}@${program.version}|api|event|${clockState([program], now)}`;
      return sendCached(
        request,
        reply,
        cache.remember(key, () => json(serialiseEvent(program, now))),
      );
    },
  );

  app.get(
    '/events/:event/talks',
    {
      schema: {
        tags,
        summary: "List an event's talks",
        description:
          'Program order without `q`; with `q`, the talks matching the search, best first, each with a `snippet`. `track` and `level` filter either way.',
        operationId: 'listTalks',
        params: EventParamsSchema,
        querystring: TalkQuerySchema,
        response: { 200: TalkListSchema, ...errors },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const filter = requireFilter(program, request.query);
      const query = normaliseQuery(request.query.q);
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      const cursor = request.query.next;
      const key = `${program.slug}@${program.version}|api|talks|${query}|${filter.track?.slug ?? ''}|${filter.level?.slug ?? ''}|${filter.type?.slug ?? ''}|${limit}|${cursor ?? ''}`;
      // Served from memory when already built: no promise, no await on the hot path.
      const cached = cache.get(key);
      if (cached) {
        return sendCached(request, reply, cached);
      }
      return cache
        .rememberAsync(
          key,
          async () => {
            if (!query) {
              const matching = program.talks.filter((talk) => matchesFilter(talk, filter));
              const page = pageOf(matching, limit, cursor, (talk) => [talk.position, talk.id]);
              return json({
                talks: page.items.map((t) => serialiseTalk(program, t)),
                total: matching.length,
                next: page.next,
              });
            }
            const results = (await agenda.search(program, query)).filter((result) =>
              matchesFilter(result.talk, filter),
            );
            // Best match first: a page is a stretch of the ranking, whose order only the query decides.
            const page = pageOf(results, limit, cursor);
            const talks = page.items.map((result) => ({
              ...serialiseTalk(program, result.talk),
              snippet: result.snippet
                .map((part, i) => (i % 2 === 1 ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
                .join(''),
            }));
            return json({ talks, total: results.length, next: page.next }, 'fast');
          },
          () => agenda.event(program.slug) === program,
        )
        .then((response) => sendCached(request, reply, response));
    },
  );

  app.get(
    '/events/:event/talks/:talk',
    {
      schema: {
        tags,
        summary: 'Get one talk',
        operationId: 'getTalk',
        params: TalkParamsSchema,
        response: { 200: TalkSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const talk = program.talkBySlug.get(request.params.talk);
      if (!talk) throw new NotFoundError(`There is no talk "${request.params.talk}" in ${program.name}.`);
      const key = `${program.slug}@${program.version}|api|talk|${talk.slug}`;
      return sendCached(
        request,
        reply,
        cache.remember(key, () => json(serialiseTalk(program, talk))),
      );
    },
  );

  app.get(
    '/events/:event/speakers',
    {
      schema: {
        tags,
        summary: "List an event's speakers",
        description: `Alphabetical by name, a page at a time: \`limit\` speakers (default ${DEFAULT_PAGE_SIZE}) after \`next\`, the cursor the previous page gave.`,
        operationId: 'listSpeakers',
        params: EventParamsSchema,
        querystring: SpeakerListQuerySchema,
        response: { 200: SpeakerListSchema, ...errors },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      const cursor = request.query.next;
      const key = `${program.slug}@${program.version}|api|speakers|${limit}|${cursor ?? ''}`;
      const response = cache.remember(key, () => {
        const page = pageOf(program.speakers, limit, cursor);
        const speakers: Speaker[] = page.items.map((s) => ({
          slug: s.slug,
          name: s.name,
          biography: s.biography,
          photoUrl: s.photoUrl?.startsWith('/') ? absolute(publicUrl, s.photoUrl) : s.photoUrl,
          links: s.links,
          talks: s.talks.map((t) => t.slug),
        }));
        return json({ speakers, total: program.speakers.length, next: page.next });
      });
      return sendCached(request, reply, response);
    },
  );

  app.get(
    '/events/:event/tracks',
    {
      schema: {
        tags,
        summary: "List an event's tracks",
        operationId: 'listTracks',
        params: EventParamsSchema,
        response: { 200: TrackListSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const key = `${program.slug}@${program.version}|api|tracks`;
      const response = cache.remember(key, () => {
        const tracks: Track[] = program.tracks.map((t) => ({
          slug: t.slug,
          name: t.name,
          talkCount: t.talkCount,
          description: t.description,
          color: t.color,
        }));
        return json({ tracks });
      });
      return sendCached(request, reply, response);
    },
  );

  app.get(
    '/events/:event/schedule',
    {
      schema: {
        tags,
        summary: "Get an event's schedule",
        description:
          "The latest release of the schedule: rooms, days and slots, times in ISO 8601 with the event's offset. 404 before the first release.",
        operationId: 'getSchedule',
        params: EventParamsSchema,
        response: { 200: ScheduleSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const schedule = program.schedule;
      if (!schedule) throw new NotFoundError(`${program.name} has not released a schedule yet.`);
      const key = `${program.slug}@${program.version}|api|schedule`;
      return sendCached(
        request,
        reply,
        cache.remember(key, () => json(serialiseSchedule(program, schedule))),
      );
    },
  );

  app.get(
    '/events/:event/releases',
    {
      schema: {
        tags,
        summary: "List an event's schedule releases",
        description: 'Every release, newest first, with what it changed. Empty before the first release.',
        operationId: 'listReleases',
        params: EventParamsSchema,
        response: { 200: ReleaseListSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const key = `${program.slug}@${program.version}|api|releases`;
      return sendCached(
        request,
        reply,
        cache.remember(key, () => json({ releases: serialiseReleases(program) })),
      );
    },
  );

  app.get('/', { schema: { hide: true, response: { 200: Type.String() } } }, (_request, reply) => {
    reply.redirect('/api/docs');
  });
};

export default programApi;
