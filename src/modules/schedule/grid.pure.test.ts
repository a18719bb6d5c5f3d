import { describe, expect, it } from 'vitest';
import { layOutGrid, type GridItem, type GridModel } from './grid.js';

const at = (time: string) => new Date(`2026-06-01T${time}:00Z`);
const ROOMS = [{ id: 1 }, { id: 2 }];

/** A slot named `name` from one time to another, in a room or (null) across every room. */
function slot(name: string, roomId: number | null, start: string, end: string) {
  return { name, item: { start: at(start), end: at(end), roomId } satisfies GridItem };
}
type Slot = ReturnType<typeof slot>;

/** The grid as text: a row per line, each cell as "names@column×rows×columns", "*" for across. */
function draw(model: GridModel<Slot>): string[] {
  return model.cellsByRow.map(
    (cells, r) =>
      `${model.times[r]!.toISOString().slice(11, 16)} ` +
      cells
        .map((c) => `${c.slots.map((s) => s.name).join('+')}@${c.across ? '*' : c.column}x${c.rows}x${c.columns}`)
        .join(' '),
  );
}

// Two talks in room 1 that overlap, a break across both rooms, and a talk starting with it.
const SLOTS = [
  slot('a', 1, '09:00', '09:45'),
  slot('b', 1, '09:30', '10:00'),
  slot('lunch', null, '10:00', '10:30'),
  slot('c', 2, '10:00', '10:15'),
];

describe('the grid model', () => {
  it('shows a released schedule as it is: rows where something starts, overlaps shortened, a break taking in what starts with it', () => {
    const model = layOutGrid(SLOTS, (s) => s.item, { rooms: ROOMS, rows: { kind: 'start-times' }, overlaps: 'share' });
    expect(draw(model)).toEqual(['09:00 a@0x1x1', '09:30 b@0x1x1', '10:00 lunch+c@*x1x2']);
    expect(model.setAside).toEqual([]);
    expect(model.covered).toEqual([
      [true, false],
      [true, false],
      [true, true],
    ]);
  });

  it('lays the editor out on rows of a fixed step, setting aside what would cover a taken cell', () => {
    const model = layOutGrid(SLOTS, (s) => s.item, {
      rooms: ROOMS,
      rows: { kind: 'steps', from: at('09:00'), to: at('10:30'), minutes: 15 },
      overlaps: 'set-aside',
    });
    expect(draw(model)).toEqual(['09:00 a@0x3x1', '09:15 ', '09:30 ', '09:45 ', '10:00 lunch@*x2x2', '10:15 ']);
    expect(model.setAside.map((s) => s.name)).toEqual(['b', 'c']);
    expect(model.covered.map((row) => row.map((taken) => (taken ? '#' : '.')).join(''))).toEqual([
      '#.',
      '#.',
      '#.',
      '..',
      '##',
      '##',
    ]);
  });

  it('sets aside a slot outside the rows, and leaves out one in a room that is not a column', () => {
    const model = layOutGrid(
      [slot('early', 1, '08:45', '09:15'), slot('late', 1, '10:30', '11:00'), slot('elsewhere', 3, '09:00', '09:15')],
      (s) => s.item,
      { rooms: ROOMS, rows: { kind: 'steps', from: at('09:00'), to: at('10:30'), minutes: 30 }, overlaps: 'set-aside' },
    );
    expect(draw(model)).toEqual(['09:00 ', '09:30 ', '10:00 ']);
    expect(model.setAside.map((s) => s.name)).toEqual(['early', 'late']);
  });
});
