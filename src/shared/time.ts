import { DateTime, IANAZone } from 'luxon';
import { InvalidInputError } from './errors.js';

/** Times are stored in UTC and shown, and typed, in the event's own time zone. */

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function requireTimeZone(zone: string, field = 'timezone'): string {
  const trimmed = zone.trim();
  if (!isValidTimeZone(trimmed)) {
    throw new InvalidInputError(
      `"${zone}" is not a time zone; use an IANA name such as "America/Los_Angeles" or "Europe/Berlin"`,
      field,
    );
  }
  return trimmed;
}

/**
 * The time zones an organiser chooses from in the back office: the IANA zones this runtime
 * knows by their canonical names (Intl.supportedValuesOf), and UTC, sorted. The forms offer them
 * as a searchable list, and the server takes these and their other names (Asia/Kolkata for the
 * listed Asia/Calcutta, US/Pacific for America/Los_Angeles); imports and the command line may use
 * any IANA name luxon knows, such as a fixed offset's Etc/GMT-1.
 */
export const TIME_ZONES: readonly string[] = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
const LISTED_ZONES: ReadonlySet<string> = new Set(TIME_ZONES);

/** The listed zone a name stands for (the runtime's canonical name); undefined when it names none of them. */
function listedZone(zone: string): string | undefined {
  if (LISTED_ZONES.has(zone)) return zone;
  try {
    const canonical = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    return LISTED_ZONES.has(canonical) ? canonical : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A time zone chosen in a form: one of TIME_ZONES or another name of one, kept as typed; or
 * `current` (the event's zone as it is, which an import may have set to one outside the list).
 * Anything else is refused, naming the field.
 */
export function requireListedTimeZone(zone: string, field = 'timezone', current?: string): string {
  const trimmed = zone.trim();
  if ((current !== undefined && trimmed === current) || (listedZone(trimmed) && isValidTimeZone(trimmed)))
    return trimmed;
  throw new InvalidInputError(
    `"${zone.slice(0, 80)}" is not one of the listed time zones; choose one such as "America/Los_Angeles", "Europe/Berlin" or "UTC"`,
    field,
  );
}

/** UTC offsets in use run from −12:00 to +14:00: one beyond ±14:00 is a typo, not a place. */
const MAX_OFFSET_MINUTES = 14 * 60;
/** The minutes of an offset after the time: "30" in "…T10:00+05:30". */
const OFFSET_MINUTES = /T.*[+-]\d{2}:?(\d{2})$/;

/**
 * The one reader of a typed or imported ISO 8601 date and time: with an offset ("Z", "+05:30")
 * it keeps that offset, without one it is read in `zone`. Refuses, naming the field, a day
 * that does not exist (2026-02-30) and an offset beyond ±14:00 or with 60 minutes or more,
 * which luxon would otherwise take as hours away (+99:00 is four days earlier).
 */
export function parseIsoDateTime(value: string, zone: string, field: string): DateTime<true> {
  const trimmed = value.trim();
  const parsed = DateTime.fromISO(trimmed, { zone, setZone: true });
  if (!parsed.isValid)
    throw new InvalidInputError(`"${value}" is not a date and time (expected YYYY-MM-DDTHH:MM)`, field);
  const offsetMinutes = Number(OFFSET_MINUTES.exec(trimmed)?.[1] ?? 0);
  if (Math.abs(parsed.offset) > MAX_OFFSET_MINUTES || offsetMinutes > 59)
    throw new InvalidInputError(`"${value}" has a time-zone offset outside -14:00 to +14:00`, field);
  return parsed;
}

/** "2026-12-01T23:59" typed in `zone` → the UTC instant; empty → null. */
export function parseLocalDateTime(value: string, zone: string, field: string): Date | null {
  if (value.trim() === '') return null;
  return parseIsoDateTime(value, zone, field).toJSDate();
}

/** The instant as the value of a datetime-local input in `zone`. */
export function toLocalInputValue(date: Date | null | undefined, zone: string): string {
  if (!date) return '';
  return DateTime.fromJSDate(date, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** "Tue 1 Dec 2026, 23:59 PST": for people, in the event's zone. */
export function formatInZone(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ');
}

export function parseDate(value: string, field: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const parsed = DateTime.fromISO(trimmed);
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    throw new InvalidInputError(`"${value}" is not a date (expected YYYY-MM-DD)`, field);
  }
  return trimmed;
}
