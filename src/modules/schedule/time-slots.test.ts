import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roomClosures, scheduleSlots, timeSlots } from '../../db/schema.js';
import { ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from '../../shared/errors.js';
import { loadActor } from '../accounts/index.js';
import { addDay, removeDay, updateDay } from './days.js';
import { addBlock, placeTalk } from './placements.js';
import {
  copyDayTimeSlots,
  formatSlotTemplate,
  generateSlotTemplate,
  listSlotTemplates,
  listTimeSlots,
  parseSlotTemplate,
  setDayTimeSlots,
  setRoomClosures,
  type TimeSlotInput,
} from './time-slots.js';
import { scheduleWorld, slotRows, type ScheduleWorld } from '../../../test/helpers/schedule-world.js';
import { createUser } from '../../../test/helpers/site.js';

/** Every time slot of the event: "date index start–end minutes closed=[rooms]". */
async function slotLines(w: ScheduleWorld): Promise<string[]> {
  return (await listTimeSlots(w.db, w.organiser, w.event)).map(
    (slot) =>
      `${slot.date} ${slot.index} ${slot.start}–${slot.end} ${slot.durationMinutes} closed=[${slot.closedRoomIds.join(',')}]`,
  );
}

/** What the tables hold, to show that a refusal changed nothing. */
async function tableRows(w: ScheduleWorld): Promise<string[]> {
  const slots = await w.db.select().from(timeSlots).where(eq(timeSlots.eventId, w.event.id));
  const closures = await w.db.select().from(roomClosures);
  return [
    ...slots.map((slot) => `slot ${slot.id} ${slot.startsAt.toISOString()}–${slot.endsAt.toISOString()}`).sort(),
    ...closures.map((closure) => `closed ${closure.roomId}/${closure.timeSlotId}`).sort(),
    ...(await slotRows(w.db, w.event.id)),
  ];
}

function dayIds(w: ScheduleWorld) {
  return listSlotTemplates(w.db, w.organiser, w.event).then((days) => days.map((item) => item.day.id));
}

describe('slot template text', () => {
  it('reads a time slot per line, as a start and an end or a start and minutes, and a titled line as a named break', () => {
    const text = [
      '# Saturday',
      '09:00-09:30',
      ' 9:30 30 ',
      '',
      '10:00 – 10:45',
      '11:00 45min',
      '12:00-13:00 Lunch',
      '13:00 15   Coffee   break ',
      '23:30-00:30',
      '23:45 30',
    ].join('\r\n');
    expect(parseSlotTemplate(text)).toEqual([
      { start: '09:00', end: '09:30' },
      { start: '09:30', end: '10:00' },
      { start: '10:00', end: '10:45' },
      { start: '11:00', end: '11:45' },
      { start: '12:00', end: '13:00', title: 'Lunch' },
      { start: '13:00', end: '13:15', title: 'Coffee break' },
      { start: '23:30', end: '00:30' },
      { start: '23:45', end: '00:15' },
    ]);
    expect(formatSlotTemplate(parseSlotTemplate('09:00 30\n12:00 60 Lunch'))).toBe('09:00-09:30\n12:00-13:00 Lunch');
  });

  it.each([
    [
      '9am-10am',
      'slots: line 2 ("9am-10am"): expected a start and an end, 09:00-09:30, or a start and minutes, 09:00 30',
    ],
    ['24:00-01:00', 'slots: line 2 ("24:00-01:00"): 24:00 is not a time of day'],
    ['10:00-10:60', 'slots: line 2 ("10:00-10:60"): 10:60 is not a time of day'],
    ['10:00 4', 'slots: line 2 ("10:00 4"): a time slot lasts from 5 minutes to less than a day'],
    ['10:00 1440', 'slots: line 2 ("10:00 1440"): a time slot lasts from 5 minutes to less than a day'],
    ['10:00-10:00', 'slots: line 2 ("10:00-10:00"): the end must differ from the start'],
    ['10:00', 'slots: line 2 ("10:00"): expected a start and an end, 09:00-09:30, or a start and minutes, 09:00 30'],
    [
      `12:00-13:00 ${'L'.repeat(201)}`,
      `slots: line 2 ("12:00-13:00 ${'L'.repeat(28)}"): a break's title is at most 200 characters`,
    ],
  ])('refuses the line %j, naming it by number', (line, message) => {
    expect(() => parseSlotTemplate(`09:00-09:30\n${line}\n10:30-11:00`)).toThrow(message);
  });

  it('reads back what it writes', () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const title = fc
      .string({ minLength: 1, maxLength: 40 })
      .map((s) => s.trim().replace(/\s+/g, ' '))
      .filter((s) => s !== '' && !/[\r\n\u2028\u2029]/.test(s));
    const line = fc
      .record({ start: time, end: time, title: fc.option(title, { nil: undefined }) })
      .filter((l) => l.start !== l.end)
      .map((l): TimeSlotInput => (l.title === undefined ? { start: l.start, end: l.end } : l));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        expect(parseSlotTemplate(formatSlotTemplate(lines))).toEqual(lines);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the generator', () => {
  it('makes time slots of one length with a gap between, as many as end by the end, past midnight too', () => {
    expect(formatSlotTemplate(generateSlotTemplate({ from: '09:00', to: '11:00', minutes: '30', gap: '5' }))).toBe(
      '09:00-09:30\n09:35-10:05\n10:10-10:40',
    );
    expect(formatSlotTemplate(generateSlotTemplate({ from: '23:00', to: '01:00', minutes: '60', gap: '0' }))).toBe(
      '23:00-00:00\n00:00-01:00',
    );
    expect(generateSlotTemplate({ from: '00:00', to: '00:00', minutes: '5', gap: '0' })).toHaveLength(288);
  });

  it.each([
    [{ from: '9am' }, 'from: "9am" is not a time of day (expected HH:MM, 24-hour)'],
    [{ to: '' }, 'to: give a time'],
    [{ minutes: '4' }, 'minutes: must be a whole number of minutes from 5 to 1435'],
    [{ gap: '-5' }, 'gap: must be a whole number of minutes from 0 to 1435'],
    [{ to: '09:20' }, 'to: leaves no room for a 30-minute time slot after 09:00'],
  ])('refuses %j, naming the field', (change, message) => {
    expect(() => generateSlotTemplate({ from: '09:00', to: '17:00', minutes: '30', gap: '0', ...change })).toThrow(
      message,
    );
  });
});

describe('time slots of a day', () => {
  it('sets a day’s time slots in time order, and saving the page’s text again keeps every one', async () => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    const set = await setDayTimeSlots(
      w.db,
      w.organiser,
      w.event,
      saturday!,
      parseSlotTemplate('10:00 45\n09:00-09:30'),
    );
    expect(set.map((slot) => [slot.index, slot.start, slot.end, slot.durationMinutes])).toEqual([
      [0, '09:00', '09:30', 30],
      [1, '10:00', '10:45', 45],
    ]);
    const [template] = await listSlotTemplates(w.db, w.organiser, w.event);
    expect(template!.text).toBe('09:00-09:30\n10:00-10:45');
    const before = await tableRows(w);
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate(template!.text));
    expect(await tableRows(w)).toEqual(before);
    expect(await slotLines(w)).toEqual([
      '2026-10-31 0 09:00–09:30 30 closed=[]',
      '2026-10-31 1 10:00–10:45 45 closed=[]',
    ]);
  });

  it('places a time slot before the day’s start time on the next calendar day, in a day running past midnight', async () => {
    const w = await scheduleWorld({ days: [] });
    const day = await addDay(w.db, w.organiser, w.event, { date: '2026-07-03', start: '18:00', end: '02:00' });
    await setDayTimeSlots(w.db, w.organiser, w.event, day.id, parseSlotTemplate('23:00-00:00\n00:30 30\n18:00 60'));
    const rows = await w.db.select().from(timeSlots).where(eq(timeSlots.dayId, day.id)).orderBy(timeSlots.startsAt);
    expect(rows.map((row) => `${row.startsAt.toISOString()}–${row.endsAt.toISOString()}`)).toEqual([
      '2026-07-04T01:00:00.000Z–2026-07-04T02:00:00.000Z',
      '2026-07-04T06:00:00.000Z–2026-07-04T07:00:00.000Z',
      '2026-07-04T07:30:00.000Z–2026-07-04T08:00:00.000Z',
    ]);
    expect(await slotLines(w)).toEqual([
      '2026-07-03 0 18:00–19:00 60 closed=[]',
      '2026-07-03 1 23:00–00:00 60 closed=[]',
      '2026-07-03 2 00:30–01:00 30 closed=[]',
    ]);
    expect((await listSlotTemplates(w.db, w.organiser, w.event))[0]!.text).toBe(
      '18:00-19:00\n23:00-00:00\n00:30-01:00',
    );
    await expect(setDayTimeSlots(w.db, w.organiser, w.event, day.id, parseSlotTemplate('01:30-02:30'))).rejects.toThrow(
      'slots: 01:30–02:30 is outside the day Fri 3 Jul 2026 18:00–02:00 (next day)',
    );
  });

  it('keeps wall-clock times across the night clocks go back: 01:00–02:00 lasts two hours, and the text reads back the same', async () => {
    const w = await scheduleWorld({ days: [] });
    const day = await addDay(w.db, w.organiser, w.event, { date: '2026-10-31', start: '20:00', end: '03:00' });
    const text = '00:00-01:00\n01:00-02:00\n02:00-03:00';
    await setDayTimeSlots(w.db, w.organiser, w.event, day.id, parseSlotTemplate(text));
    expect(await slotLines(w)).toEqual([
      '2026-10-31 0 00:00–01:00 PDT 60 closed=[]',
      '2026-10-31 1 01:00 PDT–02:00 120 closed=[]',
      '2026-10-31 2 02:00–03:00 60 closed=[]',
    ]);
    const rows = await w.db.select().from(timeSlots).where(eq(timeSlots.dayId, day.id)).orderBy(timeSlots.startsAt);
    expect(rows.map((row) => row.startsAt.toISOString())).toEqual([
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
      '2026-11-01T10:00:00.000Z',
    ]);
    const [template] = await listSlotTemplates(w.db, w.organiser, w.event);
    expect(template!.text).toBe(text);
    const before = await tableRows(w);
    await setDayTimeSlots(w.db, w.organiser, w.event, day.id, parseSlotTemplate(template!.text));
    expect(await tableRows(w)).toEqual(before);
  });

  it('keeps wall-clock times across the night clocks go forward (Europe/Berlin): 01:30–03:30 lasts an hour', async () => {
    const w = await scheduleWorld({ days: [] });
    const event = { ...w.event, timezone: 'Europe/Berlin' };
    const day = await addDay(w.db, w.organiser, event, { date: '2026-03-28', start: '20:00', end: '04:00' });
    await setDayTimeSlots(w.db, w.organiser, event, day.id, parseSlotTemplate('01:30-03:30\n03:30 30'));
    expect((await listTimeSlots(w.db, w.organiser, event)).map((s) => [s.start, s.end, s.durationMinutes])).toEqual([
      ['01:30', '03:30', 60],
      ['03:30', '04:00', 30],
    ]);
  });

  it.each([
    ['09:00-10:00\n09:30 30', 'slots: 09:30–10:00 overlaps 09:00–10:00'],
    ['09:00-10:00\n09:30-10:00 Coffee', 'slots: 09:30–10:00 Coffee overlaps 09:00–10:00'],
    ['08:00-09:00', 'slots: 08:00–09:00 is outside the day Sat 31 Oct 2026 09:00–18:00'],
    ['17:30-18:30', 'slots: 17:30–18:30 is outside the day Sat 31 Oct 2026 09:00–18:00'],
  ])('refuses %j, changing nothing', async (text, message) => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('11:00-12:00'));
    const before = await tableRows(w);
    await expect(setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate(text))).rejects.toThrow(
      message,
    );
    expect(await tableRows(w)).toEqual(before);
  });

  it('refuses more than 288 time slots in a day, and a day of another event', async () => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    const many = Array.from({ length: 289 }, () => ({ start: '09:00', end: '09:05' }));
    await expect(setDayTimeSlots(w.db, w.organiser, w.event, saturday!, many)).rejects.toThrow(
      'slots: a day has at most 288 time slots (this has 289)',
    );
    await expect(setDayTimeSlots(w.db, w.organiser, w.event, 999_999, [])).rejects.toThrow(NotFoundError);
  });

  it('keeps the rooms’ closures of the time slots a new template keeps, and drops the others’', async () => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    const [first, second] = await setDayTimeSlots(
      w.db,
      w.organiser,
      w.event,
      saturday!,
      parseSlotTemplate('09:00-10:00\n10:00-11:00'),
    );
    await setRoomClosures(w.db, w.organiser, w.event, w.rooms.small, [first!.id, second!.id]);
    await setRoomClosures(w.db, w.organiser, w.event, w.rooms.hall, [second!.id]);
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('09:00-10:00\n10:00-10:45'));
    expect(await slotLines(w)).toEqual([
      `2026-10-31 0 09:00–10:00 60 closed=[${w.rooms.small}]`,
      '2026-10-31 1 10:00–10:45 45 closed=[]',
    ]);
    expect((await listTimeSlots(w.db, w.organiser, w.event))[0]!.id).toBe(first!.id);
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, []);
    expect(await tableRows(w)).toEqual([]);
  });
});

