import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventDays, scheduleSlots, talks } from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { addDay } from './days.js';
import { addBlock, listBlocks, placeTalk, removeBlock, swapTalks, unscheduleTalk, updateBlock } from './placements.js';
import { at, scheduleWorld, slotRows, stateAvailability } from '../../../test/helpers/schedule-world.js';

describe('placing talks', () => {
  it('places a talk for the event’s default length, and moves it keeping that length', async () => {
    const w = await scheduleWorld();
    const placed = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines.toLowerCase(),
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    expect(placed).toEqual({
      talk: { id: expect.any(Number), code: w.talks.engines, title: 'Engines' },
      room: { id: w.rooms.hall, slug: 'main-hall', name: 'Main Hall' },
      start: new Date('2026-10-31T17:00:00.000Z'),
      end: new Date('2026-10-31T17:30:00.000Z'),
      moved: false,
      day: '2026-10-31',
      warnings: [],
    });
    const moved = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: String(w.rooms.small),
      start: '2026-11-01T16:15',
    });
    expect([moved.moved, moved.room.name, moved.start.toISOString(), moved.end.toISOString()]).toEqual([
      true,
      'Room 2',
      '2026-11-02T00:15:00.000Z',
      '2026-11-02T00:45:00.000Z',
    ]);
    expect(await slotRows(w.db, w.event.id)).toEqual([
      `talk ${placed.talk.id} room=${w.rooms.small} 2026-11-02T00:15:00.000Z–2026-11-02T00:45:00.000Z`,
    ]);
  });

  it('takes the talk’s own length, or the length asked for', async () => {
    const w = await scheduleWorld();
    await w.db.update(talks).set({ durationMinutes: 45 }).where(eq(talks.code, w.talks.engines));
    const own = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    expect(+own.end - +own.start).toBe(45 * 60_000);
    const asked = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
      durationMinutes: 90,
    });
    expect(+asked.end - +asked.start).toBe(90 * 60_000);
  });

  it.each([
    [{ talk: 'NOPE1234' }, 'talk: Conf 2026 has no talk NOPE1234'],
    [{ room: 'attic' }, 'room: Conf 2026 has no room "attic"'],
    [{ room: '' }, 'room: choose a room'],
    [{ start: '31/10/2026 10:00' }, 'start: "31/10/2026 10:00" is not a date and time (expected YYYY-MM-DDTHH:MM)'],
    [{ start: '2026-10-31T25:00' }, 'start: "2026-10-31T25:00" is not a date and time (expected YYYY-MM-DDTHH:MM)'],
    [{ durationMinutes: 2 }, 'durationMinutes: must be a whole number of minutes from 5 to 1440'],
  ])('refuses %j with a message naming the field, writing nothing', async (change, message) => {
    const w = await scheduleWorld();
    await expect(
      placeTalk(w.db, w.organiser, w.event, {
        talk: w.talks.engines,
        room: 'main-hall',
        start: '2026-10-31T10:00',
        ...change,
      }),
    ).rejects.toThrow(new InvalidInputError(message.slice(message.indexOf(': ') + 2), message.split(':')[0]));
    expect(await slotRows(w.db, w.event.id)).toEqual([]);
  });

  it('places only talks on the program', async () => {
    const w = await scheduleWorld();
    await expect(
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.drafts, room: 'main-hall', start: '2026-10-31T10:00' }),
    ).rejects.toThrow('talk: "Drafts" is submitted, not confirmed: only talks on the program can be placed');
    expect(await slotRows(w.db, w.event.id)).toEqual([]);
  });

  it('refuses a second talk in a room at once, naming the talk, the room and the time', async () => {
    const w = await scheduleWorld();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const before = await slotRows(w.db, w.event.id);
    await expect(
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.compilers, room: 'main-hall', start: '2026-10-31T10:15' }),
    ).rejects.toThrow(
      'start: "Engines" is in Main Hall from 10:00 to 10:30 on Sat 31 Oct 2026: a room holds one thing at a time',
    );
    expect(await slotRows(w.db, w.event.id)).toEqual(before);
    // Back to back is fine, and so is the same time in another room.
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'main-hall',
      start: '2026-10-31T10:30',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'room-2', start: '2026-10-31T10:00' });
    expect(await slotRows(w.db, w.event.id)).toHaveLength(3);
  });

  it('refuses a talk during a break across every room, and a block across every room over a talk', async () => {
    const w = await scheduleWorld();
    await addBlock(w.db, w.organiser, w.event, {
      title: 'Lunch',
      kind: 'break',
      room: '',
      start: '2026-10-31T12:00',
      end: '13:00',
    });
    await expect(
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'room-2', start: '2026-10-31T12:45' }),
    ).rejects.toThrow(
      'start: the break "Lunch" takes every room from 12:00 to 13:00 on Sat 31 Oct 2026: a room holds one thing at a time',
    );
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'room-2', start: '2026-10-31T14:00' });
    await expect(
      addBlock(w.db, w.organiser, w.event, {
        title: 'Group photo',
        kind: 'block',
        room: '',
        start: '2026-10-31T14:15',
        end: '2026-10-31T14:30',
      }),
    ).rejects.toThrow(
      'start: "Engines" is in Room 2 from 14:00 to 14:30 on Sat 31 Oct 2026: a room holds one thing at a time',
    );
    expect((await slotRows(w.db, w.event.id)).map((row) => row.split(' ')[0])).toEqual(['break', 'talk']);
  });

  it('refuses a talk outside the event’s days, or running past the end of one', async () => {
    const w = await scheduleWorld();
    await expect(
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'main-hall', start: '2026-11-02T10:00' }),
    ).rejects.toThrow(
      "start: Mon 2 Nov 2026 10:00–10:30 is outside the event's days (Sat 31 Oct 2026 09:00–18:00, Sun 1 Nov 2026 09:00–18:00)",
    );
    await expect(
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'main-hall', start: '2026-10-31T08:45' }),
    ).rejects.toThrow("start: Sat 31 Oct 2026 08:45–09:15 is outside the event's days");
    await expect(
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'main-hall', start: '2026-10-31T17:45' }),
    ).rejects.toThrow('start: Sat 31 Oct 2026 17:45–18:15 runs past the end of the day: Sat 31 Oct 2026 ends at 18:00');
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T17:30',
    });
    expect(await slotRows(w.db, w.event.id)).toHaveLength(1);
  });

  it('says to add days first when the event has none', async () => {
    const w = await scheduleWorld({ days: [] });
    await expect(
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'main-hall', start: '2026-10-31T10:00' }),
    ).rejects.toThrow("start: Conf 2026 has no days yet: add the event's days first, then place talks");
  });

  it('reads 01:30 on the night clocks go back as its first occurrence, unless an offset says otherwise', async () => {
    const w = await scheduleWorld({ days: [] });
    await addDay(w.db, w.organiser, w.event, { date: '2026-11-01', start: '00:00', end: '04:00' });
    const [day] = await w.db.select().from(eventDays).where(eq(eventDays.eventId, w.event.id));
    // Five hours: 01:00–02:00 happens twice.
    expect([day!.startsAt.toISOString(), day!.endsAt.toISOString()]).toEqual([
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T12:00:00.000Z',
    ]);
    const first = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-11-01T01:30',
    });
    expect(first.start.toISOString()).toBe('2026-11-01T08:30:00.000Z');
    // The same wall time an hour later, in the same room, is another instant: no clash.
    const second = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'main-hall',
      start: '2026-11-01T01:30-08:00',
    });
    expect(second.start.toISOString()).toBe('2026-11-01T09:30:00.000Z');
    await expect(
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'main-hall', start: '2026-11-01T01:45' }),
    ).rejects.toThrow(
      'start: "Engines" is in Main Hall from 01:30 PDT to 01:00 PST on Sun 1 Nov 2026: a room holds one thing at a time',
    );
  });

  it('serves two organisers placing at once one after the other: only one gets the room', async () => {
    const w = await scheduleWorld();
    const results = await Promise.allSettled([
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'main-hall', start: '2026-10-31T10:00' }),
      placeTalk(w.db, w.organiser, w.event, { talk: w.talks.compilers, room: 'main-hall', start: '2026-10-31T10:00' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(
      /start: "(Engines|Compilers)" is in Main Hall from 10:00 to 10:30 on Sat 31 Oct 2026: a room holds one thing at a time/,
    );
    const rows = await w.db.select().from(scheduleSlots).where(eq(scheduleSlots.roomId, w.rooms.hall));
    expect(rows).toHaveLength(1);
  });

  it('lets only the event’s organisers place, writing nothing for anyone else', async () => {
    const w = await scheduleWorld();
    for (const actor of [undefined, w.reviewer, w.stranger]) {
      await expect(
        placeTalk(w.db, actor, w.event, { talk: w.talks.engines, room: 'main-hall', start: '2026-10-31T10:00' }),
      ).rejects.toThrow(actor ? ForbiddenError : 'Please log in first.');
    }
    expect(await slotRows(w.db, w.event.id)).toEqual([]);
  });

  it('unschedules a placed talk, and says so when it was not placed', async () => {
    const w = await scheduleWorld();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    expect((await unscheduleTalk(w.db, w.organiser, w.event, w.talks.engines)).title).toBe('Engines');
    expect(await slotRows(w.db, w.event.id)).toEqual([]);
    await expect(unscheduleTalk(w.db, w.organiser, w.event, w.talks.engines)).rejects.toThrow(
      'talk: "Engines" is not placed',
    );
  });
});

