import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import type { OfflinePages } from '../../src/web/routes/public/offline.schema.js';
import { testAppPerFile } from '../helpers/app.js';
import { linkedPaths, links, tags, visibleText } from './html.js';

/**
 * The world: Big Conf, 450 talks written with set-based SQL. Talk i (1…450) is "Talk i", in
 * track Alpha for i ≤ 250, Beta for 251…420, no track for the last 30; Beginner when i is even;
 * a Workshop when i is a multiple of 3, else a Talk; given by Speaker ((i − 1) mod 230) + 1, so
 * 230 speakers; and every talk's text holds "zebra". Gamma is a track without talks.
 * Program page order is then talk 1…450; 200 to a page: three pages.
 */
async function bigConf(db: Database): Promise<void> {
  await db.execute(sql`insert into events (slug, name) values ('big', 'Big Conf')`);
  await db.execute(sql`
    insert into tracks (event_id, slug, name, position)
    select id, t.slug, t.name, t.position from events,
      (values ('alpha', 'Alpha', 1), ('beta', 'Beta', 2), ('gamma', 'Gamma', 3)) as t(slug, name, position)
    where events.slug = 'big'`);
  await db.execute(sql`
    insert into levels (event_id, slug, name, position) select id, 'beginner', 'Beginner', 1 from events where slug = 'big'`);
  await db.execute(sql`
    insert into session_types (event_id, slug, name, duration_minutes, position)
    select id, s.slug, s.name, s.minutes, s.position from events,
      (values ('talk', 'Talk', 30, 1), ('workshop', 'Workshop', 90, 2)) as s(slug, name, minutes, position)
    where events.slug = 'big'`);
  await db.execute(sql`
    insert into speakers (event_id, slug, name, name_key)
    select e.id, 'speaker-' || i, 'Speaker ' || lpad(i::text, 3, '0'), 'Speaker ' || lpad(i::text, 3, '0')
    from events e, generate_series(1, 230) i where e.slug = 'big'`);
  await db.execute(sql`
    insert into talks (event_id, slug, title, position, description, track_id, level_id, session_type_id, search)
    select e.id, 'talk-' || i, 'Talk ' || i, i, 'A talk about zebra number ' || i,
      case when i <= 250 then (select id from tracks where event_id = e.id and slug = 'alpha')
           when i <= 420 then (select id from tracks where event_id = e.id and slug = 'beta') end,
      case when i % 2 = 0 then (select id from levels where event_id = e.id) end,
      (select id from session_types where event_id = e.id and slug = case when i % 3 = 0 then 'workshop' else 'talk' end),
      to_tsvector('english', 'Talk ' || i || ' zebra')
    from events e, generate_series(1, 450) i where e.slug = 'big'`);
  await db.execute(sql`
    insert into talk_speakers (talk_id, speaker_id, position)
    select t.id, s.id, 0 from talks t
      join speakers s on s.event_id = t.event_id and s.slug = 'speaker-' || ((t.position - 1) % 230 + 1)`);
}

const t = testAppPerFile(bigConf);

function get(url: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url });
}

/** Talks 'from'…'to' as the program links them. */
function talkPaths(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `/big/talks/talk-${from + i}`);
}

/** The links of the page's pager, as text → address. */
function pagerLinks(body: string): { href: string; text: string }[] {
  const start = body.indexOf('<nav class="day-nav pager"');
  if (start < 0) return [];
  return links(body.slice(start, body.indexOf('</nav>', start)));
}

function talkCards(body: string): number {
  return tags(body).filter((tag) => tag.name === 'li' && tag.attributes.some(([, v]) => v === 'talk-card')).length;
}

/** The headings of the program page's track sections, as read. */
function sections(body: string): string[] {
  return [...body.matchAll(/<h2 id="track-[^"]*" class="track-section__title">([\s\S]*?)<\/h2>/g)].map((m) =>
    visibleText(m[1]!),
  );
}

function trackIndex(body: string): { href: string; text: string }[] {
  const start = body.indexOf('<nav class="track-index"');
  return links(body.slice(start, body.indexOf('</nav>', start)));
}

