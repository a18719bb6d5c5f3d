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

/** c3voc's JSON pattern for an acronym; every acronym it takes, schedule.xml.xsd's takes too. */
const EXPORT_ACRONYM = /^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$/;

/** Whether both formats accept the acronym as it is. */
export function isExportAcronym(acronym: string): boolean {
  return EXPORT_ACRONYM.test(acronym);
}

/** The program's acronym: the one an imported file gave (`38c3`), else derived from the slug. */
export function programAcronym(program: EventProgram): string {
  return program.acronym !== null && isExportAcronym(program.acronym)
    ? program.acronym
    : conferenceAcronym(program.slug);
}

/**
 * Each talk's numeric id in exports: the id its imported file gave it while no other talk of
 * the program has it (as its file's id or as its Lectern id), else its Lectern id. Lectern's
 * ids are unique, so only file ids can clash; a clashing one gives way, until none does.
 */
export function exportedTalkIds(program: EventProgram): Map<number, number> {
  const withExternal = program.talks.filter((t) => t.externalId !== null);
  const kept = new Map<number, number>();
  const counts = new Map<number, number>();
  for (const talk of withExternal) counts.set(talk.externalId!, (counts.get(talk.externalId!) ?? 0) + 1);
  for (const talk of withExternal) if (counts.get(talk.externalId!) === 1) kept.set(talk.id, talk.externalId!);
  for (;;) {
    const lecternIds = new Set(program.talks.filter((t) => !kept.has(t.id)).map((t) => t.id));
    const clashing = [...kept].filter(([, id]) => lecternIds.has(id));
    if (clashing.length === 0) break;
    for (const [talkId] of clashing) kept.delete(talkId);
  }
  return new Map(program.talks.map((t) => [t.id, kept.get(t.id) ?? t.id]));
}

/**
 * The c3voc slug of a talk, `{acronym}-{talk id}-{talk slug}` as pretalx makes it: unique (it
 * holds the id), stable (slugs and ids do not change), and within both schemas' patterns.
 */
export function vocSlug(acronym: string, talk: TalkView): string {
  // A talk whose slug already names the conference (an imported one's, `38c3-38c3-opening-ceremony`) keeps it.
  if (talk.slug.startsWith(`${acronym}-`)) return talk.slug;
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
 * A speaker's GUID: the one an imported file gave the person, so that apps and pipelines know
 * them again; else, for a speaker made in Lectern, c3voc's UUID version 5 of a URL naming the
 * person (it suggests their `acct:` address, which exports must not reveal). The speaker's
 * public page is such a URL: stable, since slugs never change, and unique to the installation
 * and the event, since speaker profiles are per event.
 */
export function speakerGuid(publicUrl: string, eventSlug: string, speaker: SpeakerView): string {
  return speaker.guid ?? uuidV5(absolute(publicUrl, paths.speaker(eventSlug, speaker.slug)));
}

/**
 * frab's timeslot: the longest step, up to an hour, that every talk's start (from the hour) and
 * length is a whole number of. Apps use it for the rows of their grids.
 */
export function timeslotMinutes(talks: readonly ScheduledTalk[], zone: string): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const minuteOf = localMinutes(zone);
  let step = 60;
  for (const slot of talks) {
    step = gcd(step, minuteOf(slot.start));
    step = gcd(step, slot.durationMinutes);
  }
  return step;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * The minute of the hour of instants, local to the zone: what luxon's `.minute` says, asked
 * of the zone once per hour of UTC rather than once per instant (20,000 talks took luxon 40 to
 * 300 ms). An hour whose two ends have different offsets holds a change, and its instants are
 * asked of luxon one by one; two changes within one hour that cancel out happen nowhere.
 */
export function localMinutes(zone: string): (instant: Date) => number {
  const offsets = new Map<number, number>();
  return (instant) => {
    const at = instant.getTime();
    const hour = Math.floor(at / HOUR_MS);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const first = DateTime.fromMillis(hour * HOUR_MS, { zone }).offset;
      const last = DateTime.fromMillis((hour + 1) * HOUR_MS - 1, { zone }).offset;
      offset = first === last ? first : Number.NaN;
      offsets.set(hour, offset);
    }
    if (Number.isNaN(offset)) return DateTime.fromMillis(at, { zone }).minute;
    // As luxon does: the local time is the instant moved by the offset, read as UTC.
    const local = at + offset * MINUTE_MS;
    return ((Math.floor(local / MINUTE_MS) % 60) + 60) % 60;
  };
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