describe('named breaks', () => {
  it('makes a break across every room for a titled line, keeps it through a save of the same text, and replaces only the day’s breaks across every room', async () => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    await addBlock(w.db, w.organiser, w.event, {
      title: 'Setup',
      kind: 'break',
      room: 'room-2',
      start: '2026-10-31T15:00',
      end: '16:00',
    });
    await addBlock(w.db, w.organiser, w.event, {
      title: 'Party',
      kind: 'block',
      room: '',
      start: '2026-10-31T17:00',
      end: '18:00',
    });
    await addBlock(w.db, w.organiser, w.event, {
      title: 'Brunch',
      kind: 'break',
      room: '',
      start: '2026-11-01T11:00',
      end: '12:00',
    });
    await setDayTimeSlots(
      w.db,
      w.organiser,
      w.event,
      saturday!,
      parseSlotTemplate('09:00-10:00\n10:00-10:15 Coffee\n10:15 45\n12:00-13:00 Lunch'),
    );
    const [template] = await listSlotTemplates(w.db, w.organiser, w.event);
    expect(template!.text).toBe('09:00-10:00\n10:00-10:15 Coffee\n10:15-11:00\n12:00-13:00 Lunch');
    expect(template!.breaks.map((item) => [item.title, item.start, item.end])).toEqual([
      ['Coffee', '10:00', '10:15'],
      ['Lunch', '12:00', '13:00'],
    ]);
    const lunch = template!.breaks[1]!.id;
    const [lunchRow] = await w.db.select().from(scheduleSlots).where(eq(scheduleSlots.id, lunch));
    expect([lunchRow!.kind, lunchRow!.roomId, lunchRow!.startsAt.toISOString()]).toEqual([
      'break',
      null,
      '2026-10-31T19:00:00.000Z',
    ]);

    await setDayTimeSlots(
      w.db,
      w.organiser,
      w.event,
      saturday!,
      parseSlotTemplate('09:00-10:00\n12:00-13:00 Lunch\n13:00 60'),
    );
    const [after] = await listSlotTemplates(w.db, w.organiser, w.event);
    expect(after!.breaks.map((item) => [item.id, item.title])).toEqual([[lunch, 'Lunch']]);
    expect(await slotRows(w.db, w.event.id)).toEqual([
      'block Party room=null 2026-11-01T00:00:00.000Z–2026-11-01T01:00:00.000Z',
      'break Brunch room=null 2026-11-01T19:00:00.000Z–2026-11-01T20:00:00.000Z',
      'break Lunch room=null 2026-10-31T19:00:00.000Z–2026-10-31T20:00:00.000Z',
      `break Setup room=${w.rooms.small} 2026-10-31T22:00:00.000Z–2026-10-31T23:00:00.000Z`,
    ]);
  });

  it('refuses a named break where a talk is placed, changing nothing', async () => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'room-2', start: '2026-10-31T12:30' });
    const before = await tableRows(w);
    await expect(
      setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('09:00-10:00\n12:00-13:00 Lunch')),
    ).rejects.toThrow(
      'slots: the break Lunch 12:00–13:00 on Sat 31 Oct 2026: "Engines" is in Room 2 from 12:30 to 13:00 on Sat 31 Oct 2026: a room holds one thing at a time',
    );
    expect(await tableRows(w)).toEqual(before);
  });

  it('leaves the named breaks alone when asked to, keeping the time slots clear of them', async () => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('12:00-13:00 Lunch'));
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('09:00 60'), { keepBreaks: true });
    expect((await listSlotTemplates(w.db, w.organiser, w.event))[0]!.text).toBe('09:00-10:00\n12:00-13:00 Lunch');
    await expect(
      setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('12:30 60'), { keepBreaks: true }),
    ).rejects.toThrow('slots: 12:30–13:30 overlaps 12:00–13:00 Lunch');
    await expect(
      setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('14:00 60 Tea'), { keepBreaks: true }),
    ).rejects.toThrow('slots: time slots have no title (a line with a title is a named break)');
  });
});

