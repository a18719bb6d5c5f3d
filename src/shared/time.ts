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

/** "2026-12-01T23:59" typed in `zone` → the UTC instant; empty → null. */
export function parseLocalDateTime(value: string, zone: string, field: string): Date | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const parsed = DateTime.fromISO(trimmed, { zone });
  if (!parsed.isValid)
    throw new InvalidInputError(`"${value}" is not a date and time (expected YYYY-MM-DDTHH:MM)`, field);
  return parsed.toJSDate();
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
