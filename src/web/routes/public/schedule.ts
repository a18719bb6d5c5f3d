import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import {
  whatIsOn,
  type Agenda,
  type DayView,
  type EventProgram,
  type PublishedSchedule,
} from '../../../modules/agenda/index.js';
import { InvalidInputError, NotFoundError } from '../../../shared/errors.js';
import {
  buildCachedResponse,
  PUBLIC_PAGE_CSP,
  type CachedResponse,
  type ResponseCache,
  sendCached,
} from '../../http-cache.js';
import { localisedPages, type LocalisedPages } from '../../localised-pages.js';
import { renderPage } from '../../views/layout.js';
import {
  changelogFeed,
  ChangelogPage,
  ScheduleEmptyPage,
  ScheduleNotReleasedPage,
  SchedulePage,
} from '../../views/public/schedule.js';
import { scheduleUrl } from '../../views/public/talk-parts.js';
import { requireEvent } from '../published-program.js';

export interface PublicScheduleOptions {
  agenda: Agenda;
  cache: ResponseCache;
  /** The time "now" and "next" are judged by; tests set it. */
  clock: () => Date;
  /** The address people reach Lectern at: the feed's links are absolute. */
  publicUrl: string;
}

/**
 * While the event runs, a schedule page says what is on now: browsers and proxies may keep it
 * only briefly, and must not serve it stale while they fetch the next.
 */
export const CACHE_LIVE = 'public, max-age=30';

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
const DayParams = Type.Object({
  event: Slug,
  day: Type.String({ minLength: 1, maxLength: 40, description: 'A day of the schedule, YYYY-MM-DD' }),
});
const Html = { 200: Type.String({ description: 'An HTML page' }) };
const Atom = { 200: Type.String({ description: 'An Atom 1.0 feed' }) };

function page(html: string): CachedResponse {
  return buildCachedResponse(html, {
    contentType: 'text/html; charset=utf-8',
    headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
  });
}

/**
 * A page with "now" and "next" lives until something starts or ends, minutes at most during
 * a busy event: its best compression (a few hundred milliseconds for a 38C3 day) would cost
 * more than it saves.
 */
function livePage(html: string): CachedResponse {
  return buildCachedResponse(html, {
    contentType: 'text/html; charset=utf-8',
    headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
    cacheControl: CACHE_LIVE,
    compression: 'fast',
  });
}

/**
 * The instants at which what a schedule page shows can change: every slot's start and end and
 * every day's. Between two of them, "now", "next" and the current day stay the same.
 */
const boundaryCache = new WeakMap<PublishedSchedule, number[]>();

function boundariesOf(schedule: PublishedSchedule): number[] {
  let boundaries = boundaryCache.get(schedule);
  if (!boundaries) {
    const instants = new Set<number>();
    for (const day of schedule.days) instants.add(day.start.getTime()).add(day.end.getTime());
    for (const slot of schedule.slots) instants.add(slot.start.getTime()).add(slot.end.getTime());
    boundaries = [...instants].sort((a, b) => a - b);
    boundaryCache.set(schedule, boundaries);
  }
  return boundaries;
}

interface Moment {
  /** Between the first day's start and the last day's end (or the first and last slot's, beyond them). */
  running: boolean;
  /** How many boundaries lie at or before now: the same number, the same page. */
  period: number;
}

function momentOf(schedule: PublishedSchedule, now: Date): Moment {
  const boundaries = boundariesOf(schedule);
  const t = now.getTime();
  let low = 0;
  let high = boundaries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (boundaries[middle]! <= t) low = middle + 1;
    else high = middle;
  }
  return { running: low > 0 && low < boundaries.length, period: low };
}

/** The day /{event}/schedule shows: today's while the event runs (the next one overnight), else the first. */
function defaultDay(schedule: PublishedSchedule, now: Date, running: boolean): DayView | undefined {
  if (!running) return schedule.days[0];
  const t = now.getTime();
  return (
    schedule.days.find((day) => day.start.getTime() <= t && t < day.end.getTime()) ??
    schedule.days.find((day) => day.start.getTime() > t) ??
    schedule.days[schedule.days.length - 1]
  );
}

