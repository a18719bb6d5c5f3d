import type { EventProgram } from './event-program.js';
import { matchesFilter, type ProgramFilter } from './program-filter.js';
import type { TalkView, TrackView } from './program-views.js';

/**
 * Long lists of a program shown a page at a time: the program page, the speakers, a track's
 * talks, search results. A page holds few enough items that rendering it stays far below what
 * may hold the event loop (measured: ~200 talk cards take a few milliseconds), however big the
 * program.
 */

/** Talks (or speakers) one page of the program page, the speakers page or a track's page lists. */
export const PROGRAM_PAGE_SIZE = 200;

/** Results one page of a search lists. */
export const SEARCH_PAGE_SIZE = 50;

/** One page of a list: its items, where they start in the whole list, and how many pages there are. */
export interface ListPage<T> {
  items: T[];
  /** From 1. */
  page: number;
  /** At least 1: an empty list has one, empty, page. */
  pages: number;
  /** The items of every page. */
  total: number;
  /** The position (from 0) of the page's first item in the whole list. */
  offset: number;
}

/** How many pages `total` items fill, `size` to a page; at least one. */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** The `page`th page (from 1) of the list, `size` items to a page; undefined past the last. */
export function pageOfList<T>(list: readonly T[], page: number, size: number): ListPage<T> | undefined {
  const pages = pageCount(list.length, size);
  if (!Number.isInteger(page) || page < 1 || page > pages) return undefined;
  const offset = (page - 1) * size;
  return { items: list.slice(offset, offset + size), page, pages, total: list.length, offset };
}

/** A track's talks on the program page (or the talks in no track: track undefined). */
export interface ProgramSection {
  track: TrackView | undefined;
  /** The section's talks on this page. */
  talks: TalkView[];
  /** The track's talks that the filter keeps, on every page. */
  total: number;
  /** The section began on an earlier page. */
  continued: boolean;
}

/** Where a track's talks begin on the program page. */
export interface ProgramIndexEntry {
  track: TrackView;
  talks: number;
  /** The page its first talk is on. */
  page: number;
}

export interface ProgramPageView extends Omit<ListPage<TalkView>, 'items'> {
  /** This page's talks, track by track. */
  sections: ProgramSection[];
  /** Every track the filter leaves talks in, on whichever page it begins. */
  index: ProgramIndexEntry[];
}

/**
 * The program page's talks as it lists them (track by track in the event's order of tracks,
 * program order within each, then the talks in no track), kept by the filter and cut into
 * pages. Each page says which page every track begins on, so that its index reaches every track.
 */
export class ProgramArrangement {
  readonly talks: TalkView[];
  readonly #groups: { track: TrackView | undefined; start: number; length: number }[] = [];

  constructor(
    program: EventProgram,
    filter: ProgramFilter,
    readonly size = PROGRAM_PAGE_SIZE,
  ) {
    const byTrack = new Map<number, TalkView[]>();
    const untracked: TalkView[] = [];
    for (const talk of program.talks) {
      if (!matchesFilter(talk, filter)) continue;
      if (!talk.track) {
        untracked.push(talk);
        continue;
      }
      const list = byTrack.get(talk.track.id);
      if (list) list.push(talk);
      else byTrack.set(talk.track.id, [talk]);
    }
    this.talks = [];
    const add = (track: TrackView | undefined, talks: TalkView[] | undefined) => {
      if (!talks?.length) return;
      this.#groups.push({ track, start: this.talks.length, length: talks.length });
      for (const talk of talks) this.talks.push(talk);
    };
    for (const track of program.tracks) add(track, byTrack.get(track.id));
    add(undefined, untracked);
  }

  get pages(): number {
    return pageCount(this.talks.length, this.size);
  }

  /** The `page`th page (from 1); undefined past the last. */
  page(page: number): ProgramPageView | undefined {
    const list = pageOfList(this.talks, page, this.size);
    if (!list) return undefined;
    const end = list.offset + list.items.length;
    const sections: ProgramSection[] = [];
    for (const group of this.#groups) {
      const from = Math.max(group.start, list.offset);
      const to = Math.min(group.start + group.length, end);
      if (from >= to) continue;
      sections.push({
        track: group.track,
        talks: this.talks.slice(from, to),
        total: group.length,
        continued: group.start < list.offset,
      });
    }
    const index: ProgramIndexEntry[] = [];
    for (const group of this.#groups) {
      if (group.track) {
        index.push({ track: group.track, talks: group.length, page: Math.floor(group.start / this.size) + 1 });
      }
    }
    const { items: _items, ...rest } = list;
    return { ...rest, sections, index };
  }
}
