import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { events } from '../../db/schema.js';
import { pageOf, type PageKey } from '../../shared/pages.js';
import { renderMarkdown } from '../../shared/markdown.js';
import { arrangeEvents, type ArrangedEvents } from './event-landing.js';
import type { EventSummary } from './event-program.js';

/**
 * The list of published events, as the home page and `/api/events` show it: read in one query
 * (whatever the events hold), never from their programs, and kept until a program changes.
 * What depends on the clock (open calls for proposals, past events) is judged from instants
 * the query gives, so that asking costs a binary search, not a pass over every event.
 */

/** An event of the list: its summary and the instant it becomes past (null: never, it has no dates). */
export type ListedEvent = EventSummary & { pastAt: Date | null; programVersion: number };

export interface EventPage {
  events: ListedEvent[];
  /** Events in the whole list. */
  total: number;
  /** The cursor of the next page; undefined on the last. */
  next: string | undefined;
}

const collator = new Intl.Collator();
const byName = (a: ListedEvent, b: ListedEvent) => collator.compare(a.name, b.name) || collator.compare(a.slug, b.slug);
/** The same order, of cursor keys [name, slug]. */
const byNameKey = (a: PageKey, b: PageKey) =>
  collator.compare(String(a[0]), String(b[0])) || collator.compare(String(a[1]), String(b[1]));

export class EventList {
  /** By name, then slug. */
  readonly events: readonly ListedEvent[];
  readonly #slugs: Set<string>;
  /** Every instant at which an event's call for proposals opens or closes, or an event becomes past; ascending. */
  readonly #transitions: number[];
  #arranged: { key: number; arranged: ArrangedEvents } | undefined;

  constructor(events: ListedEvent[]) {
    this.events = events.sort(byName);
    this.#slugs = new Set(events.map((event) => event.slug));
    const instants = new Set<number>();
    for (const event of events) {
      if (event.cfpClosesAt) {
        instants.add(event.cfpClosesAt.getTime());
        if (event.cfpOpensAt) instants.add(event.cfpOpensAt.getTime());
      }
      if (event.pastAt) instants.add(event.pastAt.getTime());
    }
    this.#transitions = [...instants].sort((a, b) => a - b);
  }

  has(slug: string): boolean {
    return this.#slugs.has(slug);
  }

  /**
   * What of the list depends on the clock, as a number: it changes exactly when a call for
   * proposals opens or closes or an event becomes past. Pages of the list are cached under it.
   */
  clockKey(now: Date): number {
    const time = now.getTime();
    // The number of transitions at or before now.
    let low = 0;
    let high = this.#transitions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#transitions[middle]! <= time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The home page's order: events to come (or under way) soonest first, those without dates after, then past ones, most recent first. */
  arranged(now: Date): ArrangedEvents {
    const key = this.clockKey(now);
    if (this.#arranged?.key === key) return this.#arranged.arranged;
    const time = now.getTime();
    const arranged = arrangeEvents(
      this.events,
      now,
      (event) => event.pastAt !== null && event.pastAt.getTime() <= time,
    );
    this.#arranged = { key, arranged };
    return arranged;
  }

  /**
   * A page of the list by name: `limit` events after the cursor `next` gave (a position in the
   * order, not an offset, so that events added or removed meanwhile neither repeat nor skip).
   */
  page(limit: number, cursor: string | undefined): EventPage {
    const page = pageOf(this.events, limit, cursor, (event) => [event.name, event.slug], byNameKey);
    return { events: page.items, total: this.events.length, next: page.next ?? undefined };
  }
}

interface ListRow {
  slug: string;
  name: string;
  timezone: string;
  start_date: string | null;
  end_date: string | null;
  venue_name: string;
  venue_address: string;
  venue_map_url: string | null;
  description: string;
  logo_url: string | null;
  cfp_opens_at: number | null;
  cfp_closes_at: number | null;
  past_at: number | null;
  talk_count: number;
  program_version: number;
}

/**
 * Every published event in one query: its summary, its talk count, and its dates, which are the
 * ones set or else the latest release's first and last days (the days it states, and the date in
 * the schedule's zone of any slot outside them, as the published schedule derives them).
 * Instants come as epoch milliseconds and dates as text, the same from either driver.
 */
export async function loadEventList(db: Database): Promise<EventList> {
  const result = await db.execute(sql`
    select e.slug, e.name, e.timezone, dates.start_date, dates.end_date, e.venue_name, e.venue_address,
      e.venue_map_url, e.description, e.logo_url, e.program_version,
      extract(epoch from e.cfp_opens_at) * 1000 as cfp_opens_at,
      extract(epoch from e.cfp_closes_at) * 1000 as cfp_closes_at,
      extract(epoch from ((dates.end_date::date + 1)::timestamp at time zone e.timezone)) * 1000 as past_at,
      (select count(*) from talks t where t.event_id = e.id and t.state = 'confirmed')::int as talk_count
    from events e
    left join lateral (
      select r.snapshot from schedule_releases r where r.event_id = e.id order by r.id desc limit 1
    ) release on true
    left join lateral (
      select min(day) as first_day, max(day) as last_day from (
        select stated ->> 'date' as day from jsonb_array_elements(release.snapshot -> 'days') stated
        union all
        select to_char((slot ->> 'start')::timestamptz at time zone (release.snapshot ->> 'timezone'), 'YYYY-MM-DD')
        from jsonb_array_elements(release.snapshot -> 'slots') slot
        where not exists (
          select 1 from jsonb_array_elements(release.snapshot -> 'days') stated
          where (slot ->> 'start')::timestamptz >= (stated ->> 'start')::timestamptz
            and (slot ->> 'start')::timestamptz < (stated ->> 'end')::timestamptz
        )
      ) days
    ) released on true
    cross join lateral (
      select coalesce(e.starts_on::text, released.first_day) as start_date,
        case when e.starts_on is not null then coalesce(e.ends_on, e.starts_on)::text else released.last_day end as end_date
    ) dates
    where e.published`);
  const rows = (result as unknown as { rows: ListRow[] }).rows;
  return new EventList(rows.map(toListedEvent));
}

function toListedEvent(row: ListRow): ListedEvent {
  const instant = (millis: number | string | null) => (millis === null ? null : new Date(Number(millis)));
  let html: string | undefined;
  const description = row.description;
  return {
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    startDate: row.start_date,
    endDate: row.end_date,
    venue:
      row.venue_name || row.venue_address || row.venue_map_url
        ? { name: row.venue_name, address: row.venue_address, mapUrl: row.venue_map_url }
        : null,
    description,
    // Rendered when first shown: a list of thousands renders only the page asked for.
    get descriptionHtml() {
      return (html ??= renderMarkdown(description));
    },
    logoUrl: row.logo_url,
    cfpOpensAt: instant(row.cfp_opens_at),
    cfpClosesAt: instant(row.cfp_closes_at),
    pastAt: instant(row.past_at),
    talkCount: Number(row.talk_count),
    programVersion: Number(row.program_version),
  };
}

/** The program version of each of these events that is still published. */
export async function loadProgramVersions(db: Database, slugs: string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .select({ slug: events.slug, programVersion: events.programVersion })
    .from(events)
    .where(and(eq(events.published, true), inArray(events.slug, slugs)));
  return new Map(rows.map((row) => [row.slug, row.programVersion]));
}