function requireDay(program: EventProgram, schedule: PublishedSchedule | undefined, date: string): DayView {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date).isValid) {
    throw new InvalidInputError(`"${date}" is not a date; days are written YYYY-MM-DD, e.g. 2016-08-20`, 'day');
  }
  if (!schedule) throw new NotFoundError(`The schedule of ${program.name} is not released yet.`);
  const day = schedule.days.find((d) => d.date === date);
  if (!day) {
    throw new NotFoundError(
      `There is no day ${date} in the schedule of ${program.name}; its days are ${schedule.days.map((d) => d.date).join(', ') || 'none yet'}.`,
    );
  }
  return day;
}

/**
 * The public schedule and its changelog, served from the agenda like the rest of the public
 * pages: each rendered once per program version. While the event runs, a schedule page also
 * depends on the time; its cache key then carries the period between two boundaries (see
 * boundariesOf), which changes only when something starts or ends, so the marks stay true and
 * a page is still rendered once per period, not once per request or per minute.
 */
const publicSchedule: FastifyPluginAsyncTypebox<PublicScheduleOptions> = async (
  app,
  { agenda, cache, clock, publicUrl },
) => {
  const common = { hide: true, tags: ['pages'] };

  function sendDay(
    request: FastifyRequest,
    reply: FastifyReply,
    pages: LocalisedPages,
    program: EventProgram,
    schedule: PublishedSchedule,
    chosen: DayView | undefined,
    path: string,
  ): Promise<void> | undefined {
    const now = clock();
    const moment = momentOf(schedule, now);
    const day = chosen ?? defaultDay(schedule, now, moment.running);
    const stem = `${program.slug}@${program.version}|schedule|${path}|`;
    if (!day) {
      return sendCached(
        request,
        reply,
        pages.remember(stem, () => page(renderPage(ScheduleEmptyPage({ program, schedule })))),
      );
    }
    if (!moment.running) {
      if (!pages.get(stem)) pages.clear(`${stem}live|`);
      return sendCached(
        request,
        reply,
        pages.remember(stem, () => page(renderPage(SchedulePage({ program, schedule, day, path, live: undefined })))),
      );
    }
    const key = `${stem}live|${moment.period}`;
    // The page of the period before is stale for good: drop it rather than let it take room.
    if (!pages.get(key)) pages.clear(`${stem}live|`);
    const response = pages.remember(key, () =>
      livePage(renderPage(SchedulePage({ program, schedule, day, path, live: whatIsOn(schedule, now) }))),
    );
    return sendCached(request, reply, response);
  }

  app.get(
    '/:event/schedule',
    { schema: { ...common, params: EventParams, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const path = scheduleUrl(program.slug);
      if (!program.schedule) {
        const key = `${program.slug}@${program.version}|schedule|unreleased`;
        return sendCached(
          request,
          reply,
          pages.remember(key, () => page(renderPage(ScheduleNotReleasedPage({ program })))),
        );
      }
      return sendDay(request, reply, pages, program, program.schedule, undefined, path);
    },
  );

  app.get(
    '/:event/schedule/:day',
    { schema: { ...common, params: DayParams, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const day = requireDay(program, program.schedule, request.params.day);
      return sendDay(request, reply, pages, program, program.schedule!, day, scheduleUrl(program.slug, day.date));
    },
  );

  app.get(
    '/:event/changelog',
    { schema: { ...common, params: EventParams, response: Html } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const key = `${program.slug}@${program.version}|changelog`;
      return sendCached(
        request,
        reply,
        pages.remember(key, () => page(renderPage(ChangelogPage({ program })))),
      );
    },
  );

  app.get(
    '/:event/changelog.atom',
    { schema: { ...common, params: EventParams, response: Atom } },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const key = `${program.slug}@${program.version}|changelog.atom`;
      return sendCached(
        request,
        reply,
        cache.remember(key, () =>
          buildCachedResponse(changelogFeed(program, publicUrl), {
            contentType: 'application/atom+xml; charset=utf-8',
            headers: { 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" },
          }),
        ),
      );
    },
  );
};

export default publicSchedule;
