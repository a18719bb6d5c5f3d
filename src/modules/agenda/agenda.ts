import type { Database, DatabaseHandle } from '../../db/client.js';
import {
  PROGRAM_CHANGED_CHANNEL,
  SNIPPET_START,
  SNIPPET_STOP,
  parseProgramChange,
  searchTalks,
} from '../program/index.js';
import { loadEventProgram, type EventProgram } from './event-program.js';
import { loadEventList, loadProgramVersions, type EventList } from './event-list.js';
import type { TalkView } from './program-views.js';

export interface SearchResult {
  talk: TalkView;
  rank: number;
  /** Plain text; the matched words are the odd-numbered parts. */
  snippet: string[];
}

export interface AgendaOptions {
  /**
   * Where programs are loaded from: a small pool of its own (DatabaseHandle.background), so
   * that loading many programs (after a lost connection, say) never takes the connections
   * requests wait for. Defaults to `db`.
   */
  loadFrom?: Database;
  /** The memory programs may take, in bytes (estimated); the least recently asked for go first. */
  budgetBytes?: number;
}

export const DEFAULT_PROGRAM_BUDGET_BYTES = 256 * 1024 * 1024;

/** The list of events as read at a list version; `settled` once read. */
interface ListEntry {
  version: number;
  list: Promise<EventList>;
  settled: EventList | undefined;
}

/** A program in memory, with what the budget counts. */
interface Resident {
  program: EventProgram;
  bytes: number;
}

/**
 * The published programs public pages and the public API read, loaded on demand. An event's
 * program is loaded when first asked for (one query set, whatever else is stored), kept while
 * the memory budget allows, least recently asked for first out, and reloaded when the database
 * says its program changed. Nothing is loaded at start; the list of events is one query of its
 * own (event-list.ts), read again only after a change.
 */
export class Agenda {
  readonly #db: Database;
  readonly #loadFrom: Database;
  readonly #budget: number;
  /** In order of use: the first is the least recently asked for. */
  #resident = new Map<string, Resident>();
  #residentBytes = 0;
  /** Loads under way, per event: one at a time, and one more if asked meanwhile. */
  #loading = new Map<string, Promise<EventProgram | undefined>>();
  #queued = new Set<string>();
  #listeners = new Set<(slug: string | undefined) => void>();
  #listVersion = 0;
  #list: ListEntry | undefined;
  #loads = 0;
  #evictions = 0;

  constructor(db: Database, options: AgendaOptions = {}) {
    this.#db = db;
    this.#loadFrom = options.loadFrom ?? db;
    this.#budget = options.budgetBytes ?? DEFAULT_PROGRAM_BUDGET_BYTES;
  }

  /** Moves whenever an event's program or the list of events may have changed; the list's caches key on it. */
  get listVersion(): number {
    return this.#listVersion;
  }

  /** Programs in memory now, their estimated bytes, the budget, and how many were loaded and evicted since the start. */
  get usage(): { programs: number; bytes: number; budgetBytes: number; loads: number; evictions: number } {
    return {
      programs: this.#resident.size,
      bytes: this.#residentBytes,
      budgetBytes: this.#budget,
      loads: this.#loads,
      evictions: this.#evictions,
    };
  }