describe('the program page of a big program', () => {
  it('shows the first 200 talks, track by track, with an index reaching every track and a link to the next page', async () => {
    const response = await get('/big');

    expect(response.statusCode).toBe(200);
    expect(talkCards(response.body)).toBe(200);
    expect(linkedPaths(response.body, '/big/talks/')).toEqual(talkPaths(1, 200));
    const text = visibleText(response.body);
    expect(text).toContain('Showing all 450 talks. 1–200 on this page.');
    expect(sections(response.body)).toEqual(['Alpha 250 talks']);
    expect(trackIndex(response.body)).toEqual([
      { href: '#track-alpha', text: 'Alpha 250 talks' },
      { href: '/big?page=2#track-beta', text: 'Beta 170 talks' },
    ]);
    expect(response.body).toContain('<nav class="track-index" aria-label="All tracks">');
    expect(pagerLinks(response.body)).toEqual([{ href: '/big?page=2', text: 'Next page' }]);
    expect(text).toContain('Page 1 of 3 Next page');
  });

  it('goes on with a track where the previous page left it, and links back and on', async () => {
    const response = await get('/big?page=2');

    expect(response.statusCode).toBe(200);
    expect(linkedPaths(response.body, '/big/talks/')).toEqual(talkPaths(201, 400));
    const text = visibleText(response.body);
    expect(text).toContain('Showing all 450 talks. 201–400 on this page.');
    expect(sections(response.body)).toEqual(['Alpha 250 talks, continued', 'Beta 170 talks']);
    expect(trackIndex(response.body)).toEqual([
      { href: '/big#track-alpha', text: 'Alpha 250 talks' },
      { href: '#track-beta', text: 'Beta 170 talks' },
    ]);
    expect(pagerLinks(response.body)).toEqual([
      { href: '/big', text: 'Previous page' },
      { href: '/big?page=3', text: 'Next page' },
    ]);
  });

  it('ends with the talks in no track on the last page, and has no page after it', async () => {
    const last = await get('/big?page=3');

    expect(linkedPaths(last.body, '/big/talks/')).toEqual(talkPaths(401, 450));
    const text = visibleText(last.body);
    expect(sections(last.body)).toEqual(['Beta 170 talks, continued', 'Other talks']);
    expect(pagerLinks(last.body)).toEqual([{ href: '/big?page=2', text: 'Previous page' }]);
    expect(text).toContain('Previous page Page 3 of 3');
    const past = await get('/big?page=4');
    expect(past.statusCode).toBe(404);
    expect(visibleText(past.body)).toContain('There is no page 4 of the program of Big Conf: there are 3.');
  });

  it('refuses page 0 and a page that is not a number with a 400 naming page', async () => {
    for (const url of ['/big?page=0', '/big?page=two', '/big/speakers?page=0', '/big/tracks/alpha?page=-1']) {
      const response = await get(url);
      expect([url, response.statusCode]).toEqual([url, 400]);
      expect(visibleText(response.body)).toContain('page');
    }
  });

  it('keeps the filters in the links between pages, and pages only what they keep', async () => {
    const first = await get('/big?level=beginner&type=workshop');
    // Multiples of 6: 75 talks, one page.
    expect(talkCards(first.body)).toBe(75);
    expect(pagerLinks(first.body)).toEqual([]);
    expect(visibleText(first.body)).toContain('Showing 75 of 450 talks for beginner level of the type Workshop.');

    const second = await get('/big?level=beginner&page=2');
    // 225 even talks: 200, then 25, from talk 402 on.
    expect(linkedPaths(second.body, '/big/talks/')).toEqual(
      Array.from({ length: 25 }, (_, i) => `/big/talks/talk-${402 + 2 * i}`),
    );
    expect(visibleText(second.body)).toContain('Showing 225 of 450 talks for beginner level. 201–225 on this page.');
    expect(pagerLinks(second.body)).toEqual([{ href: '/big?level=beginner', text: 'Previous page' }]);
    expect(pagerLinks((await get('/big?track=alpha&type=talk')).body)).toEqual([]);
    expect(pagerLinks((await get('/big?type=talk')).body)).toEqual([
      { href: '/big?type=talk&page=2', text: 'Next page' },
    ]);
    expect((await get('/big?level=beginner&page=3')).statusCode).toBe(404);
  });

  it('keeps the page and the filters in the language switch', async () => {
    const response = await get('/big?level=beginner&page=2');

    expect(links(response.body)).toContainEqual({ href: '/big?level=beginner&page=2&lang=de', text: 'Deutsch' });
    const german = await get('/big?level=beginner&page=2&lang=de');
    expect(visibleText(german.body)).toContain('201–225 auf dieser Seite.');
    expect(pagerLinks(german.body)).toEqual([{ href: '/big?level=beginner', text: 'Vorige Seite' }]);
  });

  it('shows the talks of a session type, not the whole program kept from an earlier request', async () => {
    await get('/big');

    const workshops = await get('/big?type=workshop');

    expect(talkCards(workshops.body)).toBe(150);
    expect(visibleText(workshops.body)).toContain('Showing 150 of 450 talks of the type Workshop.');
  });
});