describe('copying a day’s template', () => {
  it('copies time slots and named breaks to other days at the same local times, keeping what matches', async () => {
    const w = await scheduleWorld();
    const [saturday, sunday] = await dayIds(w);
    await setDayTimeSlots(
      w.db,
      w.organiser,
      w.event,
      saturday!,
      parseSlotTemplate('09:00-10:00\n12:00-13:00 Lunch\n13:00 30'),
    );
    await setDayTimeSlots(w.db, w.organiser, w.event, sunday!, parseSlotTemplate('09:00-10:00\n10:00-11:00'));
    const [kept] = (await listTimeSlots(w.db, w.organiser, w.event)).filter((slot) => slot.dayId === sunday);
    await setRoomClosures(w.db, w.organiser, w.event, w.rooms.hall, [kept!.id]);
    await copyDayTimeSlots(w.db, w.organiser, w.event, saturday!, [sunday!, saturday!]);
    expect(await slotLines(w)).toEqual([
      '2026-10-31 0 09:00–10:00 60 closed=[]',
      '2026-10-31 1 13:00–13:30 30 closed=[]',
      `2026-11-01 0 09:00–10:00 60 closed=[${w.rooms.hall}]`,
      '2026-11-01 1 13:00–13:30 30 closed=[]',
    ]);
    expect((await listSlotTemplates(w.db, w.organiser, w.event)).map((item) => item.text)).toEqual([
      '09:00-10:00\n12:00-13:00 Lunch\n13:00-13:30',
      '09:00-10:00\n12:00-13:00 Lunch\n13:00-13:30',
    ]);
    expect(await slotRows(w.db, w.event.id)).toEqual([
      'break Lunch room=null 2026-10-31T19:00:00.000Z–2026-10-31T20:00:00.000Z',
      'break Lunch room=null 2026-11-01T20:00:00.000Z–2026-11-01T21:00:00.000Z',
    ]);
  });

  it('copies to no day when one of them cannot hold the template', async () => {
    const w = await scheduleWorld();
    const [saturday, sunday] = await dayIds(w);
    const monday = await addDay(w.db, w.organiser, w.event, { date: '2026-11-02', start: '10:00', end: '12:00' });
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('09:00-10:00\n10:00 30'));
    const before = await tableRows(w);
    await expect(copyDayTimeSlots(w.db, w.organiser, w.event, saturday!, [sunday!, monday.id])).rejects.toThrow(
      'to: 09:00–10:00 is outside the day Mon 2 Nov 2026 10:00–12:00',
    );
    expect(await tableRows(w)).toEqual(before);
  });

  it('copies to no day when a talk is in the way of a named break on one of them', async () => {
    const w = await scheduleWorld();
    const [saturday, sunday] = await dayIds(w);
    const monday = await addDay(w.db, w.organiser, w.event, { date: '2026-11-02', start: '09:00', end: '18:00' });
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('09:00-10:00\n12:00-13:00 Lunch'));
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-11-02T12:00',
    });
    const before = await tableRows(w);
    await expect(copyDayTimeSlots(w.db, w.organiser, w.event, saturday!, [sunday!, monday.id])).rejects.toThrow(
      'to: the break Lunch 12:00–13:00 on Mon 2 Nov 2026: "Engines" is in Main Hall from 12:00 to 12:30 on Mon 2 Nov 2026: a room holds one thing at a time',
    );
    expect(await tableRows(w)).toEqual(before);
  });

  it('refuses a copy with no other day, from a day without time slots, or to a day of another event', async () => {
    const w = await scheduleWorld();
    const [saturday, sunday] = await dayIds(w);
    await expect(copyDayTimeSlots(w.db, w.organiser, w.event, saturday!, [saturday!])).rejects.toThrow(
      'to: choose at least one other day to copy to',
    );
    await expect(copyDayTimeSlots(w.db, w.organiser, w.event, saturday!, [sunday!])).rejects.toThrow(
      'from: Sat 31 Oct 2026 has no time slots to copy',
    );
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('09:00 30'));
    await expect(copyDayTimeSlots(w.db, w.organiser, w.event, saturday!, [999_999])).rejects.toThrow(
      'to: names no day of this event (999999)',
    );
  });
});

