import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';

/**
 * Rebuilds the full-text document of an event's talks from their text and their speakers'
 * names and bios. Weights: title and speaker names A, description B, abstract C, bios D.
 * Writes only rows whose document really changed, so a re-import that changes nothing
 * writes nothing.
 */
export async function refreshTalkSearch(db: Database, eventId: number): Promise<number> {
  const result = await db.execute(sql`
    with documents as (
      select t.id,
        setweight(to_tsvector('english', t.title), 'A') ||
        setweight(to_tsvector('english', coalesce(s.names, '')), 'A') ||
        setweight(to_tsvector('english', t.description), 'B') ||
        setweight(to_tsvector('english', t.abstract), 'C') ||
        setweight(to_tsvector('english', coalesce(s.bios, '')), 'D') as document
      from talks t
      left join lateral (
        select string_agg(sp.name, ' ' order by ts.position) as names,
               string_agg(sp.biography, ' ' order by ts.position) as bios
        from talk_speakers ts join speakers sp on sp.id = ts.speaker_id
        where ts.talk_id = t.id
      ) s on true
      where t.event_id = ${eventId}
    )
    update talks set search = documents.document
    from documents
    where talks.id = documents.id and talks.search is distinct from documents.document
  `);
  return affectedRows(result);
}

export function affectedRows(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? 0;
}

export interface TalkSearchHit {
  talkId: number;
  rank: number;
  /** Plain text with the matched words between \u0002 and \u0003, for the caller to escape and mark. */
  snippet: string;
}

export const SNIPPET_START = '\u0002';
export const SNIPPET_STOP = '\u0003';

/**
 * Talks of an event matching a web-search style query ("python -django", "\"data science\""),
 * best first; ties keep program order. Uses the GIN index on talks.search.
 */
export async function searchTalks(db: Database, eventId: number, query: string, limit = 100): Promise<TalkSearchHit[]> {
  const result = await db.execute(sql`
    with q as (select websearch_to_tsquery('english', ${query}) as query)
    select t.id as "talkId",
           ts_rank_cd(t.search, q.query, 32) as rank,
           ts_headline('english',
             t.title || E'\n' || t.description || E'\n' || t.abstract || E'\n' || coalesce(s.text, ''),
             q.query,
             ${`StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`}
           ) as snippet
    from talks t
    cross join q
    left join lateral (
      select string_agg(sp.name || E'\n' || sp.biography, E'\n' order by ts.position) as text
      from talk_speakers ts join speakers sp on sp.id = ts.speaker_id
      where ts.talk_id = t.id
    ) s on true
    where t.event_id = ${eventId} and t.state = 'confirmed' and t.search @@ q.query
    order by rank desc, t.position asc, t.id asc
    limit ${limit}
  `);
  const rows = (result as unknown as { rows: { talkId: number; rank: number | string; snippet: string }[] }).rows;
  return rows.map((row) => ({ talkId: Number(row.talkId), rank: Number(row.rank), snippet: row.snippet }));
}
