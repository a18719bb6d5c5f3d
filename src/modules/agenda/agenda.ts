import type { Database, DatabaseHandle } from '../../db/client.js';
import { PROGRAM_CHANGED_CHANNEL, SNIPPET_START, SNIPPET_STOP, searchTalks } from '../program/index.js';
import { listEventSlugs, loadEventProgram, type EventProgram, type EventSummary } from './event-program.js';
import type { TalkView } from './program-views.js';

export interface SearchResult {
  talk: TalkView;
  rank: number;
  /** Plain text; the matched words are the odd-numbered parts. */
  snippet: string[];
}

/**
 * The in-memory snapshot of every event's published program. Public pages and the public
 * API read only from here, so serving them needs no database query (search excepted).
 * It is rebuilt, one event at a time, when the database says the event's program changed.
 */
export class Agenda {
  readonly #db: Database;
  #programs = new Map<string, EventProgram>();
  #summaries: EventSummary[] = [];
  /** Reloads under way or queued, per event: one at a time, and one more if asked meanwhile. */
  #reloading = new Map<string, Promise<void>>();
  #queued = new Set<string>();
  #listeners = new Set<(slug: string | undefined) => void>();
  #generation = 0;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Increases whenever any program changes; caches key on it. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Loads every event. Each goes through reload, so that a reload already under way (a
   * notification that arrived meanwhile) is followed by a fresh one rather than overwritten
   * by an older read.
   */
  async loadAll(): Promise<void> {
    const slugs = await listEventSlugs(this.#db);
    const listed = new Set(slugs);
    await Promise.all(slugs.map((slug) => this.reload(slug)));
    for (const slug of this.#programs.keys()) {
      if (!listed.has(slug) && !this.#reloading.has(slug)) this.#programs.delete(slug);
    }
    this.#changed(undefined);
  }

  /** Reloads one event (or drops it when it no longer exists). Concurrent calls coalesce. */
  reload(slug: string): Promise<void> {
    const running = this.#reloading.get(slug);
    if (running) {
      this.#queued.add(slug);
      return running;
    }
    const run = (async () => {
      try {
        const program = await loadEventProgram(this.#db, slug);
        if (program) this.#programs.set(slug, this.#stamp(program));
        else this.#programs.delete(slug);
        this.#changed(slug);
      } finally {
        this.#reloading.delete(slug);
        if (this.#queued.delete(slug)) await this.reload(slug);
      }
    })();
    this.#reloading.set(slug, run);
    return run;
  }

  event(slug: string): EventProgram | undefined {
    return this.#programs.get(slug);
  }

  events(): EventSummary[] {
    return this.#summaries;
  }

  /** Called after every change, with the event's slug, or undefined after a full reload. */
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

  #loads = 0;
  #stamp(program: EventProgram): EventProgram {
    program.version = ++this.#loads;
    return program;
  }

  #changed(slug: string | undefined): void {
    this.#generation++;
    this.#summaries = [...this.#programs.values()]
      .map((p): EventSummary => ({
        slug: p.slug,
        name: p.name,
        talkCount: p.talks.length,
        timezone: p.timezone,
        startDate: p.startDate,
        endDate: p.endDate,
        venue: p.venue,
        description: p.description,
        descriptionHtml: p.descriptionHtml,
        logoUrl: p.logoUrl,
        cfpOpensAt: p.cfpOpensAt,
        cfpClosesAt: p.cfpClosesAt,
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
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
 * (a CLI import, another app instance), arrives as a notification and reloads that event.
 */
export async function watchProgramChanges(
  handle: DatabaseHandle,
  agenda: Agenda,
  onError: (error: Error) => void,
): Promise<() => Promise<void>> {
  return handle.listen(
    PROGRAM_CHANGED_CHANNEL,
    (slug) => {
      agenda.reload(slug).catch(onError);
    },
    () => {
      // Notifications sent while the listener was away are lost: reload everything.
      agenda.loadAll().catch(onError);
    },
  );
}