describe('swapping two talks', () => {
  it('gives each talk the other’s room and start, each keeping its own length', async () => {
    const w = await scheduleWorld();
    await w.db.update(talks).set({ durationMinutes: 60 }).where(eq(talks.code, w.talks.compilers));
    const engines = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const compilers = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'room-2',
      start: '2026-11-01T14:00',
    });
    const swap = await swapTalks(w.db, w.organiser, w.event, {
      first: w.talks.engines.toLowerCase(),
      second: w.talks.compilers,
    });
    expect(swap).toEqual({
      placements: [
        {
          talk: { id: engines.talk.id, code: w.talks.engines, title: 'Engines' },
          room: { id: w.rooms.small, slug: 'room-2', name: 'Room 2' },
          start: at('2026-11-01', '14:00'),
          end: at('2026-11-01', '14:30'),
          moved: true,
          day: '2026-11-01',
          warnings: [],
        },
        {
          talk: { id: compilers.talk.id, code: w.talks.compilers, title: 'Compilers' },
          room: { id: w.rooms.hall, slug: 'main-hall', name: 'Main Hall' },
          start: at('2026-10-31', '10:00'),
          end: at('2026-10-31', '11:00'),
          moved: true,
          day: '2026-10-31',
          warnings: [],
        },
      ],
      day: '2026-11-01',
      warnings: [],
    });
    expect(await slotRows(w.db, w.event.id)).toEqual([
      `talk ${engines.talk.id} room=${w.rooms.small} 2026-11-01T22:00:00.000Z–2026-11-01T22:30:00.000Z`,
      `talk ${compilers.talk.id} room=${w.rooms.hall} 2026-10-31T17:00:00.000Z–2026-10-31T18:00:00.000Z`,
    ]);
  });

  it('refuses, as a conflict naming it, a swap that puts a longer talk over the next one; neither moves', async () => {
    const w = await scheduleWorld();
    await w.db.update(talks).set({ durationMinutes: 60 }).where(eq(talks.code, w.talks.compilers));
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'main-hall', start: '2026-10-31T10:30' });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.compilers, room: 'room-2', start: '2026-10-31T14:00' });
    const before = await slotRows(w.db, w.event.id);
    await expect(
      swapTalks(w.db, w.organiser, w.event, { first: w.talks.compilers, second: w.talks.engines }),
    ).rejects.toThrow(
      new ConflictError(
        'Swapping would put "Compilers" in Main Hall, Sat 31 Oct 2026 10:00–11:00, but "Looms" is in Main Hall from 10:30 to 11:00 on Sat 31 Oct 2026: a room holds one thing at a time.',
      ),
    );
    expect(await slotRows(w.db, w.event.id)).toEqual(before);
  });

  it('refuses a swap that runs a talk past the end of its new day', async () => {
    const w = await scheduleWorld();
    await w.db.update(talks).set({ durationMinutes: 60 }).where(eq(talks.code, w.talks.compilers));
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T17:30',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.compilers, room: 'room-2', start: '2026-10-31T10:00' });
    const before = await slotRows(w.db, w.event.id);
    await expect(
      swapTalks(w.db, w.organiser, w.event, { first: w.talks.engines, second: w.talks.compilers }),
    ).rejects.toThrow(
      'Swapping would put "Compilers" in Main Hall, Sat 31 Oct 2026 17:30–18:30, but Sat 31 Oct 2026 17:30–18:30 runs past the end of the day: Sat 31 Oct 2026 ends at 18:00.',
    );
    expect(await slotRows(w.db, w.event.id)).toEqual(before);
  });

  it('swaps in spite of warnings, and returns them', async () => {
    const w = await scheduleWorld();
    await w.db.update(talks).set({ expectedAudience: 120 }).where(eq(talks.code, w.talks.engines));
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.compilers, room: 'room-2', start: '2026-10-31T10:00' });
    const swap = await swapTalks(w.db, w.organiser, w.event, { first: w.talks.engines, second: w.talks.compilers });
    expect(swap.warnings.map((warning) => warning.message)).toEqual([
      '"Engines" expects 120 people, but Room 2 seats 80',
    ]);
    expect(swap.placements[0].warnings.map((warning) => warning.kind)).toEqual(['room-too-small']);
    expect(swap.placements[1].warnings).toEqual([]);
  });

  it('refuses the same talk twice, a talk not placed, and a talk not on the program', async () => {
    const w = await scheduleWorld();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const before = await slotRows(w.db, w.event.id);
    await expect(
      swapTalks(w.db, w.organiser, w.event, { first: w.talks.engines, second: w.talks.engines.toLowerCase() }),
    ).rejects.toThrow(new InvalidInputError('choose another talk: a talk cannot swap with itself', 'second'));
    await expect(
      swapTalks(w.db, w.organiser, w.event, { first: w.talks.engines, second: w.talks.compilers }),
    ).rejects.toThrow(new InvalidInputError('"Compilers" is not placed: only placed talks swap', 'second'));
    await expect(
      swapTalks(w.db, w.organiser, w.event, { first: w.talks.drafts, second: w.talks.engines }),
    ).rejects.toThrow(new NotFoundError(`Conf 2026's program has no talk ${w.talks.drafts}.`));
    await expect(swapTalks(w.db, w.organiser, w.event, { first: 'NOPE1234', second: w.talks.engines })).rejects.toThrow(
      new NotFoundError("Conf 2026's program has no talk NOPE1234."),
    );
    await expect(
      swapTalks(w.db, w.reviewer, w.event, { first: w.talks.engines, second: w.talks.compilers }),
    ).rejects.toThrow(ForbiddenError);
    expect(await slotRows(w.db, w.event.id)).toEqual(before);
  });
});

