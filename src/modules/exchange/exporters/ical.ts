import ical, { escape as escapeICal } from 'ical-generator';
import { DateTime } from 'luxon';
import type { EventProgram, TalkView } from '../../agenda/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import { absolute } from '../../../shared/links.js';
import { markdownToText } from '../../../shared/markdown.js';
import type { ExportContext, Exporter } from './exporter.js';
import { paths, requireSchedule, scheduledTalks, talkUrl, type ScheduledTalk } from './schedule-parts.js';
import { repeatedLocalTimes, vtimezone } from './vtimezone.js';

/**
 * Control characters RFC 5545 text may not hold (tab and line breaks excepted: ical-generator
 * writes line breaks as \n) and unpaired surrogates, which have no UTF-8 form.
 */
const ICAL_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return value.replace(ICAL_FORBIDDEN, '');
}

/**
 * The calendar of the given talks. What makes it stable and correct:
 * - UID is the talk's GUID alone (RFC 7986 §5.3 recommends a UUID, without a host name that
 *   could change), so the whole-schedule file and a talk's own file describe the same event;
 * - DTSTAMP is the release's time and SEQUENCE counts the changelog lines about the talk since
 *   it was first added, so the output changes only with a new release, and apps that keep
 *   copies see a moved talk as a newer version;
 * - start and end are local times in the event's zone (DTSTART;TZID=…), with a VTIMEZONE for
 *   that zone built from the runtime's time zone data; an event in UTC, and a talk starting or
 *   ending at a local time that happens twice, get UTC times instead;
 * - lines end with CRLF, the last one too, and are folded at 75 octets without splitting a
 *   character; the calendar's properties come before its components (RFC 5545 §3.4).
 *
 * ical-generator writes the calendar's properties and each VEVENT; the file is put together
 * and folded here, because ical-generator's folding makes a TextEncoder per character: about
 * a second of blocked event loop for a calendar the size of 38C3's (650 kB), against a few
 * milliseconds here.
 */
function renderCalendar(program: EventProgram, slots: ScheduledTalk[], context: ExportContext): string {
  return [...calendarChunks(program, slots, context)].join('');
}

/** renderCalendar in pieces: the calendar's head and time zone, then each talk's VEVENT, folded. */
function* calendarChunks(program: EventProgram, slots: ScheduledTalk[], context: ExportContext): Generator<string> {
  const schedule = requireSchedule(program);
  const zone = schedule.timezone;
  const releasedAt = schedule.releasedAt;
  // No calendar zone: with one, ical-generator would write DTSTAMP in local time, which RFC 5545 forbids.
  const calendar = ical({
    prodId: { company: 'Lectern', product: 'Lectern schedule', language: 'EN' },
    // ical-generator writes the name unescaped.
    name: escapeICal(text(program.name), false),
    url: absolute(context.publicUrl, paths.program(program.slug)),
    ttl: 60 * 60,
  });
  const properties = calendar.toString();
  if (!properties.endsWith('END:VCALENDAR')) throw new Error('ical-generator wrote an unexpected calendar');
  const changes = new Map<string, number>();
  for (const release of program.releases) {
    for (const change of release.changes) changes.set(change.guid, (changes.get(change.guid) ?? 0) + 1);
  }
  // Loops, not Math.min(...starts): spreading 100,000 arguments overflows the stack.
  let earliest = Infinity;
  let latest = -Infinity;
  for (const slot of slots) {
    earliest = Math.min(earliest, slot.start.getTime());
    latest = Math.max(latest, slot.end.getTime());
  }
  const first = new Date(earliest);
  const last = new Date(latest);
  const repeated = slots.length > 0 ? repeatedLocalTimes(zone, first, last) : [];
  const ambiguous = (instant: Date) =>
    repeated.some(([start, end]) => instant.getTime() >= start && instant.getTime() < end);
  // A local time that happens twice (01:30 when clocks go back) is ambiguous with a TZID:
  // RFC 5545 §3.3.5 says it names the first occurrence, ical.js (Thunderbird) reads the
  // second. Such a talk is written in UTC, which every reader takes the same way.
  const isLocal = (slot: ScheduledTalk) => !ambiguous(slot.start) && !ambiguous(slot.end);
  // The VTIMEZONE comes before the events, and only when one of them names the zone.
  const zoned = zone !== 'UTC' && slots.some(isLocal);
  yield [
    properties.slice(0, -'END:VCALENDAR'.length),
    `X-WR-TIMEZONE:${zone}\r\n`,
    zoned ? `${vtimezone(zone, first, last)}\r\n` : '',
  ].join('');
  for (const slot of slots) {
    const { talk } = slot;
    const speakers = talk.speakers.map((s) => s.name).join(', ');
    const description = markdownToText(talk.description, { linkTargets: true });
    const local = isLocal(slot);
    // Each VEVENT ends its last line, so folding it alone folds it as folding the whole would.
    yield foldLines(
      calendar
        .createEvent({
          id: talk.guid,
          sequence: Math.max(0, (changes.get(talk.guid) ?? 1) - 1),
          stamp: releasedAt,
          start: DateTime.fromJSDate(slot.start, { zone }),
          end: DateTime.fromJSDate(slot.end, { zone }),
          timezone: local ? zone : null,
          summary: text(talk.title),
          description: text([speakers ? `By ${speakers}` : '', description].filter(Boolean).join('\n\n')),
          location: text(slot.room?.name ?? ''),
          // The track and the session type, as calendar apps group and colour events by category.
          categories: [talk.track?.name ?? '', talk.sessionType ?? '']
            .map((name) => text(name).trim())
            .filter((name) => name !== '')
            .map((name) => ({ name })),
          url: talkUrl(context.publicUrl, program.slug, talk),
        })
        .toString(),
    );
    // Written: the calendar need not hold 20,000 events until the end.
    calendar.clear();
  }
  yield 'END:VCALENDAR\r\n';
}

