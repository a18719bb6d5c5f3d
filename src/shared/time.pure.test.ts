import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.js';
import { parseIsoDateTime, parseLocalDateTime } from './time.js';

const ZONE = 'Europe/Berlin';

describe('parseIsoDateTime', () => {
  it.each([
    ['2026-06-01T10:00', '2026-06-01T08:00:00.000Z'],
    ['2026-06-01T10:00:30', '2026-06-01T08:00:30.000Z'],
    ['2026-06-01T10:00Z', '2026-06-01T10:00:00.000Z'],
    ['2026-06-01T10:00+14:00', '2026-05-31T20:00:00.000Z'],
    ['2026-06-01T10:00-14:00', '2026-06-02T00:00:00.000Z'],
    ['2026-06-01T10:00+05:45', '2026-06-01T04:15:00.000Z'],
    ['2026-06-01T10:00:00.250-03:30', '2026-06-01T13:30:00.250Z'],
  ])('reads %j as the instant %s (a time without an offset in the zone)', (value, instant) => {
    expect(parseIsoDateTime(value, ZONE, 'start').toJSDate().toISOString()).toBe(instant);
  });

  it.each(['+99:00', '+14:01', '-14:30', '+15:00', '-99:59', '+05:99', '+0560'])(
    'refuses the offset %s, naming the field',
    (offset) => {
      const value = `2026-06-01T10:00${offset}`;
      expect(() => parseIsoDateTime(value, ZONE, 'start')).toThrow(
        new InvalidInputError(`"${value}" has a time-zone offset outside -14:00 to +14:00`, 'start'),
      );
    },
  );

  it.each(['2026-02-30T10:00', '2026-13-01T10:00', '2026-06-31T10:00', 'soon', ''])(
    'refuses %j, which names no moment, naming the field',
    (value) => {
      expect(() => parseIsoDateTime(value, ZONE, 'start')).toThrow(
        new InvalidInputError(`"${value}" is not a date and time (expected YYYY-MM-DDTHH:MM)`, 'start'),
      );
    },
  );
});

describe('parseLocalDateTime', () => {
  it('reads a CFP time in the zone, empty as none, and refuses an offset no place uses', () => {
    expect(parseLocalDateTime('2026-12-01T23:59', 'America/Los_Angeles', 'cfpClosesAt')?.toISOString()).toBe(
      '2026-12-02T07:59:00.000Z',
    );
    expect(parseLocalDateTime('  ', ZONE, 'cfpClosesAt')).toBeNull();
    expect(() => parseLocalDateTime('2026-12-01T23:59+99:00', ZONE, 'cfpClosesAt')).toThrow(
      'cfpClosesAt: "2026-12-01T23:59+99:00" has a time-zone offset outside -14:00 to +14:00',
    );
  });
});
