import type { DayView, RoomView, SlotView } from './program-views.js';

/** One table cell of a day's grid: the slots starting in one room at one time. */
export interface DayGridCell {
  row: number;
  /** A room's column, or every room's. */
  column: number | 'all';
  slots: SlotView[];
  rows: number;
}

/** A released day as a table: a row per start time, a column per room used that day. */
export interface DayGrid {
  rooms: RoomView[];
  times: Date[];
  /** The cells each row starts: an across-all-rooms cell first, then by column. */
  cellsByRow: DayGridCell[][];
}

/**
 * The day as table cells: a row per start time, a column per room used that day. A slot spans
 * the rows of the times it covers. A table cell cannot overlap another, so where the released
 * schedule has two things in one room at once, the earlier one's cell stops where the later
 * starts (its text still gives its real times), and a row that starts something across every
 * room takes in anything else starting then.
 *
 * The schedule editor lays out the work in progress its own way (layoutGrid in
 * schedule/editor.ts): rows of a fixed step over the whole day, every room of a page of rooms,
 * empty cells as drop targets, and a slot that would overlap another listed off the grid.
 */
export function buildGrid(day: Pick<DayView, 'rooms' | 'slots'>): DayGrid {
  const rooms = day.rooms;
  const columnOf = new Map(rooms.map((room, i) => [room.id, i]));
  const times = [...new Set(day.slots.map((s) => s.start.getTime()))].sort((a, b) => a - b);
  const rowOf = new Map(times.map((t, i) => [t, i]));
  const rowsBefore = (end: number) => {
    let count = 0;
    while (count < times.length && times[count]! < end) count++;
    return count;
  };
  const cells = new Map<string, DayGridCell>();
  for (const slot of day.slots) {
    const row = rowOf.get(slot.start.getTime())!;
    const roomColumn = slot.room ? columnOf.get(slot.room.id) : undefined;
    const column = roomColumn ?? 'all';
    const key = `${row}|${column}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { row, column, slots: [], rows: 1 };
      cells.set(key, cell);
    }
    cell.slots.push(slot);
    cell.rows = Math.max(cell.rows, rowsBefore(slot.end.getTime()) - row);
  }
  for (const across of [...cells.values()].filter((c) => c.column === 'all')) {
    for (let column = 0; column < rooms.length; column++) {
      const key = `${across.row}|${column}`;
      const inRoom = cells.get(key);
      if (!inRoom) continue;
      across.slots.push(...inRoom.slots);
      across.rows = Math.max(across.rows, inRoom.rows);
      cells.delete(key);
    }
    across.slots.sort((a, b) => a.start.getTime() - b.start.getTime());
  }
  const all = [...cells.values()];
  for (let column = 0; column < Math.max(rooms.length, 1); column++) {
    const inColumn = all.filter((c) => c.column === column || c.column === 'all').sort((a, b) => a.row - b.row);
    for (let i = 0; i + 1 < inColumn.length; i++) {
      const cell = inColumn[i]!;
      const following = inColumn[i + 1]!;
      if (cell.row + cell.rows > following.row) cell.rows = following.row - cell.row;
    }
  }
  const cellsByRow: DayGridCell[][] = times.map(() => []);
  for (const cell of all) cellsByRow[cell.row]!.push(cell);
  for (const row of cellsByRow)
    row.sort((a, b) => (a.column === 'all' ? -1 : b.column === 'all' ? 1 : a.column - b.column));
  return { rooms, times: times.map((t) => new Date(t)), cellsByRow };
}
