import { DateTime, IANAZone } from 'luxon';

/**
 * A VTIMEZONE component (RFC 5545 §3.6.5) for an IANA zone, from the time zone data the
 * runtime has (through luxon), so that calendar apps place each talk at the right instant
 * whatever zone they run in. ical-generator has no zone data of its own and takes a generator.
 *
 * Rather than rules (RRULE), which cannot say that a zone's rules changed, it lists each
 * observance that applies from a year before `from` to the end of `to`'s year: one
 * STANDARD/DAYLIGHT component per offset change, with the offset in force at the start first.
 */
export function vtimezone(zone: string, from: Date, to: Date): string {
  const { iana, start, changes } = zoneChanges(zone, from, to);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const initial = iana.offset(start);
  lines.push(...observance(zone, start, initial, initial));
  for (const change of changes) lines.push(...observance(zone, change.at, change.from, change.to));
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

/**
 * The instants whose local time happens twice, as [start, end) milliseconds: the hour before
 * and the hour after clocks go back (or however far they go back), between the same bounds as
 * vtimezone's.
 */
export function repeatedLocalTimes(zone: string, from: Date, to: Date): [number, number][] {
  return zoneChanges(zone, from, to)
    .changes.filter((change) => change.from > change.to)
    .map((change) => [change.at - (change.from - change.to) * MINUTE, change.at + (change.from - change.to) * MINUTE]);
}

interface ZoneChanges {
  iana: IANAZone;
  start: number;
  changes: OffsetChange[];
}

const known = new Map<string, ZoneChanges>();
const MAX_KNOWN = 64;

/**
 * The zone's offset changes from a year before `from` to the end of `to`'s year. Searching
 * them takes a thousand zone lookups; an event's files (and each talk's own calendar) ask for
 * the same years again and again, so the answers are kept.
 */
function zoneChanges(zone: string, from: Date, to: Date): ZoneChanges {
  const iana = IANAZone.create(zone);
  if (!iana.isValid) throw new Error(`unknown time zone "${zone}"`);
  const start = DateTime.fromJSDate(from, { zone }).startOf('year').minus({ years: 1 }).toMillis();
  const end = DateTime.fromJSDate(to, { zone }).endOf('year').toMillis();
  const key = `${zone}|${start}|${end}`;
  let found = known.get(key);
  if (!found) {
    found = { iana, start, changes: offsetChanges(iana, start, end) };
    if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value!);
    known.set(key, found);
  }
  return found;
}

interface OffsetChange {
  /** The first millisecond with the new offset. */
  at: number;
  from: number;
  to: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Every change of the zone's UTC offset in [start, end], found day by day then to the minute. */
function offsetChanges(zone: IANAZone, start: number, end: number): OffsetChange[] {
  const changes: OffsetChange[] = [];
  let before = start;
  let offset = zone.offset(before);
  while (before < end) {
    const after = Math.min(before + DAY, end);
    const next = zone.offset(after);
    if (next !== offset) {
      // Offsets change on a whole minute: search the minutes between for the first with the new one.
      let low = Math.floor(before / MINUTE);
      let high = Math.ceil(after / MINUTE);
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (zone.offset(middle * MINUTE) === offset) low = middle;
        else high = middle;
      }
      changes.push({ at: high * MINUTE, from: offset, to: zone.offset(high * MINUTE) });
      offset = next;
    }
    before = after;
  }
  return changes;
}

function observance(zone: string, at: number, from: number, to: number): string[] {
  const moment = DateTime.fromMillis(at, { zone });
  const kind = moment.isInDST ? 'DAYLIGHT' : 'STANDARD';
  // DTSTART is the local time the change happens at, read on the clock before it (RFC 5545 §3.8.2.4).
  const localStart = DateTime.fromMillis(at + from * MINUTE, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss");
  const name = abbreviation(moment)
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[\\;,]/g, '\\$&');
  return [
    `BEGIN:${kind}`,
    `DTSTART:${localStart}`,
    `TZOFFSETFROM:${formatOffset(from)}`,
    `TZOFFSETTO:${formatOffset(to)}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

/**
 * The zone's usual abbreviation (PDT, CEST). Each locale's data knows the abbreviations of its
 * own region only, and writes "GMT+2" for the rest: American English first, then British.
 */
function abbreviation(moment: DateTime): string {
  const american = moment.setLocale('en-US').offsetNameShort ?? '';
  if (!american.startsWith('GMT')) return american;
  const british = moment.setLocale('en-GB').offsetNameShort ?? '';
  return british.startsWith('GMT') && british !== 'GMT' ? american : british;
}

/** -420 → "-0700". */
function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
}
