import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { talks } from '../../db/schema.js';
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from '../../shared/errors.js';
import { listScheduleWarnings, requireWithinDays, scheduleWarnings, warningsByTalk } from './conflicts.js';
import { listDays } from './days.js';
import { placeTalk } from './placements.js';
import { scheduleWorld, stateAvailability } from '../../../test/helpers/schedule-world.js';

describe('scheduleWarnings', () => {
  it('finds no warning on an empty schedule', async () => {
    const w = await scheduleWorld();

    expect(await scheduleWarnings(w.db, w.event)).toEqual([]);
  });

  it('warns of a speaker in two places, outside the availability they stated, and of a room too small, by time then kind', async () => {
    const w = await scheduleWorld();
    const place = (talk: string, room: number, start: string) =>
      placeTalk(w.db, w.organiser, w.event, { talk, room, start, durationMinutes: 30 });
    await w.db.update(talks).set({ expectedAudience: 100 }).where(eq(talks.code, w.talks.compilers));
    await stateAvailability(w.db, w.speakers.grace, [
      [new Date('2026-10-31T16:00:00Z'), new Date('2026-10-31T18:00:00Z')],
    ]);
    await place(w.talks.engines, w.rooms.hall, '2026-10-31T10:00');
    await place(w.talks.looms, w.rooms.small, '2026-10-31T10:15');
    await place(w.talks.compilers, w.rooms.small, '2026-10-31T11:00');

    const warnings = await scheduleWarnings(w.db, w.event);

    expect(warnings.map((x) => [x.kind, x.start.toISOString(), x.message])).toEqual([
      [
        'speaker-double-booked',
        '2026-10-31T17:00:00.000Z',
        'Ada Lovelace is in two places at once: "Engines" (Main Hall, Sat 31 Oct 2026 10:00–10:30) and "Looms" (Room 2, Sat 31 Oct 2026 10:15–10:45)',
      ],
      [
        'speaker-unavailable',
        '2026-10-31T18:00:00.000Z',
        'Grace Hopper is not available for "Compilers" (Room 2, Sat 31 Oct 2026 11:00–11:30): they are available Sat 31 Oct 2026 09:00–11:00',
      ],
      ['room-too-small', '2026-10-31T18:00:00.000Z', '"Compilers" expects 100 people, but Room 2 seats 80'],
    ]);
    const ids = await w.db.select({ id: talks.id, code: talks.code }).from(talks);
    const idOf = (code: string) => ids.find((t) => t.code === code)!.id;
    expect(warnings[0]!.talkIds).toEqual([idOf(w.talks.engines), idOf(w.talks.looms)]);

    const marks = warningsByTalk(warnings);
    expect([...marks].map(([talkId, list]) => [talkId, list.map((x) => x.kind)])).toEqual([
      [idOf(w.talks.engines), ['speaker-double-booked']],
      [idOf(w.talks.looms), ['speaker-double-booked']],
      [idOf(w.talks.compilers), ['speaker-unavailable', 'room-too-small']],
    ]);
  });

  it('lists them for the event’s organisers only', async () => {
    const w = await scheduleWorld();

    expect(await listScheduleWarnings(w.db, w.organiser, w.event)).toEqual([]);
    await expect(listScheduleWarnings(w.db, w.reviewer, w.event)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listScheduleWarnings(w.db, w.stranger, w.event)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listScheduleWarnings(w.db, undefined, w.event)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe('requireWithinDays', () => {
  it('says to add days first when the event has none', async () => {
    const w = await scheduleWorld({ days: [] });
    const days = await listDays(w.db, w.organiser, w.event);

    expect(() =>
      requireWithinDays(w.event, days, new Date('2026-10-31T17:00:00Z'), new Date('2026-10-31T17:30:00Z')),
    ).toThrow(
      new InvalidInputError("Conf 2026 has no days yet: add the event's days first, then place talks", 'start'),
    );
  });

  it('accepts a slot a day holds whole, and refuses one running past the day’s end or outside every day', async () => {
    const w = await scheduleWorld();
    const days = await listDays(w.db, w.organiser, w.event);

    expect(() =>
      requireWithinDays(w.event, days, new Date('2026-10-31T17:00:00Z'), new Date('2026-10-31T17:30:00Z')),
    ).not.toThrow();
    expect(() =>
      requireWithinDays(w.event, days, new Date('2026-11-01T00:45:00Z'), new Date('2026-11-01T01:15:00Z')),
    ).toThrow(/runs past the end of the day: .* ends at 18:00$/);
    expect(() =>
      requireWithinDays(w.event, days, new Date('2026-11-03T17:00:00Z'), new Date('2026-11-03T17:30:00Z')),
    ).toThrow(/is outside the event's days \(.*09:00–18:00, .*09:00–18:00\)$/);
  });
});
