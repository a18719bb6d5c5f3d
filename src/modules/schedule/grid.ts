/** What the grid needs of a slot: its time, and its room (null: every room, as a break or block without one). */
export interface GridItem {
  start: Date;
  end: Date;
  roomId: number | null;
}

/**
 * The grid's rows: one per distinct start time of its slots (the public grid: no empty rows),
 * or one every `minutes` from `from` until `to` (the editor: a row for every time a talk may
 * be dropped at).
 */
export type GridRows = { kind: 'start-times' } | { kind: 'steps'; from: Date; to: Date; minutes: number };

/**
 * What happens where two slots meet. `share` (the released schedule, shown as it is): slots
 * starting in one room at one time share a cell, a slot across every room takes in whatever
 * starts with it, and a cell stops where the next one in its column starts (its text still
 * gives its real times). `set-aside` (the editor, where a cell is a place to drop on): slots
 * take their cells in order of start, one across every room first, and a slot that would
 * cover a cell already taken is set aside, for a list beside the grid.
 */
export type GridOverlaps = 'share' | 'set-aside';

export interface GridOptions {
  /** The columns, in order; a slot in a room that is not among them is not on this grid. */
  rooms: readonly { id: number }[];
  rows: GridRows;
  overlaps: GridOverlaps;
}

/** One cell of the grid: the slots it shows, from its row and first column, over `rows` rows and `columns` columns. */
export interface GridPlacement<S> {
  row: number;
  rows: number;
  column: number;
  columns: number;
  /** A slot without a room: the cell spans every column. */
  across: boolean;
  slots: S[];
}

/** The one grid model of a day: the editor's and the public grid are views of it. */
export interface GridModel<S> {
  /** Each row's start. */
  times: Date[];
  /** The cells each row starts: an across-all-rooms cell first, then by column. */
  cellsByRow: GridPlacement<S>[][];
  /** Whether a cell covers a row in a column (an uncovered one is empty). */
  covered: boolean[][];
  /** The slots that found no room on the grid (`set-aside` only). */
  setAside: S[];
}

/** The day's slots as table cells, on the rows and columns the options say (see GridRows, GridOverlaps). */
export function layOutGrid<S>(slots: readonly S[], place: (slot: S) => GridItem, options: GridOptions): GridModel<S> {
  const { rooms } = options;
  const items = slots.map((slot) => ({ slot, ...place(slot) }));
  const times = rowStarts(items, options.rows);
  // The end of the last row: a step's rows may run past `to`, to end on a whole step.
  const rowsEnd = options.rows.kind === 'steps' ? times.at(-1)! + options.rows.minutes * 60_000 : Infinity;
  // The row a time falls in: the last row starting at or before it.
  const rowOf = (at: number) => (at >= rowsEnd ? times.length : countBefore(times, at, true) - 1);
  // How many rows start before a time: the rows a slot ending then reaches down to.
  const rowsBefore = (at: number) => countBefore(times, at, false);
  const columnOf = new Map(rooms.map((room, i) => [room.id, i]));
  const covered: boolean[][] = times.map(() => rooms.map(() => false));
  const cells: GridPlacement<S>[] = [];
  const setAside: S[] = [];

  if (options.overlaps === 'set-aside') {
    const ordered = [...items].sort((a, b) => +a.start - +b.start || (a.roomId === null ? -1 : 1));
    for (const { slot, ...item } of ordered) {
      const across = item.roomId === null;
      const column = across ? 0 : columnOf.get(item.roomId!);
      if (column === undefined || (across && rooms.length === 0)) continue;
      const columns = across ? rooms.length : 1;
      const first = rowOf(+item.start);
      const last = rowsBefore(+item.end);
      const fits =
        first >= 0 &&
        first < times.length &&
        last > first &&
        covered.slice(first, last).every((row) => row.slice(column, column + columns).every((taken) => !taken));
      if (!fits) {
        setAside.push(slot);
        continue;
      }
      for (let r = first; r < last; r++) for (let c = column; c < column + columns; c++) covered[r]![c] = true;
      cells.push({ row: first, rows: last - first, column, columns, across, slots: [slot] });
    }
  } else {
    const byPlace = new Map<string, GridPlacement<S>>();
    const startOf = new Map<S, number>();
    for (const { slot, ...item } of items) {
      const across = item.roomId === null;
      const column = across ? 0 : columnOf.get(item.roomId!);
      if (column === undefined) continue;
      startOf.set(slot, +item.start);
      const row = rowOf(+item.start);
      const key = `${row}|${across ? 'all' : column}`;
      let cell = byPlace.get(key);
      if (!cell) {
        cell = { row, rows: 1, column, columns: across ? rooms.length : 1, across, slots: [] };
        byPlace.set(key, cell);
      }
      cell.slots.push(slot);
      cell.rows = Math.max(cell.rows, rowsBefore(+item.end) - row);
    }
    for (const acrossCell of [...byPlace.values()].filter((c) => c.across)) {
      for (let column = 0; column < rooms.length; column++) {
        const key = `${acrossCell.row}|${column}`;
        const inRoom = byPlace.get(key);
        if (!inRoom) continue;
        acrossCell.slots.push(...inRoom.slots);
        acrossCell.rows = Math.max(acrossCell.rows, inRoom.rows);
        byPlace.delete(key);
      }
      acrossCell.slots.sort((a, b) => startOf.get(a)! - startOf.get(b)!);
    }
    cells.push(...byPlace.values());
    const inColumn = (cell: GridPlacement<S>, column: number) =>
      cell.across || (column >= cell.column && column < cell.column + cell.columns);
    for (let column = 0; column < Math.max(rooms.length, 1); column++) {
      const ordered = cells.filter((c) => inColumn(c, column)).sort((a, b) => a.row - b.row);
      for (let i = 0; i + 1 < ordered.length; i++) {
        const cell = ordered[i]!;
        const following = ordered[i + 1]!;
        if (cell.row + cell.rows > following.row) cell.rows = following.row - cell.row;
      }
    }
    for (const cell of cells)
      for (let r = cell.row; r < cell.row + cell.rows; r++)
        for (let c = cell.column; c < cell.column + cell.columns; c++) covered[r]![c] = true;
  }

  const cellsByRow: GridPlacement<S>[][] = times.map(() => []);
  for (const cell of cells) cellsByRow[cell.row]!.push(cell);
  for (const row of cellsByRow) row.sort((a, b) => (a.across ? -1 : b.across ? 1 : a.column - b.column));
  return { times: times.map((t) => new Date(t)), cellsByRow, covered, setAside };
}

function rowStarts(slots: readonly GridItem[], rows: GridRows): number[] {
  if (rows.kind === 'start-times') return [...new Set(slots.map((s) => +s.start))].sort((a, b) => a - b);
  const step = rows.minutes * 60_000;
  const count = Math.max(1, Math.ceil((+rows.to - +rows.from) / step));
  return Array.from({ length: count }, (_, r) => +rows.from + r * step);
}

/** How many of the sorted times come before `at` (or at it, when `inclusive`). */
function countBefore(times: number[], at: number, inclusive: boolean): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (inclusive ? times[middle]! <= at : times[middle]! < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