describe('room closures', () => {
  it('replaces the time slots a room is closed in', async () => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    const [a, b] = await setDayTimeSlots(
      w.db,
      w.organiser,
      w.event,
      saturday!,
      parseSlotTemplate('09:00 30\n09:30 30'),
    );
    await setRoomClosures(w.db, w.organiser, w.event, w.rooms.hall, [a!.id, a!.id, b!.id]);
    await setRoomClosures(w.db, w.organiser, w.event, w.rooms.small, [b!.id]);
    expect(await slotLines(w)).toEqual([
      `2026-10-31 0 09:00–09:30 30 closed=[${w.rooms.hall}]`,
      `2026-10-31 1 09:30–10:00 30 closed=[${w.rooms.hall},${w.rooms.small}]`,
    ]);
    await setRoomClosures(w.db, w.organiser, w.event, w.rooms.hall, []);
    expect(await slotLines(w)).toEqual([
      '2026-10-31 0 09:00–09:30 30 closed=[]',
      `2026-10-31 1 09:30–10:00 30 closed=[${w.rooms.small}]`,
    ]);
  });

  it('refuses a time slot it does not know (400) and a room of another event (404), changing nothing', async () => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    const [a] = await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('09:00 30'));
    await setRoomClosures(w.db, w.organiser, w.event, w.rooms.hall, [a!.id]);
    const before = await tableRows(w);
    const unknown = setRoomClosures(w.db, w.organiser, w.event, w.rooms.hall, [999_999]);
    await expect(unknown).rejects.toThrow(InvalidInputError);
    await expect(unknown).rejects.toThrow('closed: names no time slot of this event (999999)');
    const other = { ...w.event, id: w.event.id + 1, slug: 'other', name: 'Other 2026' };
    await expect(setRoomClosures(w.db, w.stranger, other, w.rooms.hall, [])).rejects.toThrow(
      'Other 2026 has no such room.',
    );
    await expect(setRoomClosures(w.db, w.stranger, other, w.rooms.hall, [])).rejects.toThrow(NotFoundError);
    expect(await tableRows(w)).toEqual(before);
  });
});

