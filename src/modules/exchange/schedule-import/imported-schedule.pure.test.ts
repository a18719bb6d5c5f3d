import { describe, expect, it } from 'vitest';
import { parseInstant } from './imported-schedule.js';

describe('parseInstant', () => {
  it('reads an imported start with its offset, or in the zone without one', () => {
    expect(parseInstant('2024-12-27T10:30:00+01:00', 'Europe/Berlin')?.toISOString()).toBe('2024-12-27T09:30:00.000Z');
    expect(parseInstant('2024-12-27T10:30', 'Europe/Berlin')?.toISOString()).toBe('2024-12-27T09:30:00.000Z');
  });

  it.each(['2024-12-27T10:30:00+99:00', '2024-12-27T10:30:00-14:30', '2024-02-30T10:30:00+01:00', 'soon', ' '])(
    'has no instant for %j (the importer skips the talk with a warning)',
    (value) => {
      expect(parseInstant(value, 'Europe/Berlin')).toBeUndefined();
    },
  );
});
