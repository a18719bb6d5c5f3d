import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { talks, tracks } from '../../db/schema.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { countingDatabase } from '../../../test/routes/count-queries.js';
import { ForbiddenError } from '../../shared/errors.js';
import { addDay, dayWindow, toDayItem } from './days.js';
import {
  chooseStep,
  layoutGrid,
  loadReleasePreview,
  loadScheduleEditor,
  loadTalkPlacement,
  type EditorSlot,
} from './editor.js';
import { addBlock, placeTalk } from './placements.js';
import { releaseSchedule } from './releases.js';
import { createRoom } from './rooms.js';
import { at, scheduleWorld, ZONE } from '../../../test/helpers/schedule-world.js';

function slot(id: number, roomId: number | null, start: string, end: string): EditorSlot {
  return {
    id,
    kind: roomId === null ? 'break' : 'talk',
    talk: undefined,
    title: `slot ${id}`,
    roomId,
    startsAt: at('2026-10-31', start),
    endsAt: at('2026-10-31', end),
    time: `${start}–${end}`,
    warnings: [],
  };
}

/** The grid as text: a row per line, "." an empty cell, "#id×rows×cols" where a slot starts. */
function draw(rows: ReturnType<typeof layoutGrid>['rows']): string[] {
  return rows.map(
    (row) =>
      `${row.label} ` +
      row.cells
        .map((cell) => (cell.kind === 'empty' ? '.' : `#${cell.slot.id}x${cell.rowspan}x${cell.colspan}`))
        .join(' '),
  );
}

describe('the editor’s grid', () => {
  const day = toDayItem({ id: 1, ...dayWindow({ date: '2026-10-31', start: '09:00', end: '10:30' }, ZONE) }, ZONE);

  it('spans a talk over its rows in its room, and a break without a room over every column', () => {
    const slots = [slot(1, 10, '09:00', '09:30'), slot(2, null, '09:30', '10:00'), slot(3, 20, '10:00', '10:30')];
    expect(chooseStep(day, slots)).toBe(15);
    const { rows, offGrid } = layoutGrid(day, [{ id: 10 }, { id: 20 }], slots, 15, ZONE);
    expect(draw(rows)).toEqual(['09:00 #1x2x1 .', '09:15 .', '09:30 #2x2x2', '09:45 ', '10:00 . #3x2x1', '10:15 .']);
    expect(rows.map((row) => row.value)).toEqual([
      '2026-10-31T09:00',
      '2026-10-31T09:15',
      '2026-10-31T09:30',
      '2026-10-31T09:45',
      '2026-10-31T10:00',
      '2026-10-31T10:15',
    ]);
    expect(offGrid).toEqual([]);
  });

  it('chooses five-minute rows for slots off the quarter hours, and lists overlapping slots beside the grid', () => {
    const slots = [slot(1, 10, '09:00', '09:25'), slot(2, 10, '09:20', '09:40')];
    expect(chooseStep(day, slots)).toBe(5);
    const { rows, offGrid } = layoutGrid(day, [{ id: 10 }], slots, 5, ZONE);
    expect(draw(rows).slice(0, 6)).toEqual(['09:00 #1x5x1', '09:05 ', '09:10 ', '09:15 ', '09:20 ', '09:25 .']);
    expect(offGrid.map((s) => s.id)).toEqual([2]);
  });

  it('takes the step asked for when every slot fits it, and the largest smaller one that fits when not', () => {
    const quarter = [slot(1, 10, '09:00', '09:30'), slot(2, 10, '09:45', '10:15')];
    expect([30, 15, 10, 5].map((step) => chooseStep(day, quarter, step as 30 | 15 | 10 | 5))).toEqual([15, 15, 5, 5]);
    const halves = [slot(1, 10, '09:00', '09:30')];
    expect([30, 15, 10, 5].map((step) => chooseStep(day, halves, step as 30 | 15 | 10 | 5))).toEqual([30, 15, 10, 5]);
    const tens = [slot(1, 10, '09:10', '09:40')];
    expect(chooseStep(day, tens, 30)).toBe(10);
  });

  it('names both occurrences of the hour clocks go back, and drops there at the right one', () => {
    const night = toDayItem({ id: 2, ...dayWindow({ date: '2026-11-01', start: '00:30', end: '02:30' }, ZONE) }, ZONE);
    const { rows } = layoutGrid(night, [{ id: 10 }], [], 30, ZONE);
    expect(rows.map((row) => [row.label, row.value])).toEqual([
      ['00:30', '2026-11-01T00:30'],
      ['01:00 PDT', '2026-11-01T01:00-07:00'],
      ['01:30 PDT', '2026-11-01T01:30-07:00'],
      ['01:00 PST', '2026-11-01T01:00-08:00'],
      ['01:30 PST', '2026-11-01T01:30-08:00'],
      ['02:00', '2026-11-01T02:00'],
    ]);
  });
});