describe('who may', () => {
  it('keeps slot templates and closures to the event’s organisers', async () => {
    const w = await scheduleWorld();
    const [saturday, sunday] = await dayIds(w);
    const [a] = await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('09:00 30'));
    const speaker = (await loadActor(w.db, (await createUser(w.db, { email: 'sam@example.com' })).id))!;
    const before = await tableRows(w);
    for (const actor of [w.reviewer, w.stranger, speaker]) {
      await expect(listTimeSlots(w.db, actor, w.event)).rejects.toThrow(ForbiddenError);
      await expect(listSlotTemplates(w.db, actor, w.event)).rejects.toThrow(ForbiddenError);
      await expect(setDayTimeSlots(w.db, actor, w.event, saturday!, [])).rejects.toThrow(ForbiddenError);
      await expect(copyDayTimeSlots(w.db, actor, w.event, saturday!, [sunday!])).rejects.toThrow(ForbiddenError);
      await expect(setRoomClosures(w.db, actor, w.event, w.rooms.hall, [a!.id])).rejects.toThrow(ForbiddenError);
    }
    await expect(listTimeSlots(w.db, undefined, w.event)).rejects.toThrow(UnauthenticatedError);
    await expect(setDayTimeSlots(w.db, undefined, w.event, saturday!, [])).rejects.toThrow(UnauthenticatedError);
    expect(await tableRows(w)).toEqual(before);
  });
});

