import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { favicon, myAgendaScript, offlineScript } from '../../src/web/assets.js';
import { CACHE_NONE, CACHE_PUBLIC, PUBLIC_PAGE_CSP } from '../../src/web/http-cache.js';
import { testAppPerFile, importPyBay } from '../helpers/app.js';
import { attribute, hasAttribute, linkedPaths, links, tags, titleOf, visibleText } from './html.js';
import { LEVELS, PROGRAM, programSlugs, SPEAKERS, titleOf as talkTitle, TRACKS } from './pybay-program.js';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
});

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers });
}

const HTML = 'text/html; charset=utf-8';

/** The talks of the program page, as it lists them: track by track, program order within each. */
function programPageSlugs(filter: { track?: string; level?: string } = {}): string[] {
  return TRACKS.filter((track) => !filter.track || track.slug === filter.track).flatMap((track) =>
    programSlugs({ ...filter, track: track.slug }),
  );
}

function talkPaths(slugs: string[]): string[] {
  return slugs.map((slug) => `/pybay-2016/talks/${slug}`);
}

function expectPage(response: LightMyRequestResponse, status = 200): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe(HTML);
  expect(response.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(response.body.startsWith('<!doctype html>')).toBe(true);
}

function expectCacheable(response: LightMyRequestResponse): void {
  expect(response.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
  expect(response.headers['cache-control']).toBe(CACHE_PUBLIC);
  // Pages come in English and German: which one depends on Accept-Language and the cookie too.
  expect(response.headers.vary).toBe('accept-encoding, accept-language, cookie');
}

describe('public pages of PyBay 2016', () => {
  it('lists the event with its 38 talks on the events page', async () => {
    const response = await get('/');

    expectPage(response);
    expectCacheable(response);
    expect(titleOf(response.body)).toBe('Events · Lectern');
    expect(links(response.body)).toContainEqual({ href: '/pybay-2016', text: 'PyBay 2016' });
    expect(visibleText(response.body)).toContain('PyBay 2016 38 talks');
  });

  it('shows all 38 talks on the event page, track by track, in program order within each track', async () => {
    const response = await get('/pybay-2016');

    expectPage(response);
    expectCacheable(response);
    expect(titleOf(response.body)).toBe('PyBay 2016 · Lectern');
    const text = visibleText(response.body);
    expect(text).toContain('38 talks by 38 speakers in 8 tracks.');
    expect(text).toContain('Showing all 38 talks.');
    expect(linkedPaths(response.body, '/pybay-2016/talks/')).toEqual(talkPaths(programPageSlugs()));
    expect(linkedPaths(response.body, '/pybay-2016/tracks/')).toEqual(
      TRACKS.map((track) => `/pybay-2016/tracks/${track.slug}`),
    );
    const titles = links(response.body)
      .filter((link) => link.href.startsWith('/pybay-2016/talks/'))
      .map((link) => link.text);
    expect([...new Set(titles)]).toEqual(programPageSlugs().map(talkTitle));
  });

  it('links every talk of the event page to its speakers, the untitled talk to none', async () => {
    const response = await get('/pybay-2016');

    const speakerPaths = linkedPaths(response.body, '/pybay-2016/speakers/');
    const expected = programPageSlugs().flatMap((slug) => PROGRAM.find(([s]) => s === slug)![4]);
    expect(speakerPaths).toEqual([...new Set(expected)].map((slug) => `/pybay-2016/speakers/${slug}`));
    expect(links(response.body)).toContainEqual({
      href: '/pybay-2016/speakers/kendall-chuang',
      text: 'Kendall Chuang',
    });
    expect(links(response.body)).toContainEqual({ href: '/pybay-2016/speakers/david-clark', text: 'David Clark' });
  });

  it('filters the event page by track, saying how many of the 38 talks it shows', async () => {
    const response = await get('/pybay-2016?track=all-things-web');

    expectPage(response);
    expectCacheable(response);
    expect(titleOf(response.body)).toBe('Talks in All things Web · PyBay 2016 · Lectern');
    expect(visibleText(response.body)).toContain('Showing 7 of 38 talks in All things Web.');
    expect(linkedPaths(response.body, '/pybay-2016/talks/')).toEqual(
      talkPaths([
        'flask-for-fun-and-profit',
        'automating-your-browser-and-desktop-apps',
        'django-channels-and-distributed-systems',
        'a-b-testing-harder-than-just-a-color-change',
        'tensorflow-on-the-web',
        'building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets',
        'rest-websockets-api-with-django-channels',
      ]),
    );
    const selected = tags(response.body).filter((tag) => tag.name === 'option' && hasAttribute(tag, 'selected'));
    expect(selected.map((tag) => attribute(tag, 'value'))).toEqual(['all-things-web']);
  });

  it('filters the event page by level, keeping the tracks in program order', async () => {
    const response = await get('/pybay-2016?level=beginner');

    expectPage(response);
    expect(visibleText(response.body)).toContain('Showing 6 of 38 talks for beginner level.');
    expect(linkedPaths(response.body, '/pybay-2016/talks/')).toEqual(
      talkPaths([
        'automating-your-browser-and-desktop-apps',
        'building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets',
        'one-pykid-at-a-time',
        'beautiful-documentation-oriented-programming',
        'log-visualization-for-dummies',
        'introduction-to-https-a-comedy-of-errors',
      ]),
    );
    expect(programPageSlugs({ level: 'beginner' })).toHaveLength(6);
  });

  it('filters the event page by track and level together', async () => {
    const response = await get('/pybay-2016?track=all-things-web&level=beginner');

    expectPage(response);
    expect(visibleText(response.body)).toContain('Showing 2 of 38 talks in All things Web for beginner level.');
    expect(linkedPaths(response.body, '/pybay-2016/talks/')).toEqual(
      talkPaths([
        'automating-your-browser-and-desktop-apps',
        'building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets',
      ]),
    );
  });

  it('says no talk matches a filter that selects none, and links back to all talks', async () => {
    const response = await get('/pybay-2016?track=security&level=advanced');

    expectPage(response);
    expect(visibleText(response.body)).toContain('Showing 0 of 38 talks in Security for advanced level.');
    expect(linkedPaths(response.body, '/pybay-2016/talks/')).toEqual([]);
    // Only the language switch links this filtered page (to itself, in each language).
    expect(linkedPaths(response.body, '/pybay-2016?')).toEqual([
      '/pybay-2016?track=security&level=advanced&lang=en',
      '/pybay-2016?track=security&level=advanced&lang=de',
    ]);
    expect(links(response.body).map((link) => link.href)).toContain('/pybay-2016');
  });

  it('counts each track and level of the filter form from the whole program', async () => {
    const response = await get('/pybay-2016');

    const options = visibleText(response.body);
    for (const track of TRACKS) expect(options).toContain(`${track.name} (${track.talkCount})`);
    expect(options).toContain('Beginner (6)');
    expect(options).toContain('Intermediate (31)');
    expect(options).toContain('Advanced (1)');
    expect(LEVELS.map((level) => programSlugs({ level }).length)).toEqual([6, 31, 1]);
  });

  it('shows the search results for "flask" best first', async () => {
    const response = await get('/pybay-2016/search?q=flask');

    expectPage(response);
    expectCacheable(response);
    expect(titleOf(response.body)).toBe('Search: flask · PyBay 2016 · Lectern');
    const text = visibleText(response.body);
    expect(text).toContain('Search results for “flask”');
    expect(text).toContain('7 talks found, best matches first.');
    expect(linkedPaths(response.body, '/pybay-2016/talks/')).toEqual(
      talkPaths([
        'flask-for-fun-and-profit',
        'turnkey-distributed-tracing-opentracing-and-python',
        'tensorflow-on-the-web',
        'caffe-jupyter-pandas-its-not-rocket-science-well-sorta',
        'caravel-a-data-visualization-exploration-and-dashboarding-platform',
        'untitled-talk',
        'building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets',
      ]),
    );
    const marks = tags(response.body).filter((tag) => tag.name === 'mark');
    expect(marks.length).toBeGreaterThan(0);
    expect(response.body).toContain('<mark>Flask</mark>');
  });

  it('filters search results by level, keeping their order', async () => {
    const response = await get('/pybay-2016/search?q=flask&level=intermediate');

    expectPage(response);
    expect(visibleText(response.body)).toContain('6 talks found, best matches first.');
    expect(linkedPaths(response.body, '/pybay-2016/talks/')).toEqual(
      talkPaths([
        'flask-for-fun-and-profit',
        'turnkey-distributed-tracing-opentracing-and-python',
        'tensorflow-on-the-web',
        'caffe-jupyter-pandas-its-not-rocket-science-well-sorta',
        'caravel-a-data-visualization-exploration-and-dashboarding-platform',
        'untitled-talk',
      ]),
    );
  });

  it('asks for words on the search page without a query, and finds nothing for only common words', async () => {
    const empty = await get('/pybay-2016/search');
    const blank = await get('/pybay-2016/search?q=%20%20');
    const common = await get('/pybay-2016/search?q=the');

    expectPage(empty);
    expect(titleOf(empty.body)).toBe('Search · PyBay 2016 · Lectern');
    expect(visibleText(empty.body)).toContain('Search talks');
    expect(linkedPaths(empty.body, '/pybay-2016/talks/')).toEqual([]);
    expect(blank.body).toBe(empty.body);
    expectPage(common);
    expect(visibleText(common.body)).toContain('No talks found. Try fewer or other words.');
    expect(linkedPaths(common.body, '/pybay-2016/talks/')).toEqual([]);
  });

  it('shows a talk with its speaker, track, level, description and abstract', async () => {
    const response = await get('/pybay-2016/talks/flask-for-fun-and-profit');

    expectPage(response);
    expectCacheable(response);
    expect(titleOf(response.body)).toBe('Flask for Fun and Profit · PyBay 2016 · Lectern');
    expect(tags(response.body).filter((tag) => tag.name === 'h1')).toHaveLength(1);
    expect(links(response.body)).toContainEqual({
      href: '/pybay-2016/speakers/armin-ronacher',
      text: 'Armin Ronacher',
    });
    expect(links(response.body)).toContainEqual({ href: '/pybay-2016/tracks/all-things-web', text: 'All things Web' });
    const text = visibleText(response.body);
    expect(text).toContain('Flask for Fun and Profit');
    expect(text).toContain('Intermediate');
    expect(text).toContain(
      'Learn about building small and large projects with Flask in ways you probably did not see yet.',
    );
    expect(text).toContain(
      'This talk explores how you can build applications and APIs with Flask step by step by being easy to test and scale to larger and more complex scenarios.',
    );
    expect(text).toContain('Armin Ronacher is a Python developer, creator of the Flask framework');
    expect(response.body).toContain('<p>The talk will also go a bit into the history');
  });

  it('shows both speakers of a two-speaker talk, in page order, each with their own bio', async () => {
    const response = await get('/pybay-2016/talks/tensorflow-on-the-web');

    expectPage(response);
    expect(linkedPaths(response.body, '/pybay-2016/speakers/')).toEqual([
      '/pybay-2016/speakers/kendall-chuang',
      '/pybay-2016/speakers/david-clark',
    ]);
    const text = visibleText(response.body);
    const kendall = text.indexOf('Kendall is a lead software engineer at YesGraph');
    const david = text.indexOf('David Clark has a background in astrophysics');
    expect(kendall).toBeGreaterThan(0);
    expect(david).toBeGreaterThan(kendall);
  });

  it('shows the untitled talk under its placeholder title, with no speaker', async () => {
    const response = await get('/pybay-2016/talks/untitled-talk');

    expectPage(response);
    expect(titleOf(response.body)).toBe('Untitled talk · PyBay 2016 · Lectern');
    expect(linkedPaths(response.body, '/pybay-2016/speakers/')).toEqual([]);
    expect(links(response.body)).toContainEqual({ href: '/pybay-2016/tracks/fundamentals', text: 'Fundamentals' });
    expect(visibleText(response.body)).toContain('We talk about magic tongue-in-cheek');
  });

  it('shows the speaker with two talks with both, in program order, and their bio', async () => {
    const response = await get('/pybay-2016/speakers/alex-martelli');

    expectPage(response);
    expectCacheable(response);
    expect(titleOf(response.body)).toBe('Alex Martelli · PyBay 2016 · Lectern');
    expect(linkedPaths(response.body, '/pybay-2016/talks/')).toEqual(
      talkPaths(['good-enough-is-good-enough', 'the-tower-of-abstraction']),
    );
    expect(links(response.body)).toContainEqual({
      href: '/pybay-2016/talks/good-enough-is-good-enough',
      text: '"Good Enough" IS Good Enough!',
    });
    expect(visibleText(response.body)).toContain('Author of "Python in a Nutshell"');
  });

  it('lists the 38 speakers alphabetically on the speakers page', async () => {
    const response = await get('/pybay-2016/speakers');

    expectPage(response);
    expectCacheable(response);
    expect(titleOf(response.body)).toBe('Speakers · PyBay 2016 · Lectern');
    expect(visibleText(response.body)).toContain('38 speakers, in alphabetical order.');
    expect(linkedPaths(response.body, '/pybay-2016/speakers/')).toEqual(
      SPEAKERS.map(([slug]) => `/pybay-2016/speakers/${slug}`),
    );
    const names = links(response.body)
      .filter((link) => link.href.startsWith('/pybay-2016/speakers/'))
      .map((link) => link.text);
    expect(names).toEqual(SPEAKERS.map(([, name]) => name));
  });

  it('lists the 8 tracks in program order with their talk counts on the tracks page', async () => {
    const response = await get('/pybay-2016/tracks');

    expectPage(response);
    expectCacheable(response);
    expect(titleOf(response.body)).toBe('Tracks · PyBay 2016 · Lectern');
    expect(links(response.body).filter((link) => link.href.startsWith('/pybay-2016/tracks/'))).toEqual(
      TRACKS.map((track) => ({ href: `/pybay-2016/tracks/${track.slug}`, text: track.name })),
    );
    const text = visibleText(response.body);
    for (const track of TRACKS) expect(text).toContain(`${track.name} ${track.talkCount} talks`);
  });

  it('lists the talks of a track in program order on its page, with a link to the filtered program', async () => {
    const response = await get('/pybay-2016/tracks/dealing-with-data');

    expectPage(response);
    expectCacheable(response);
    expect(titleOf(response.body)).toBe('Dealing with Data · PyBay 2016 · Lectern');
    expect(visibleText(response.body)).toContain('10 talks in this track.');
    expect(linkedPaths(response.body, '/pybay-2016/talks/')).toEqual(
      talkPaths(programSlugs({ track: 'dealing-with-data' })),
    );
    expect(links(response.body).map((link) => link.href)).toContain('/pybay-2016?track=dealing-with-data');
  });

  it('serves a page the same with a trailing slash', async () => {
    const plain = await get('/pybay-2016/speakers');
    const slashed = await get('/pybay-2016/speakers/');

    expect(slashed.statusCode).toBe(200);
    expect(slashed.body).toBe(plain.body);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await t.app.inject({ method: 'HEAD', url: '/pybay-2016' });
    const full = await get('/pybay-2016');

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe(full.headers.etag);
    expect(response.headers['content-length']).toBe(String(full.rawPayload.length));
    expect(response.body).toBe('');
  });

  it('puts every public page behind the same security headers', async () => {
    const urls = [
      '/',
      '/pybay-2016',
      '/pybay-2016?track=etc',
      '/pybay-2016/search?q=python',
      '/pybay-2016/talks/untitled-talk',
      '/pybay-2016/speakers',
      '/pybay-2016/speakers/darlene-wong',
      '/pybay-2016/tracks',
      '/pybay-2016/tracks/etc',
    ];
    for (const url of urls) {
      const response = await get(url);
      expectPage(response);
      expectCacheable(response);
      // Pages work without JavaScript; their two scripts, deferred, from this origin, nothing
      // inline: My agenda's stars, and the offline service worker's registration.
      expect(
        tags(response.body)
          .filter((tag) => tag.name === 'script')
          .map((tag) => tag.attributes),
      ).toEqual([
        [
          ['src', myAgendaScript.url],
          ['defer', undefined],
        ],
        [['src', offlineScript.url], ['defer', undefined], ...(url === '/' ? [] : [['data-event', 'pybay-2016']])],
      ]);
    }
  });
});

describe('public error pages', () => {
  function expectErrorPage(response: LightMyRequestResponse, status: number): string {
    expectPage(response, status);
    expect(response.headers['cache-control']).toBe(CACHE_NONE);
    return visibleText(response.body);
  }

  it('answers an unknown event with a 404 page that links to all events', async () => {
    const response = await get('/pycon-1999');

    const text = expectErrorPage(response, 404);
    expect(titleOf(response.body)).toBe('Page not found · Lectern');
    expect(text).toContain('There is no event "pycon-1999".');
    expect(links(response.body).map((link) => link.href)).toContain('/');
  });

  it('answers an unknown talk, speaker and track with a 404 page naming it and leading back to the program', async () => {
    const cases: [string, string][] = [
      ['/pybay-2016/talks/flask-for-profit', 'There is no talk "flask-for-profit" in PyBay 2016.'],
      ['/pybay-2016/speakers/guido-van-rossum', 'There is no speaker "guido-van-rossum" in PyBay 2016.'],
      ['/pybay-2016/tracks/web', 'There is no track "web" in PyBay 2016.'],
      ['/pycon-1999/talks/flask-for-fun-and-profit', 'There is no event "pycon-1999".'],
    ];
    for (const [url, message] of cases) {
      const response = await get(url);
      const text = expectErrorPage(response, 404);
      expect(text).toContain(message);
      expect(text).toContain('Page not found');
    }
    const inEvent = await get('/pybay-2016/talks/flask-for-profit');
    expect(titleOf(inEvent.body)).toBe('Page not found · PyBay 2016 · Lectern');
    expect(links(inEvent.body).map((link) => link.href)).toContain('/pybay-2016');
  });

  it('answers an address no route knows with a 404 page', async () => {
    for (const url of ['/pybay-2016/timetable', '/pybay-2016/talks', '/pybay-2016/talks/a/b', '/favicon.ico/x']) {
      const response = await get(url);
      const text = expectErrorPage(response, 404);
      expect(text).toContain('There is no page at this address.');
    }
  });

  it('answers a POST to a page with a 404 page', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/pybay-2016', payload: 'a=1' });

    expectErrorPage(response, 404);
  });

  it('answers an unknown track or level with a 400 page naming the parameter and the choices', async () => {
    const track = await get('/pybay-2016?track=web');
    const level = await get('/pybay-2016?level=expert');
    const searchLevel = await get('/pybay-2016/search?q=flask&level=expert');

    expect(expectErrorPage(track, 400)).toContain(
      'track: no track "web" in PyBay 2016; tracks are language-internals, all-things-web, scalable-python, performant-python, etc, fundamentals, dealing-with-data, security',
    );
    expect(expectErrorPage(level, 400)).toContain(
      'level: no level "expert" in PyBay 2016; levels are beginner, intermediate, advanced',
    );
    expect(expectErrorPage(searchLevel, 400)).toContain('level: no level "expert"');
    expect(titleOf(track.body)).toBe('Bad Request · PyBay 2016 · Lectern');
  });

  it('answers a search longer than 200 characters with a 400 page naming q', async () => {
    const response = await get(`/pybay-2016/search?q=${'a'.repeat(201)}`);
    const longest = await get(`/pybay-2016/search?q=${'a'.repeat(200)}`);

    expect(expectErrorPage(response, 400)).toContain('query parameter "q" must NOT have more than 200 characters');
    expect(longest.statusCode).toBe(200);
  });

  it('answers a repeated filter parameter with a 400 page naming it', async () => {
    const response = await get('/pybay-2016?track=etc&track=security');

    expect(expectErrorPage(response, 400)).toContain('query parameter "track" must be string');
  });

  it('answers a malformed %-escape with a 400 page rather than a bare error', async () => {
    const response = await get('/pybay-2016/talks/%E0%A4%A');

    expect(expectErrorPage(response, 400)).toContain('This address is not valid: it holds a malformed %-escape.');
  });

  it('answers a path segment longer than any slug with a 414 page', async () => {
    const response = await get(`/pybay-2016/talks/${'a'.repeat(201)}`);

    expect(expectErrorPage(response, 414)).toContain('This address is too long');
  });

  it('searches text holding control characters instead of failing', async () => {
    // A NUL is refused for every route (test/routes/input-edge.test.ts); any other control character is searched as a space.
    const response = await get('/pybay-2016/search?q=%01flask%02%03%1F');

    expectPage(response);
    expect(linkedPaths(response.body, '/pybay-2016/talks/')[0]).toBe('/pybay-2016/talks/flask-for-fun-and-profit');
  });
});

