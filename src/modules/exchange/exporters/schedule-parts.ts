import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DayView, EventProgram, PublishedSchedule, SlotView, SpeakerView, TalkView } from '../../agenda/index.js';
import { absolute } from '../../../shared/links.js';
import { NotFoundError } from '../../../shared/errors.js';

/** What every exporter derives from a program in the same way, so the formats agree with each other. */

/** A talk's slot of the latest release, with the talk it places. */
export interface ScheduledTalk extends SlotView {
  talk: TalkView;
}

/** The schedule, or a clear 404 for the routes and exit 1 for the CLI before the first release. */
export function requireSchedule(program: EventProgram): PublishedSchedule {
  if (!program.schedule) throw new NotFoundError(`${program.name} has no released schedule yet.`);
  return program.schedule;
}

/**
 * The talks of the release, by start then room order. Breaks and blocks are left out of every
 * export: they have no numeric id that is unique beside the talks' (frab and c3voc demand one),
 * recording pipelines would make a recording ticket of each, and apps show the gap between
 * talks as what it is. pretalx leaves them out of its exports for the same reasons.
 */
export function scheduledTalks(slots: readonly SlotView[]): ScheduledTalk[] {
  return slots.filter((slot): slot is ScheduledTalk => slot.kind === 'talk' && slot.talk !== undefined);
}

/** 2026-11-01T01:30:00-07:00: the local time in the zone with its offset, as ISO 8601. */
export function localIso(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

/** 01:30, local to the zone. */
export function localClock(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

/** 2026-11-01, the local date in the zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** 90 → "01:30". */
export function hoursAndMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The conference acronym of frab and c3voc: the event's slug with hyphens made underscores
 * (c3voc's JSON schema allows no hyphen after the first character, `pybay-2016` → `pybay_2016`)
 * and at least four characters (both schemas ask for four). The same acronym goes in both
 * files, since consumers key a conference on it.
 */
export function conferenceAcronym(eventSlug: string): string {
  return eventSlug
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .padEnd(4, '_');
}

/**
 * The c3voc slug of a talk, `{acronym}-{talk id}-{talk slug}` as pretalx makes it: unique (it
 * holds the id), stable (slugs and ids do not change), and within both schemas' patterns.
 */
export function vocSlug(acronym: string, talk: TalkView): string {
  const talkPart = talk.slug.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  return `${acronym}-${talk.id}-${talkPart}`.replace(/[^a-z0-9]+$/, '');
}

/** The frab XSD's `voc-slug-new`: only a slug of this shape may appear in schedule.xml. */
export const FRAB_SLUG = /^[a-z0-9_]{4,}-[a-z0-9_-]{4,}$/;

export const paths = {
  program: (eventSlug: string) => `/${eventSlug}`,
  talk: (eventSlug: string, talkSlug: string) => `/${eventSlug}/talks/${talkSlug}`,
  speaker: (eventSlug: string, speakerSlug: string) => `/${eventSlug}/speakers/${speakerSlug}`,
  file: (eventSlug: string, fileName: string) => `/${eventSlug}/${fileName}`,
  talkCalendar: (eventSlug: string, talkSlug: string) => `/${eventSlug}/talks/${talkSlug}.ics`,
};

export function talkUrl(publicUrl: string, eventSlug: string, talk: TalkView): string {
  return absolute(publicUrl, paths.talk(eventSlug, talk.slug));
}

const NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** A name-based UUID (RFC 4122 version 5, SHA-1): the same name always gives the same UUID. */
export function uuidV5(name: string, namespace = NAMESPACE_URL): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A speaker's GUID: speaker profiles have no GUID column, and c3voc wants a UUID version 5 of a
 * URL naming the person (it suggests their `acct:` address, which exports must not reveal).
 * The speaker's public page is such a URL: stable, since slugs never change, and unique to the
 * installation and the event, since speaker profiles are per event.
 */
export function speakerGuid(publicUrl: string, eventSlug: string, speaker: SpeakerView): string {
  return uuidV5(absolute(publicUrl, paths.speaker(eventSlug, speaker.slug)));
}

/**
 * frab's timeslot: the longest step, up to an hour, that every talk's start (from the hour) and
 * length is a whole number of. Apps use it for the rows of their grids.
 */
export function timeslotMinutes(talks: readonly ScheduledTalk[], zone: string): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let step = 60;
  for (const slot of talks) {
    step = gcd(step, DateTime.fromJSDate(slot.start, { zone }).minute);
    step = gcd(step, slot.durationMinutes);
  }
  return step;
}

/**
 * The days of the release; an empty release (no days stated, nothing placed) still yields one
 * empty day, the day of the release, because both formats need a day and a start and end.
 */
export function exportDays(schedule: PublishedSchedule): DayView[] {
  if (schedule.days.length > 0) return schedule.days;
  const local = DateTime.fromJSDate(schedule.releasedAt, { zone: schedule.timezone });
  return [
    {
      date: local.toISODate()!,
      index: 1,
      start: local.startOf('day').toJSDate(),
      end: local.endOf('day').startOf('second').toJSDate(),
      slots: [],
      rooms: [],
    },
  ];
}
