import { layOutGrid } from '../schedule/index.js';
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
 * the rows of the times it covers. The schedule module's grid model (layOutGrid), which the
 * editor shows too, with the released schedule's options: rows only where something starts,
 * and where the released schedule has two things in one room at once, the earlier one's cell
 * stops where the later starts (its text still gives its real times), and a row that starts
 * something across every room takes in anything else starting then.
 */
export function buildGrid(day: Pick<DayView, 'rooms' | 'slots'>): DayGrid {
  const rooms = day.rooms;
  const model = layOutGrid(day.slots, (slot) => ({ start: slot.start, end: slot.end, roomId: slot.room?.id ?? null }), {
    rooms,
    rows: { kind: 'start-times' },
    overlaps: 'share',
  });
  const cellsByRow = model.cellsByRow.map((cells) =>
    cells.map((cell): DayGridCell => ({
      row: cell.row,
      column: cell.across ? 'all' : cell.column,
      slots: cell.slots,
      rows: cell.rows,
    })),
  );
  return { rooms, times: model.times, cellsByRow };
}