describe('robots.txt and the icon', () => {
  it('lets crawlers read the program but not the back office, the speaker area or accounts', async () => {
    const response = await get('/robots.txt');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toBe(
      [
        'User-agent: *',
        'Disallow: /orga/',
        'Disallow: /login',
        'Disallow: /signup',
        'Disallow: /password/',
        'Disallow: /account',
        'Disallow: /*/me/',
        'Allow: /',
        '',
      ].join('\n'),
    );
  });

  it('links the icon from every page, and serves it at /favicon.ico too', async () => {
    for (const url of ['/', '/pybay-2016', '/login']) {
      const icons = tags((await get(url)).body).filter(
        (tag) => tag.name === 'link' && attribute(tag, 'rel') === 'icon',
      );
      expect(
        icons.map((tag) => [attribute(tag, 'href'), attribute(tag, 'type')]),
        url,
      ).toEqual([[favicon.url, 'image/svg+xml']]);
    }
    const [asset, legacy] = [await get(favicon.url), await get('/favicon.ico')];
    expect([asset.statusCode, legacy.statusCode]).toEqual([200, 200]);
    expect(legacy.headers['content-type']).toBe('image/svg+xml');
    expect(legacy.rawPayload).toEqual(asset.rawPayload);
    expect(asset.body.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});
