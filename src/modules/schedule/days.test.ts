import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventDays } from '../../db/schema.js';
import { ForbiddenError } from '../../shared/errors.js';
import { addDay, createDaysFromEventDates, listDays, localInstant, removeDay, updateDay } from './days.js';
import { addBlock, placeTalk } from './placements.js';
import { scheduleWorld, ZONE } from '../../../test/helpers/schedule-world.js';

async function dayRows(w: Awaited<ReturnType<typeof scheduleWorld>>): Promise<string[]> {
  const rows = await w.db.select().from(eventDays).where(eq(eventDays.eventId, w.event.id));
  return rows.map((day) => `${day.date} ${day.startsAt.toISOString()}–${day.endsAt.toISOString()}`).sort();
}

describe('local times', () => {
  it('reads a wall time that happens twice as its first occurrence, and one that never happens with the offset before the gap', () => {
    expect(localInstant('2026-11-01T01:30', ZONE, 'start').toISOString()).toBe('2026-11-01T08:30:00.000Z');
    expect(localInstant('2026-11-01T01:30-08:00', ZONE, 'start').toISOString()).toBe('2026-11-01T09:30:00.000Z');
    expect(localInstant('2026-03-08T02:30', ZONE, 'start').toISOString()).toBe('2026-03-08T10:30:00.000Z');
    expect(localInstant(' 2026-07-01T09:00 ', ZONE, 'start').toISOString()).toBe('2026-07-01T16:00:00.000Z');
  });

  it.each([
    ['', 'start: give a date and time'],
    ['2026-07-01', 'start: "2026-07-01" is not a date and time (expected YYYY-MM-DDTHH:MM)'],
    ['2026-02-30T10:00', 'start: "2026-02-30T10:00" is not a date and time (expected YYYY-MM-DDTHH:MM)'],
    ['2026-07-01T9:00', 'start: "2026-07-01T9:00" is not a date and time (expected YYYY-MM-DDTHH:MM)'],
    ['2026-07-01T09:00+99:00', 'start: "2026-07-01T09:00+99:00" has a time-zone offset outside -14:00 to +14:00'],
    ['2026-07-01T09:00-14:30', 'start: "2026-07-01T09:00-14:30" has a time-zone offset outside -14:00 to +14:00'],
    ['2026-07-01T09:00+05:99', 'start: "2026-07-01T09:00+05:99" has a time-zone offset outside -14:00 to +14:00'],
  ])('refuses %j', (value, message) => {
    expect(() => localInstant(value, ZONE, 'start')).toThrow(message);
  });
});

describe('event days', () => {
  it('adds a day running past midnight, across the night clocks go back: eight hours, not seven', async () => {
    const w = await scheduleWorld({ days: [] });
    const day = await addDay(w.db, w.organiser, w.event, { date: '2026-10-31', start: '20:00', end: '03:00' });
    expect([day.start, day.end, day.endsNextDay, day.label]).toEqual(['20:00', '03:00', true, 'Sat 31 Oct 2026']);
    expect(await dayRows(w)).toEqual(['2026-10-31 2026-11-01T03:00:00.000Z–2026-11-01T11:00:00.000Z']);
  });

  it.each([
    [{ date: '2026-10-31' }, 'date: there is already a day on 2026-10-31'],
    [{ date: '2026-11-02', start: '08:00', end: '10:00' }, ''],
    [{ date: '31.10.2026' }, 'date: "31.10.2026" is not a date (expected YYYY-MM-DD)'],
    [{ date: '' }, 'date: give the date'],
    [{ start: '9am' }, 'start: "9am" is not a time of day (expected HH:MM, 24-hour)'],
    [{ end: '24:00' }, 'end: "24:00" is not a time of day (expected HH:MM, 24-hour)'],
    [{ start: '10:00', end: '10:00' }, 'end: must differ from the start: a day needs some time'],
  ])('refuses the day %j, adding nothing', async (change, message) => {
    const w = await scheduleWorld({ days: ['2026-10-31'] });
    const input = { date: '2026-11-01', start: '09:00', end: '18:00', ...change };
    if (message === '') {
      await addDay(w.db, w.organiser, w.event, input);
      return;
    }
    const before = await dayRows(w);
    await expect(addDay(w.db, w.organiser, w.event, input)).rejects.toThrow(message);
    expect(await dayRows(w)).toEqual(before);
  });

  it('refuses a day overlapping another that runs past midnight', async () => {
    const w = await scheduleWorld({ days: [] });
    await addDay(w.db, w.organiser, w.event, { date: '2026-10-30', start: '10:00', end: '02:00' });
    await expect(
      addDay(w.db, w.organiser, w.event, { date: '2026-10-31', start: '01:00', end: '12:00' }),
    ).rejects.toThrow('start: overlaps the day Fri 30 Oct 2026 10:00–02:00 (next day)');
  });

  it('creates the missing days from the event’s dates, 09:00 to 18:00', async () => {
    const w = await scheduleWorld({ days: ['2026-11-01'] });
    const created = await createDaysFromEventDates(w.db, w.organiser, w.event);
    expect(created.map((day) => [day.date, day.start, day.end])).toEqual([['2026-10-31', '09:00', '18:00']]);
    expect((await listDays(w.db, w.organiser, w.event)).map((day) => day.date)).toEqual(['2026-10-31', '2026-11-01']);
    await expect(createDaysFromEventDates(w.db, w.organiser, w.event)).rejects.toThrow(
      'every date from 2026-10-31 to 2026-11-01 has its day already',
    );
    await expect(
      createDaysFromEventDates(w.db, w.organiser, { ...w.event, startsOn: null, endsOn: null }),
    ).rejects.toThrow("set Conf 2026's first and last days in its settings first");
  });

  it('refuses to shorten or remove a day while that leaves something placed outside the event', async () => {
    const w = await scheduleWorld();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T17:00',
    });
    await addBlock(w.db, w.organiser, w.event, {
      title: 'Party',
      kind: 'block',
      room: '',
      start: '2026-10-31T17:30',
      end: '18:00',
    });
    const [first] = await listDays(w.db, w.organiser, w.event);
    const before = await dayRows(w);
    await expect(
      updateDay(w.db, w.organiser, w.event, first!.id, { date: '2026-10-31', start: '09:00', end: '17:00' }),
    ).rejects.toThrow(
      'This change would leave "Engines" (Sat 31 Oct 2026 17:00–17:30) and 1 more outside the event\'s days: move or unschedule them first',
    );
    await expect(removeDay(w.db, w.organiser, w.event, first!.id)).rejects.toThrow(
      'Removing 2026-10-31 would leave "Engines" (Sat 31 Oct 2026 17:00–17:30) and 1 more outside the event\'s days',
    );
    expect(await dayRows(w)).toEqual(before);
    const longer = await updateDay(w.db, w.organiser, w.event, first!.id, {
      date: '2026-10-31',
      start: '08:00',
      end: '20:00',
    });
    expect([longer.start, longer.end]).toEqual(['08:00', '20:00']);
    const [, second] = await listDays(w.db, w.organiser, w.event);
    expect((await removeDay(w.db, w.organiser, w.event, second!.id)).date).toBe('2026-11-01');
  });

  it('lets only the event’s organisers change its days', async () => {
    const w = await scheduleWorld({ days: [] });
    await expect(
      addDay(w.db, w.reviewer, w.event, { date: '2026-10-31', start: '09:00', end: '18:00' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(createDaysFromEventDates(w.db, w.stranger, w.event)).rejects.toThrow(
      'Only organisers of Conf 2026 may do this.',
    );
    expect(await dayRows(w)).toEqual([]);
  });
});