describe('warnings', () => {
  it('warns of a speaker in two places at once, and places the talk all the same', async () => {
    const w = await scheduleWorld();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const placed = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.looms,
      room: 'room-2',
      start: '2026-10-31T10:15',
    });
    expect(placed.warnings.map((warning) => [warning.kind, warning.message])).toEqual([
      [
        'speaker-double-booked',
        'Ada Lovelace is in two places at once: "Engines" (Main Hall, Sat 31 Oct 2026 10:00–10:30) and "Looms" (Room 2, Sat 31 Oct 2026 10:15–10:45)',
      ],
    ]);
    expect(await slotRows(w.db, w.event.id)).toHaveLength(2);
    const compilers = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'main-hall',
      start: '2026-10-31T10:30',
    });
    expect(compilers.warnings.map((warning) => warning.message)).toEqual([
      'Grace Hopper is in two places at once: "Looms" (Room 2, Sat 31 Oct 2026 10:15–10:45) and "Compilers" (Main Hall, Sat 31 Oct 2026 10:30–11:00)',
    ]);
  });

  it('warns of a speaker outside their stated availability, and never of one who stated none', async () => {
    const w = await scheduleWorld();
    await stateAvailability(w.db, w.speakers.ada, [
      [at('2026-10-31', '13:00'), at('2026-10-31', '18:00')],
      [at('2026-11-01', '09:00'), at('2026-11-01', '12:00')],
    ]);
    const outside = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T12:45',
    });
    expect(outside.warnings.map((warning) => [warning.kind, warning.message])).toEqual([
      [
        'speaker-unavailable',
        'Ada Lovelace is not available for "Engines" (Main Hall, Sat 31 Oct 2026 12:45–13:15): they are available Sat 31 Oct 2026 13:00–18:00, Sun 1 Nov 2026 09:00–12:00',
      ],
    ]);
    const inside = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T13:00',
    });
    expect(inside.warnings).toEqual([]);
    const grace = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'main-hall',
      start: '2026-11-01T17:00',
    });
    expect(grace.warnings).toEqual([]);
  });

  it('warns of a room smaller than the audience a talk expects, not when either is unknown', async () => {
    const w = await scheduleWorld();
    await w.db.update(talks).set({ expectedAudience: 120 }).where(eq(talks.code, w.talks.engines));
    const small = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'room-2',
      start: '2026-10-31T10:00',
    });
    expect(small.warnings.map((warning) => [warning.kind, warning.message])).toEqual([
      ['room-too-small', '"Engines" expects 120 people, but Room 2 seats 80'],
    ]);
    const big = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    expect(big.warnings).toEqual([]);
    const unknown = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'room-2',
      start: '2026-10-31T10:00',
    });
    expect(unknown.warnings).toEqual([]);
  });
});