/**
 * Folds every content line longer than 75 octets (RFC 5545 §3.1): after 74 octets of UTF-8, a
 * CRLF and a space, never inside a character. The same rule as ical-generator's foldLines.
 */
export function foldLines(lines: string): string {
  return lines
    .split('\r\n')
    .map((line) => {
      // 24 UTF-16 units are at most 72 octets.
      if (line.length <= 24) return line;
      const parts: string[] = [];
      let from = 0;
      let octets = 0;
      for (let i = 0; i < line.length;) {
        const point = line.codePointAt(i)!;
        const size = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
        octets += size;
        if (octets > 74) {
          parts.push(line.slice(from, i));
          from = i;
          octets = size;
        }
        i += point > 0xffff ? 2 : 1;
      }
      parts.push(line.slice(from));
      return parts.join('\r\n ');
    })
    .join('\r\n');
}

/** Whether the instant's local time happens twice in the zone: in the hour repeated when clocks go back. */
export function isAmbiguousLocalTime(instant: Date, zone: string): boolean {
  const at = instant.getTime();
  return repeatedLocalTimes(zone, instant, instant).some(([start, end]) => at >= start && at < end);
}

export function renderICal(program: EventProgram, context: ExportContext): string {
  return [...icalChunks(program, context)].join('');
}

/** renderICal in pieces (see Exporter.chunks). */
export function icalChunks(program: EventProgram, context: ExportContext): Iterable<string> {
  return calendarChunks(program, scheduledTalks(requireSchedule(program).slots), context);
}

/**
 * Some talks' calendar (an attendee's agenda): the same VEVENTs as the whole schedule's, UIDs
 * and sequences included, so a calendar app sees the same events whichever file it read.
 */
export function renderTalksICal(program: EventProgram, talkSlugs: Iterable<string>, context: ExportContext): string {
  const wanted = new Set(talkSlugs);
  const slots = scheduledTalks(requireSchedule(program).slots).filter((s) => wanted.has(s.talk.slug));
  return renderCalendar(program, slots, context);
}

/** One talk's calendar (/{event}/talks/{talk}.ics): the same VEVENT as in the whole schedule's. */
export function renderTalkICal(program: EventProgram, talk: TalkView, context: ExportContext): string {
  requireSchedule(program);
  const slot = scheduledTalks(program.schedule!.slots).find((s) => s.talk.id === talk.id);
  if (!slot) throw new NotFoundError(`"${talk.title}" is not in the released schedule of ${program.name}.`);
  return renderCalendar(program, [slot], context);
}

export const icalExporter: Exporter = {
  identifier: 'ical',
  fileName: 'schedule.ics',
  contentType: 'text/calendar; charset=utf-8',
  label: 'Calendar (iCalendar)',
  description:
    'Every scheduled talk as a calendar event (schedule.ics), in the event’s time zone, for calendar apps: subscribe to its address to follow changes. Each talk’s page has its own calendar file too.',
  requiresReleasedSchedule: true,
  chunks: icalChunks,
};