describe('the editor’s read model', () => {
  it('shows every day side by side, sharing one page’s columns among them, with their warnings', async () => {
    const w = await scheduleWorld();
    for (let i = 1; i <= 12; i++)
      await createRoom(w.db, w.organiser, w.event, { name: `Extra ${i}`, capacity: '', description: '' });
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'room-2', start: '2026-10-31T10:00' });
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'main-hall',
      start: '2026-11-01T10:10',
    });
    const editor = await loadScheduleEditor(w.db, w.organiser, w.event, { allDays: true, step: 30 });
    expect(editor.allDays).toBe(true);
    expect(editor.grids.map((grid) => [grid.day.date, grid.step, grid.rows.length])).toEqual([
      ['2026-10-31', 30, 18],
      ['2026-11-01', 10, 54],
    ]);
    expect(editor.roomPage).toMatchObject({ number: 1, count: 3, first: 1, last: 6, size: 6 });
    expect(editor.dayWarnings.map((x) => x.kind)).toEqual(['speaker-double-booked']);
    const placed = editor.grids.flatMap((grid) =>
      grid.rows.flatMap((row) => row.cells.flatMap((cell) => (cell.kind === 'slot' ? [cell.slot.title] : []))),
    );
    expect(placed).toEqual(['Engines', 'Looms', 'Compilers']);
    const one = await loadScheduleEditor(w.db, w.organiser, w.event, { day: '2026-11-01', allDays: false });
    expect([one.allDays, one.grids.length, one.roomPage.size, one.step]).toEqual([false, 1, 12, 10]);
  });

  it('colours talks by track: an imported colour’s nearest, else the next of the palette', async () => {
    const w = await scheduleWorld();
    const [web, data] = await w.db
      .insert(tracks)
      .values([
        { eventId: w.event.id, slug: 'web', name: 'Web', position: 1 },
        { eventId: w.event.id, slug: 'data', name: 'Data', position: 2, color: '#b91c1c' },
      ])
      .returning();
    await w.db.update(talks).set({ trackId: web!.id }).where(eq(talks.code, w.talks.engines));
    await w.db.update(talks).set({ trackId: data!.id }).where(eq(talks.code, w.talks.compilers));
    const editor = await loadScheduleEditor(w.db, w.organiser, w.event, {});
    expect(editor.tracks).toEqual([
      { slug: 'web', name: 'Web', colour: 0 },
      { slug: 'data', name: 'Data', colour: 6 },
    ]);
    expect(editor.unplaced.talks.map((talk) => [talk.title, talk.track?.colour])).toEqual([
      ['Engines', 0],
      ['Compilers', 6],
      ['Looms', undefined],
    ]);
  });

  it('shows a day, a page of rooms and of unplaced talks, and the warnings', async () => {
    const w = await scheduleWorld();
    for (let i = 1; i <= 12; i++)
      await createRoom(w.db, w.organiser, w.event, { name: `Extra ${i}`, capacity: '', description: '' });
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'room-2', start: '2026-10-31T10:00' });
    await addBlock(w.db, w.organiser, w.event, {
      title: 'Lunch',
      kind: 'break',
      room: '',
      start: '2026-10-31T12:00',
      end: '13:00',
    });
    const editor = await loadScheduleEditor(w.db, w.organiser, w.event, { day: '2026-10-31' });
    expect(editor.day?.date).toBe('2026-10-31');
    expect(editor.roomPage).toMatchObject({ number: 1, count: 2, first: 1, last: 12 });
    expect(editor.roomPage.rooms.map((r) => r.name).slice(0, 3)).toEqual(['Main Hall', 'Room 2', 'Extra 1']);
    expect([editor.step, editor.rows.length, editor.placedCount, editor.unplacedCount]).toEqual([15, 36, 2, 1]);
    const tenOClock = editor.rows.find((row) => row.label === '10:00')!;
    expect(
      tenOClock.cells
        .slice(0, 3)
        .map((cell) =>
          cell.kind === 'slot' ? [cell.slot.title, cell.slot.talk?.speakers, cell.slot.warnings.length] : cell.kind,
        ),
    ).toEqual([['Engines', ['Ada Lovelace'], 1], ['Looms', ['Ada Lovelace', 'Grace Hopper'], 1], 'empty']);
    const noon = editor.rows.find((row) => row.label === '12:00')!;
    expect(noon.cells).toMatchObject([{ kind: 'slot', rowspan: 4, colspan: 12, slot: { title: 'Lunch' } }]);
    expect(editor.unplaced.talks.map((t) => [t.title, t.durationMinutes])).toEqual([['Compilers', 30]]);
    expect(editor.dayWarnings.map((x) => x.kind)).toEqual(['speaker-double-booked']);

    const second = await loadScheduleEditor(w.db, w.organiser, w.event, {
      day: '2026-11-01',
      roomPage: 2,
      filter: 'engine',
    });
    expect([second.day?.date, second.roomPage.first, second.roomPage.last, second.unplaced.matching]).toEqual([
      '2026-11-01',
      13,
      14,
      0,
    ]);
    expect(second.dayWarnings).toEqual([]);
    expect(second.warnings).toHaveLength(1);
  });

  it('pages the unplaced talks fifty at a time and finds them by title', async () => {
    const w = await scheduleWorld();
    for (let i = 1; i <= 60; i++) {
      await createProposal(w.db, {
        eventSlug: 'conf',
        title: `Talk ${String(i).padStart(2, '0')}`,
        state: 'confirmed',
      });
    }
    const first = await loadScheduleEditor(w.db, w.organiser, w.event, {});
    expect([first.unplaced.matching, first.unplaced.pageCount, first.unplaced.talks.length]).toEqual([63, 2, 50]);
    const last = await loadScheduleEditor(w.db, w.organiser, w.event, { unplacedPage: 9 });
    expect([last.unplaced.page, last.unplaced.talks.length]).toEqual([2, 13]);
    const found = await loadScheduleEditor(w.db, w.organiser, w.event, { filter: 'talk 5' });
    expect(found.unplaced.talks.map((t) => t.title)).toEqual([
      'Talk 50',
      'Talk 51',
      'Talk 52',
      'Talk 53',
      'Talk 54',
      'Talk 55',
      'Talk 56',
      'Talk 57',
      'Talk 58',
      'Talk 59',
    ]);
    const literal = await loadScheduleEditor(w.db, w.organiser, w.event, { filter: '%' });
    expect(literal.unplaced.matching).toBe(0);
  });

  it('reads the schedule in as many queries for three placed talks as for one', async () => {
    const w = await scheduleWorld();
    // One talk stays unplaced throughout: an empty list skips its speakers' query.
    await createProposal(w.db, { eventSlug: 'conf', title: 'Spare', state: 'confirmed', speakers: [{ name: 'Sam' }] });
    const counting = countingDatabase(w.db);
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    counting.reset();
    await loadScheduleEditor(counting.db, w.organiser, w.event, {});
    const withOne = counting.queries.length;
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'main-hall',
      start: '2026-10-31T11:00',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'room-2', start: '2026-10-31T11:00' });
    counting.reset();
    await loadScheduleEditor(counting.db, w.organiser, w.event, {});
    expect(counting.queries.length, counting.queries.join('\n')).toBe(withOne);
  });

  it('reads every day side by side in as many queries as one day, for one day or two', async () => {
    const w = await scheduleWorld();
    await createProposal(w.db, { eventSlug: 'conf', title: 'Spare', state: 'confirmed', speakers: [{ name: 'Sam' }] });
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const counting = countingDatabase(w.db);
    await loadScheduleEditor(counting.db, w.organiser, w.event, { day: '2026-10-31' });
    const oneDay = counting.queries.length;
    counting.reset();
    await loadScheduleEditor(counting.db, w.organiser, w.event, { allDays: true });
    expect(counting.queries.length).toBe(oneDay);
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.compilers, room: 'room-2', start: '2026-11-01T11:00' });
    counting.reset();
    await loadScheduleEditor(counting.db, w.organiser, w.event, { allDays: true });
    expect(counting.queries.length, counting.queries.join('\n')).toBe(oneDay);
  });

  it('shows a talk’s place, its speakers’ availability and its warnings', async () => {
    const w = await scheduleWorld();
    await w.db.update(talks).set({ expectedAudience: 100 }).where(eq(talks.code, w.talks.engines));
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'room-2',
      start: '2026-10-31T10:00',
      durationMinutes: 45,
    });
    const placement = await loadTalkPlacement(w.db, w.organiser, w.event, w.talks.engines);
    expect(placement.slot).toEqual({
      room: { id: w.rooms.small, name: 'Room 2' },
      startsAt: at('2026-10-31', '10:00'),
      endsAt: at('2026-10-31', '10:45'),
      start: '2026-10-31T10:00',
      minutes: 45,
    });
    expect(placement.speakers).toEqual([{ id: w.speakers.ada, name: 'Ada Lovelace', availability: [] }]);
    expect(placement.warnings.map((x) => x.message)).toEqual(['"Engines" expects 100 people, but Room 2 seats 80']);
    await expect(loadTalkPlacement(w.db, w.organiser, w.event, w.talks.drafts)).rejects.toThrow(
      `Conf 2026's program has no talk ${w.talks.drafts}.`,
    );
    await expect(loadScheduleEditor(w.db, w.reviewer, w.event, {})).rejects.toThrow(ForbiddenError);
  });
});

describe('the release page’s preview', () => {
  it('lists what a release would change now, the next version, and the releases so far', async () => {
    const w = await scheduleWorld();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const before = await loadReleasePreview(w.db, w.organiser, w.event);
    expect(before.pending.map((c) => [c.kind, c.title, c.after?.room])).toEqual([['added', 'Engines', 'Main Hall']]);
    expect([before.nextVersion, before.unplacedCount, before.releases]).toEqual(['1', 2, []]);
    await releaseSchedule(w.db, w.organiser, w.event, { version: '', comment: 'First' });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'room-2', start: '2026-10-31T10:00' });
    await addDay(w.db, w.organiser, w.event, { date: '2026-11-02', start: '09:00', end: '12:00' });
    const after = await loadReleasePreview(w.db, w.organiser, w.event);
    expect(after.pending.map((c) => [c.kind, c.before?.room, c.after?.room])).toEqual([
      ['moved', 'Main Hall', 'Room 2'],
    ]);
    expect(after.nextVersion).toBe('2');
    expect(after.releases.map((r) => [r.version, r.comment, r.changes.length])).toEqual([['1', 'First', 1]]);
  });
});