describe('a day’s window and its time slots', () => {
  it('refuses to move a day or shorten its window away from its time slots, and removing a day takes them along', async () => {
    const w = await scheduleWorld();
    const [saturday] = await dayIds(w);
    await setDayTimeSlots(w.db, w.organiser, w.event, saturday!, parseSlotTemplate('09:00 30\n16:00 60'));
    const before = await tableRows(w);
    await expect(
      updateDay(w.db, w.organiser, w.event, saturday!, { date: '2026-10-31', start: '09:00', end: '16:30' }),
    ).rejects.toThrow(
      "This change would leave the time slot Sat 31 Oct 2026 16:00–17:00 outside the day: change the day's time slots first",
    );
    await expect(
      updateDay(w.db, w.organiser, w.event, saturday!, { date: '2026-10-30', start: '09:00', end: '18:00' }),
    ).rejects.toThrow(
      "This change would leave the time slot Sat 31 Oct 2026 09:00–09:30 and 1 more outside the day: change the day's time slots first",
    );
    expect(await tableRows(w)).toEqual(before);
    await updateDay(w.db, w.organiser, w.event, saturday!, { date: '2026-10-31', start: '08:00', end: '17:00' });
    await removeDay(w.db, w.organiser, w.event, saturday!);
    expect(await tableRows(w)).toEqual([]);
  });
});
