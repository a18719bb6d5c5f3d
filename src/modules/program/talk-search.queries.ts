import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';

/** Words shorter than this are matched as typed: a prefix or a near spelling of two letters matches too much. */
const FORGIVEN_LENGTH = 3;
/** The least trigram similarity (pg_trgm) at which a word of the program counts as a spelling of a searched word. */
const SPELLING_SIMILARITY = 0.35;
/** At most this many spellings per searched word, the nearest first. */
const SPELLINGS_PER_WORD = 5;

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
  const changed = affectedRows(result);
  if (changed > 0) await refreshSearchWords(db, eventId);
  return changed;
}

/**
 * Rewrites the event's words (search_words) from its talks' titles and texts and its speakers'
 * names: adds the new, drops the gone. Words shorter than FORGIVEN_LENGTH are left out.
 */
async function refreshSearchWords(db: Database, eventId: number): Promise<void> {
  await db.execute(sql`
    with words as (
      select distinct lower(w) as word
      from talks t
      cross join lateral regexp_split_to_table(t.title || ' ' || t.description || ' ' || t.abstract, '[^[:alnum:]]+') w
      where t.event_id = ${eventId} and length(w) >= ${FORGIVEN_LENGTH}
      union
      select distinct lower(w)
      from speakers sp
      cross join lateral regexp_split_to_table(sp.name, '[^[:alnum:]]+') w
      where sp.event_id = ${eventId} and length(w) >= ${FORGIVEN_LENGTH}
    ),
    gone as (
      delete from search_words sw
      where sw.event_id = ${eventId} and not exists (select 1 from words where words.word = sw.word)
    )
    insert into search_words (event_id, word)
    select ${eventId}, word from words
    on conflict do nothing
  `);
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
 * The words of a query that search may forgive: every word of a plain query, lower case. A
 * query with operators (a quoted phrase, a minus, "or") says exactly what it wants, so it gets
 * no guesses: none.
 */
export function forgivableWords(query: string): string[] {
  if (/["-]/.test(query) || /(^|\s)or(\s|$)/i.test(query)) return [];
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/**
 * Talks of an event matching a web-search style query ("python -django", "\"data science\""),
 * best first; ties keep program order. Uses the GIN index on talks.search.
 *
 * Search forgives: each word of a plain query also matches as the start of a word ("distrib"
 * finds "distributed") and as the program's words spelt nearly like it, by trigram similarity
 * ("flsk" finds "Flask", "visualisation" finds "visualization"; the pg_trgm way of suggesting
 * spellings, against the words of this event's talks). Talks the query matches as written
 * come first, ranked by full-text rank; those only the forgiving query matches follow, ranked
 * by theirs. A query of common words only ("the") finds nothing either way. The snippet comes
 * from the description, abstract and speakers, never the title, which the result shows anyway.
 * Callers go through searchTalks (talk-search.ts), which bounds how many run at once.
 */
export async function selectTalkSearchHits(
  db: Database,
  eventId: number,
  query: string,
  limit: number,
): Promise<TalkSearchHit[]> {
  const words = forgivableWords(query);
  const result = await db.execute(sql`
    with exact as (select websearch_to_tsquery('english', ${query}) as query),
    searched as (
      select term, n from unnest(${`{${words.map((w) => `"${w}"`).join(',')}}`}::text[]) with ordinality as q(term, n)
      where numnode((select query from exact)) > 0
    ),
    alternatives as (
      select s.n,
        case when length(s.term) < ${FORGIVEN_LENGTH} then s.term
        else '(' || array_to_string(
          array[s.term || ':*'] || array(
            select v.word from search_words v
            where v.event_id = ${eventId} and v.word % s.term and similarity(s.term, v.word) >= ${SPELLING_SIMILARITY}
            order by similarity(s.term, v.word) desc, v.word
            limit ${SPELLINGS_PER_WORD}
          ), ' | ') || ')'
        end as expression
      from searched s
    ),
    -- Materialised: built once, not once per talk.
    forgiving as materialized (
      select case when count(*) = 0 then null
        else to_tsquery('english', string_agg(expression, ' & ' order by n)) end as query
      from alternatives
    ),
    matches as (
      select t.id, t.position, t.search,
             t.search @@ exact.query as exact,
             case when t.search @@ exact.query then exact.query else forgiving.query end as query
      from talks t cross join exact cross join forgiving
      where t.event_id = ${eventId} and t.state = 'confirmed'
        and (t.search @@ exact.query or t.search @@ forgiving.query)
    )
    select m.id as "talkId",
           ts_rank_cd(m.search, m.query, 32) as rank,
           ts_headline('english',
             t.description || E'\n' || t.abstract || E'\n' || coalesce(s.text, ''),
             m.query,
             ${`StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`}
           ) as snippet
    from matches m
    join talks t on t.id = m.id
    left join lateral (
      select string_agg(sp.name || E'\n' || sp.biography, E'\n' order by ts.position) as text
      from talk_speakers ts join speakers sp on sp.id = ts.speaker_id
      where ts.talk_id = t.id
    ) s on true
    order by m.exact desc, rank desc, m.position asc, m.id asc
    limit ${limit}
  `);
  const rows = (result as unknown as { rows: { talkId: number; rank: number | string; snippet: string }[] }).rows;
  return rows.map((row) => ({ talkId: Number(row.talkId), rank: Number(row.rank), snippet: row.snippet }));
}