describe('breaks and blocks', () => {
  it('adds a break across every room and a block in one room, edits and removes them', async () => {
    const w = await scheduleWorld();
    const lunch = await addBlock(w.db, w.organiser, w.event, {
      title: '  Lunch ',
      kind: 'break',
      room: '',
      start: '2026-10-31T12:00',
      end: '13:00',
    });
    const keynote = await addBlock(w.db, w.organiser, w.event, {
      title: 'Keynote',
      kind: 'block',
      room: 'main-hall',
      start: '2026-10-31T09:00',
      end: '2026-10-31T10:00',
    });
    expect(
      (await listBlocks(w.db, w.organiser, w.event)).map((b) => [
        b.kind,
        b.title,
        b.room?.name ?? 'all rooms',
        b.startsAt.toISOString(),
      ]),
    ).toEqual([
      ['block', 'Keynote', 'Main Hall', '2026-10-31T16:00:00.000Z'],
      ['break', 'Lunch', 'all rooms', '2026-10-31T19:00:00.000Z'],
    ]);
    // A talk in the other room beside the keynote is fine.
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'room-2', start: '2026-10-31T09:00' });
    const moved = await updateBlock(w.db, w.organiser, w.event, keynote.id, {
      title: 'Opening keynote',
      kind: 'block',
      room: 'main-hall',
      start: '2026-10-31T09:00',
      end: '09:45',
    });
    expect([moved.title, moved.endsAt.toISOString()]).toEqual(['Opening keynote', '2026-10-31T16:45:00.000Z']);
    await expect(
      updateBlock(w.db, w.organiser, w.event, lunch.id, {
        title: 'Lunch',
        kind: 'break',
        room: '',
        start: '2026-10-31T09:15',
        end: '10:00',
      }),
    ).rejects.toThrow('start: the block "Opening keynote" is in Main Hall from 09:00 to 09:45 on Sat 31 Oct 2026');
    expect(await removeBlock(w.db, w.organiser, w.event, lunch.id)).toEqual({ title: 'Lunch', kind: 'break' });
    expect((await listBlocks(w.db, w.organiser, w.event)).map((b) => b.title)).toEqual(['Opening keynote']);
  });

  it.each([
    [{ title: ' ' }, 'title: give the break or block a title, such as "Lunch"'],
    [{ kind: 'party' }, 'kind: choose break (no talks then) or block (a keynote, an opening, a party)'],
    [{ end: '2026-10-31T11:00' }, 'end: must be after the start'],
    [{ room: 'attic' }, 'room: Conf 2026 has no room "attic"'],
    [{ start: '2026-11-03T12:00', end: '13:00' }, "start: Tue 3 Nov 2026 12:00–13:00 is outside the event's days"],
  ])('refuses the block %j, writing nothing', async (change, message) => {
    const w = await scheduleWorld();
    await expect(
      addBlock(w.db, w.organiser, w.event, {
        title: 'Party',
        kind: 'block',
        room: '',
        start: '2026-10-31T12:00',
        end: '2026-10-31T12:30',
        ...change,
      }),
    ).rejects.toThrow(message);
    expect(await slotRows(w.db, w.event.id)).toEqual([]);
  });
});
