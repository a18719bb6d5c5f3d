import { describe, expect, it } from 'vitest';
import { buildGrid } from './day-grid.js';
import type { RoomView, SlotView } from './program-views.js';

const room = (id: number): RoomView => ({
  id,
  guid: `room-${id}`,
  slug: `room-${id}`,
  name: `Room ${id}`,
  description: '',
  capacity: null,
  position: id,
});

const at = (time: string) => new Date(`2026-06-01T${time}:00Z`);

/** A slot from one time to another ("10:00", "10:30"), in a room or (none given) across every room. */
function slot(title: string, start: string, end: string, inRoom?: RoomView): SlotView {
  return {
    guid: title,
    kind: inRoom ? 'talk' : 'break',
    talk: undefined,
    title,
    room: inRoom,
    start: at(start),
    end: at(end),
    durationMinutes: (at(end).getTime() - at(start).getTime()) / 60_000,
    day: undefined,
  };
}

/** Each row's cells as [column, rows, titles]. */
function cells(grid: ReturnType<typeof buildGrid>) {
  return grid.cellsByRow.map((row) => row.map((cell) => [cell.column, cell.rows, cell.slots.map((s) => s.title)]));
}

describe('buildGrid', () => {
  const [one, two] = [room(1), room(2)];

  it('makes a row per start time and a column per room, a slot spanning the rows of the times it covers', () => {
    const grid = buildGrid({
      rooms: [one, two],
      slots: [
        slot('Long', '10:00', '11:00', one),
        slot('Short', '10:00', '10:30', two),
        slot('Next', '10:30', '11:00', two),
      ],
    });

    expect(grid.rooms).toEqual([one, two]);
    expect(grid.times).toEqual([at('10:00'), at('10:30')]);
    expect(cells(grid)).toEqual([
      [
        [0, 2, ['Long']],
        [1, 1, ['Short']],
      ],
      [[1, 1, ['Next']]],
    ]);
  });

  it('puts a slot across every room in one cell with whatever starts in a room at its time', () => {
    const grid = buildGrid({
      rooms: [one, two],
      slots: [
        slot('Lunch', '10:00', '11:00'),
        slot('Talk', '10:00', '10:30', one),
        slot('After', '11:00', '11:30', two),
      ],
    });

    expect(grid.times).toEqual([at('10:00'), at('11:00')]);
    expect(cells(grid)).toEqual([[['all', 1, ['Lunch', 'Talk']]], [[1, 1, ['After']]]]);
  });

  it('orders a row with the cell across every room first, then by column', () => {
    const grid = buildGrid({
      rooms: [one, two],
      slots: [slot('Second', '10:00', '10:30', two), slot('First', '10:00', '10:30', one)],
    });

    expect(cells(grid)).toEqual([
      [
        [0, 1, ['First']],
        [1, 1, ['Second']],
      ],
    ]);
  });

  it('stops a cell where the next one in its room starts, when the released schedule overlaps', () => {
    const grid = buildGrid({
      rooms: [one],
      slots: [slot('Long', '10:00', '11:00', one), slot('Overlapping', '10:30', '11:00', one)],
    });

    expect(cells(grid)).toEqual([[[0, 1, ['Long']]], [[0, 1, ['Overlapping']]]]);
  });

  it('stops a cell across every room where anything starts in any room', () => {
    const grid = buildGrid({
      rooms: [one, two],
      slots: [slot('Lunch', '10:00', '11:30'), slot('After', '11:00', '11:30', two)],
    });

    expect(cells(grid)).toEqual([[['all', 1, ['Lunch']]], [[1, 1, ['After']]]]);
  });

  it('shares one cell between slots starting in the same room at the same time, as tall as the longest', () => {
    const grid = buildGrid({
      rooms: [one, two],
      slots: [slot('A', '10:00', '10:30', one), slot('B', '10:00', '11:00', one), slot('C', '10:30', '11:00', two)],
    });

    expect(cells(grid)).toEqual([[[0, 2, ['A', 'B']]], [[1, 1, ['C']]]]);
  });

  it('lays out a day of nothing but slots across every room, with no room column', () => {
    const grid = buildGrid({ rooms: [], slots: [slot('Opening', '09:00', '09:30'), slot('Party', '18:00', '22:00')] });

    expect(grid.rooms).toEqual([]);
    expect(cells(grid)).toEqual([[['all', 1, ['Opening']]], [['all', 1, ['Party']]]]);
  });
});