  /**
   * The event's published program, loaded if it is not in memory; undefined when there is no
   * such published event. What public pages and the public API call.
   */
  program(slug: string): Promise<EventProgram | undefined> {
    const resident = this.#resident.get(slug);
    if (resident) {
      this.#touch(slug, resident);
      return Promise.resolve(resident.program);
    }
    // An address that names no published event costs no query while the list is at hand.
    if (this.#list?.settled && !this.#list.settled.has(slug)) return Promise.resolve(undefined);
    return this.#loading.get(slug) ?? this.#load(slug);
  }

  /** The program if it is in memory now, without loading it (and without counting as a use). */
  event(slug: string): EventProgram | undefined {
    return this.#resident.get(slug)?.program;
  }

  /**
   * Loads the event's program now, whether or not it was in memory (a change the database did
   * not announce, in tests and tools). Concurrent calls coalesce: a call made while a load is
   * under way is followed by a fresh one, so an older read never has the last word.
   */
  async reload(slug: string): Promise<void> {
    if (this.#loading.has(slug)) {
      this.#queued.add(slug);
      await this.#loading.get(slug);
      // The queued load, if another caller has not already awaited it.
      await this.#loading.get(slug);
      return;
    }
    await this.#load(slug);
  }

  /**
   * Forgets every program and the list of events, then loads every published event (within the
   * budget, the last ones loaded staying). For tools and tests that wrote without a
   * notification; the server itself loads on demand.
   */
  async loadAll(): Promise<void> {
    await Promise.allSettled([...this.#loading.values()]);
    this.#resident.clear();
    this.#residentBytes = 0;
    this.#changed(undefined);
    const { events } = await this.events();
    await Promise.all(events.map((event) => this.reload(event.slug)));
  }

  /**
   * The database says an event's program changed (a notification). An event in memory is
   * reloaded unless it already has that version; one not in memory stays out. The list of
   * events and every cached answer of the event are stale either way.
   */
  changed(slug: string, version?: number): void {
    const resident = this.#resident.get(slug);
    const current = resident && version !== undefined && resident.program.programVersion >= version;
    if (!current && (resident || this.#loading.has(slug))) {
      this.reload(slug).catch(() => {
        // A failed reload leaves the event out of memory: the next request loads it (and answers its error).
        this.#evict(slug);
      });
    }
    this.#changed(slug);
  }

  /**
   * After notifications were lost (the listening connection dropped): reads every resident
   * event's version in one query and reloads only those whose version moved, dropping those
   * gone; the list of events is read again when next asked for.
   */
  async resync(): Promise<void> {
    const slugs = [...this.#resident.keys()];
    const versions = await loadProgramVersions(this.#loadFrom, slugs);
    for (const slug of slugs) {
      const resident = this.#resident.get(slug);
      if (!resident) continue;
      const version = versions.get(slug);
      if (version === undefined) {
        this.#evict(slug);
        this.#changed(slug);
      } else if (version !== resident.program.programVersion) {
        this.changed(slug, version);
      }
    }
    this.#listVersion++;
    this.#list = undefined;
  }

  /** The published events, by name: one query, read again only after a change. */
  async events(): Promise<EventList> {
    const version = this.#listVersion;
    if (this.#list?.version !== version) {
      const list = loadEventList(this.#loadFrom);
      const entry: ListEntry = { version, list, settled: undefined };
      this.#list = entry;
      list.then(
        (loaded) => (entry.settled = loaded),
        () => {
          if (this.#list === entry) this.#list = undefined;
        },
      );
    }
    return this.#list.list;
  }

  /**
   * Loads the first `count` events of the list into memory in the background, `concurrency` at
   * a time, while the budget has room: the pages most likely asked for first answer from memory.
   */
  async warm(count: number, concurrency = 2): Promise<void> {
    const slugs = (await this.events()).events.slice(0, count).map((event) => event.slug);
    let next = 0;
    const worker = async () => {
      while (next < slugs.length && this.#residentBytes < this.#budget) {
        await this.program(slugs[next++]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, slugs.length) }, worker));
  }

  /** Called after every change, with the event's slug, or undefined when everything may have changed. */
  onChange(listener: (slug: string | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Full-text search of one event's talks, best first. The one public read that asks the database. */
  async search(program: EventProgram, query: string): Promise<SearchResult[]> {
    const hits = await searchTalks(this.#db, program.id, query);
    const results: SearchResult[] = [];
    for (const hit of hits) {
      const talk = program.talkById.get(hit.talkId);
      if (talk) results.push({ talk, rank: hit.rank, snippet: splitSnippet(hit.snippet) });
    }
    return results;
  }

  #load(slug: string): Promise<EventProgram | undefined> {
    const run = (async () => {
      try {
        const program = await loadEventProgram(this.#loadFrom, slug);
        const replaced = this.#resident.has(slug);
        this.#evict(slug);
        if (program) {
          program.version = ++this.#loads;
          this.#admit(slug, program);
        }
        // Answers cached from the program replaced (or gone) are of no more use.
        if (replaced) this.#changed(slug);
        return program;
      } finally {
        this.#loading.delete(slug);
        if (this.#queued.delete(slug)) {
          this.#load(slug).catch(() => this.#evict(slug));
        }
      }
    })();
    this.#loading.set(slug, run);
    return run;
  }

  #admit(slug: string, program: EventProgram): void {
    const bytes = program.estimatedBytes;
    this.#resident.set(slug, { program, bytes });
    this.#residentBytes += bytes;
    // The least recently used go first; the program just loaded stays, however large.
    for (const [oldest] of this.#resident) {
      if (this.#residentBytes <= this.#budget || oldest === slug) break;
      this.#evict(oldest);
      this.#evictions++;
    }
  }

  #touch(slug: string, resident: Resident): void {
    // A Map keeps insertion order: re-inserting makes this the most recently used.
    this.#resident.delete(slug);
    this.#resident.set(slug, resident);
  }

  #evict(slug: string): void {
    const resident = this.#resident.get(slug);
    if (!resident) return;
    this.#resident.delete(slug);
    this.#residentBytes -= resident.bytes;
  }

  #changed(slug: string | undefined): void {
    this.#listVersion++;
    this.#list = undefined;
    for (const listener of this.#listeners) listener(slug);
  }
}

function splitSnippet(snippet: string): string[] {
  const parts: string[] = [];
  let rest = snippet.replace(/\s+/g, ' ').trim();
  for (;;) {
    const start = rest.indexOf(SNIPPET_START);
    if (start < 0) break;
    const stop = rest.indexOf(SNIPPET_STOP, start);
    if (stop < 0) break;
    parts.push(rest.slice(0, start), rest.slice(start + 1, stop));
    rest = rest.slice(stop + 1);
  }
  parts.push(rest);
  return parts.map((part) => part.replaceAll(SNIPPET_START, '').replaceAll(SNIPPET_STOP, ''));
}

/**
 * Keeps an agenda current: every committed program change, from this process or another
 * (a CLI import, another app instance), arrives as a notification carrying the event's new
 * program version. After the listening connection was lost, only the events whose version
 * moved meanwhile are reloaded.
 */
export async function watchProgramChanges(
  handle: DatabaseHandle,
  agenda: Agenda,
  onError: (error: Error) => void,
): Promise<() => Promise<void>> {
  return handle.listen(
    PROGRAM_CHANGED_CHANNEL,
    (payload) => {
      const { slug, version } = parseProgramChange(payload);
      agenda.changed(slug, version);
    },
    () => {
      agenda.resync().catch(onError);
    },
  );
}