describe('the speakers of a big program', () => {
  it('lists 200 speakers a page, in alphabetical order, with links between the pages', async () => {
    const first = await get('/big/speakers');
    const second = await get('/big/speakers?page=2');

    const speakers = (body: string) => linkedPaths(body, '/big/speakers/');
    expect(speakers(first.body)).toEqual(Array.from({ length: 200 }, (_, i) => `/big/speakers/speaker-${i + 1}`));
    expect(visibleText(first.body)).toContain('230 speakers, in alphabetical order. 1–200 on this page.');
    expect(pagerLinks(first.body)).toEqual([{ href: '/big/speakers?page=2', text: 'Next page' }]);
    expect(speakers(second.body)).toEqual(Array.from({ length: 30 }, (_, i) => `/big/speakers/speaker-${i + 201}`));
    expect(pagerLinks(second.body)).toEqual([{ href: '/big/speakers', text: 'Previous page' }]);
    const past = await get('/big/speakers?page=3');
    expect(past.statusCode).toBe(404);
    expect(visibleText(past.body)).toContain('There is no page 3 of the speakers of Big Conf: there are 2.');
  });
});

describe('the page of a big track', () => {
  it("lists the track's talks 200 a page", async () => {
    const first = await get('/big/tracks/alpha');
    const second = await get('/big/tracks/alpha?page=2');

    expect(linkedPaths(first.body, '/big/talks/')).toEqual(talkPaths(1, 200));
    expect(visibleText(first.body)).toContain('250 talks in this track. 1–200 on this page.');
    expect(pagerLinks(first.body)).toEqual([{ href: '/big/tracks/alpha?page=2', text: 'Next page' }]);
    expect(linkedPaths(second.body, '/big/talks/')).toEqual(talkPaths(201, 250));
    expect(pagerLinks(second.body)).toEqual([{ href: '/big/tracks/alpha', text: 'Previous page' }]);
    const past = await get('/big/tracks/alpha?page=3');
    expect(past.statusCode).toBe(404);
    expect(visibleText(past.body)).toContain('There is no page 3 of the talks in Alpha: there are 2.');
  });

  it('shows a track of fewer talks on one page without a pager, and an empty track as its one page', async () => {
    const beta = await get('/big/tracks/beta');
    expect(talkCards(beta.body)).toBe(170);
    expect(visibleText(beta.body)).toContain('170 talks in this track. Filter');
    expect(pagerLinks(beta.body)).toEqual([]);
    expect((await get('/big/tracks/gamma')).statusCode).toBe(200);
    expect((await get('/big/tracks/gamma?page=2')).statusCode).toBe(404);
  });
});

describe('search in a big program', () => {
  it('shows 50 results a page, numbered on from the previous page, keeping the query and filters in the links', async () => {
    const first = await get('/big/search?q=zebra');
    const second = await get('/big/search?q=zebra&page=2');

    // Every talk matches alike: the ranking keeps program order, and a search gives at most 100.
    expect(linkedPaths(first.body, '/big/talks/')).toEqual(talkPaths(1, 50));
    expect(visibleText(first.body)).toContain('100 talks found, best matches first. 1–50 on this page.');
    expect(pagerLinks(first.body)).toEqual([{ href: '/big/search?q=zebra&page=2', text: 'Next page' }]);
    expect(linkedPaths(second.body, '/big/talks/')).toEqual(talkPaths(51, 100));
    expect(second.body).toContain('<ol class="talk-list talk-list--results" start="51">');
    expect(pagerLinks(second.body)).toEqual([{ href: '/big/search?q=zebra', text: 'Previous page' }]);

    // Of the 100 hits, the talks not a multiple of 3: 67, so 17 on the second page.
    const filtered = await get('/big/search?q=zebra&track=alpha&type=talk&page=2');
    expect(talkCards(filtered.body)).toBe(17);
    expect(visibleText(filtered.body)).toContain('67 talks found, best matches first. 51–67 on this page.');
    expect(pagerLinks(filtered.body)).toEqual([
      { href: '/big/search?q=zebra&track=alpha&type=talk', text: 'Previous page' },
    ]);
    const past = await get('/big/search?q=zebra&page=3');
    expect(past.statusCode).toBe(404);
    expect(visibleText(past.body)).toContain('There is no page 3 of the results for "zebra": there are 2.');
    expect((await get('/big/search?page=2')).statusCode).toBe(404);
  });
});

describe('the pages of a big program kept offline', () => {
  it('lists every page of the program, the speakers and each track', async () => {
    const { urls } = (await get('/api/events/big/pages')).json<OfflinePages>();

    expect(urls.slice(0, 8)).toEqual([
      '/big',
      '/big?page=2',
      '/big?page=3',
      '/big/offline',
      '/big/agenda',
      '/big/speakers',
      '/big/speakers?page=2',
      '/big/tracks',
    ]);
    expect(urls.filter((url) => url.startsWith('/big/tracks/'))).toEqual([
      '/big/tracks/alpha',
      '/big/tracks/alpha?page=2',
      '/big/tracks/beta',
      '/big/tracks/gamma',
    ]);
    for (const url of urls.filter((url) => url.includes('?page='))) {
      expect([url, (await get(url)).statusCode]).toEqual([url, 200]);
    }
  });
});
