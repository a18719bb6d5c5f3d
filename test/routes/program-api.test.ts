import { Validator } from '@seriousme/openapi-schema-validator';
import type { LightMyRequestResponse } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { events, talks } from '../../src/db/schema.js';
import { importTalksPage } from '../../src/modules/exchange/index.js';
import { CACHE_NONE, CACHE_PUBLIC } from '../../src/web/http-cache.js';
import { testAppPerFile, importPyBay } from '../helpers/app.js';
import { tokenize } from './html.js';
import { responseSchema, schemaViolations, type OpenApiDocument } from './openapi-document.js';
import { LEVELS, PROGRAM, programSlugs, SPEAKERS, TRACKS } from './pybay-program.js';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
});
let spec: OpenApiDocument;

beforeEach(async () => {
  spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
});

/**
 * GETs an API path and checks the answer against the schema its route publishes for that
 * status: every body these tests read has passed its own route's response schema.
 */
async function api(url: string): Promise<LightMyRequestResponse> {
  const response = await t.app.inject({ method: 'GET', url });
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['access-control-allow-origin']).toBe('*');
  expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  const path = url.split('?')[0]!;
  const schema = responseSchema(spec, 'GET', path, response.statusCode);
  expect(schemaViolations(schema, response.json()), `${url} (${response.statusCode})`).toEqual([]);
  if (response.statusCode === 200) {
    expect(response.headers['cache-control']).toBe(CACHE_PUBLIC);
    expect(response.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(response.headers.vary).toBe('accept-encoding');
  } else {
    expect(response.headers['cache-control']).toBe(CACHE_NONE);
  }
  return response;
}

const FLASK_TALK = {
  slug: 'flask-for-fun-and-profit',
  url: '/pybay-2016/talks/flask-for-fun-and-profit',
  title: 'Flask for Fun and Profit',
  track: { slug: 'all-things-web', name: 'All things Web' },
  level: 'intermediate',
  sessionType: null,
  description: 'Learn about building small and large projects with Flask in ways you probably did not see yet.',
  abstract:
    'This talk explores how you can build applications and APIs with Flask step by step by being easy to test and scale to larger and more complex scenarios.\n\nThe talk will also go a bit into the history of some design decisions in Flask and what works well and in which areas you might want to mix it with other technologies for better results.',
  speakers: [{ slug: 'armin-ronacher', name: 'Armin Ronacher' }],
  needsAttention: false,
  start: null,
  end: null,
  room: null,
};

const UNTITLED_TALK = {
  slug: 'untitled-talk',
  url: '/pybay-2016/talks/untitled-talk',
  title: 'Untitled talk',
  track: { slug: 'fundamentals', name: 'Fundamentals' },
  level: 'intermediate',
  sessionType: null,
  description:
    'We talk about magic tongue-in-cheek and often with a negative connotation.  This talk will look to clearly define magic and answer the question of "when is magic harmful?"',
  abstract:
    'This talk will look into some libraries we use (and love!) and the magic that powers them.\n\nWe will look at how things like namedtuple, Django models, and the Flask request object are implemented. We will look at how each of these libraries encapsulates complexity. At the end of the talk (hopefully) we will understand more about the internals of these libraries and have new tools to gauge if magic should be considered harmful for yourself.',
  speakers: [],
  needsAttention: true,
  start: null,
  end: null,
  room: null,
};

const TENSORFLOW_TALK = {
  slug: 'tensorflow-on-the-web',
  url: '/pybay-2016/talks/tensorflow-on-the-web',
  title: 'TensorFlow on the Web',
  track: { slug: 'all-things-web', name: 'All things Web' },
  level: 'intermediate',
  sessionType: null,
  description:
    'This talk will be about walking through the steps to put a TensorFlow project into production on the web with Flask and Heroku. The goal is to introduce the project and show how TensorFlow can be used online for real data tasks, and discuss other considerations for deployment of a TensorFlow project.',
  abstract:
    'TensorFlow is a deep learning library with Python and C++ bindings that was released in 2015. The talk start with a brief intro to TensorFlow, and then dive into the specific steps to set up a simple project that can be served online.',
  speakers: [
    { slug: 'kendall-chuang', name: 'Kendall Chuang' },
    { slug: 'david-clark', name: 'David Clark' },
  ],
  needsAttention: false,
  start: null,
  end: null,
  room: null,
};

/** The talk as the API gives it: with its GUID, which the import drew at random. */
async function withGuid<T extends { slug: string }>(talk: T): Promise<T & { guid: string }> {
  const [row] = await t.db.select({ guid: talks.guid }).from(talks).where(eq(talks.slug, talk.slug));
  return { ...talk, guid: row!.guid };
}

interface ApiTalk {
  slug: string;
  url: string;
  title: string;
  track: { slug: string; name: string } | null;
  level: string | null;
  speakers: { slug: string; name: string }[];
  needsAttention: boolean;
  snippet?: string;
}

function slugsOf(response: LightMyRequestResponse): string[] {
  return (response.json().talks as ApiTalk[]).map((talk) => talk.slug);
}

describe('GET /api/events', () => {
  it('lists PyBay 2016 with its 38 talks', async () => {
    const response = await api('/api/events');

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(
      '{"events":[{"slug":"pybay-2016","name":"PyBay 2016","talkCount":38,"startDate":null,"endDate":null,"timezone":"UTC","venue":null,"description":"","logoUrl":null,"cfp":null}],"total":1,"next":null}',
    );
  });

  it('lists no event once the only one is gone', async () => {
    await t.db.delete(events);
    await t.agenda.loadAll();

    expect((await api('/api/events')).body).toBe('{"events":[],"total":0,"next":null}');
  });

  it('lists events by name', async () => {
    await importTalksPage(t.db, {
      eventSlug: 'aaa-conf',
      eventName: 'Zeta Conf',
      content: 'One Talk\n\nAda Lovelace\n\nWeb, Beginner\n\nDescription: Hello.\n',
    });
    await t.agenda.loadAll();

    expect((await api('/api/events')).json()).toEqual({
      events: [
        {
          slug: 'pybay-2016',
          name: 'PyBay 2016',
          talkCount: 38,
          startDate: null,
          endDate: null,
          timezone: 'UTC',
          venue: null,
          description: '',
          logoUrl: null,
          cfp: null,
        },
        {
          slug: 'aaa-conf',
          name: 'Zeta Conf',
          talkCount: 1,
          startDate: null,
          endDate: null,
          timezone: 'UTC',
          venue: null,
          description: '',
          logoUrl: null,
          cfp: null,
        },
      ],
      total: 2,
      next: null,
    });
  });
});

describe('GET /api/events/{event}/talks', () => {
  it('lists the 38 talks in program order with their track, level and speakers', async () => {
    const response = await api('/api/events/pybay-2016/talks');

    const talks = response.json().talks as ApiTalk[];
    expect(
      talks.map((talk) => [talk.slug, talk.title, talk.track?.slug, talk.level, talk.speakers.map((s) => s.slug)]),
    ).toEqual(PROGRAM);
    for (const talk of talks) {
      expect(talk.url).toBe(`/pybay-2016/talks/${talk.slug}`);
      expect(talk.track).toEqual({
        slug: talk.track!.slug,
        name: TRACKS.find((tr) => tr.slug === talk.track!.slug)!.name,
      });
      expect(LEVELS).toContain(talk.level);
      expect(talk.needsAttention).toBe(talk.slug === 'untitled-talk');
      expect(talk).not.toHaveProperty('snippet');
    }
  });

  it('gives each talk exactly its fields, Markdown paragraphs kept', async () => {
    const talks = (await api('/api/events/pybay-2016/talks')).json().talks as ApiTalk[];

    expect(talks.find((talk) => talk.slug === 'flask-for-fun-and-profit')).toEqual(await withGuid(FLASK_TALK));
    expect(talks.find((talk) => talk.slug === 'untitled-talk')).toEqual(await withGuid(UNTITLED_TALK));
    expect(talks.find((talk) => talk.slug === 'tensorflow-on-the-web')).toEqual(await withGuid(TENSORFLOW_TALK));
    expect(Object.keys(talks[0]!)).toEqual([
      'slug',
      'guid',
      'url',
      'title',
      'track',
      'level',
      'sessionType',
      'description',
      'abstract',
      'speakers',
      'needsAttention',
      'start',
      'end',
      'room',
    ]);
  });

  it('filters by track, by level and by both, in program order', async () => {
    const byTrack = await api('/api/events/pybay-2016/talks?track=all-things-web');
    const byLevel = await api('/api/events/pybay-2016/talks?level=beginner');
    const both = await api('/api/events/pybay-2016/talks?track=dealing-with-data&level=beginner');
    const none = await api('/api/events/pybay-2016/talks?track=security&level=advanced');

    expect(slugsOf(byTrack)).toEqual(programSlugs({ track: 'all-things-web' }));
    expect(slugsOf(byTrack)).toHaveLength(7);
    expect(slugsOf(byLevel)).toEqual([
      'automating-your-browser-and-desktop-apps',
      'beautiful-documentation-oriented-programming',
      'introduction-to-https-a-comedy-of-errors',
      'building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets',
      'log-visualization-for-dummies',
      'one-pykid-at-a-time',
    ]);
    expect(slugsOf(both)).toEqual(['log-visualization-for-dummies']);
    expect(none.json()).toEqual({ talks: [], total: 0, next: null });
  });

  it('searches with q, best match first, each talk with a snippet marking the matched words', async () => {
    const response = await api('/api/events/pybay-2016/talks?q=flask');

    const talks = response.json().talks as ApiTalk[];
    expect(talks.map((talk) => talk.slug)).toEqual([
      'flask-for-fun-and-profit',
      'turnkey-distributed-tracing-opentracing-and-python',
      'tensorflow-on-the-web',
      'caffe-jupyter-pandas-its-not-rocket-science-well-sorta',
      'caravel-a-data-visualization-exploration-and-dashboarding-platform',
      'untitled-talk',
      'building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets',
    ]);
    const { snippet, ...rest } = talks[0]!;
    expect(rest).toEqual(await withGuid(FLASK_TALK));
    for (const talk of talks) {
      expect(talk.snippet).toMatch(/<mark>flask<\/mark>/i);
      // The snippet is escaped text: its only elements are the marks.
      const elements = tokenize(talk.snippet!).flatMap((token) => (token.kind === 'tag' ? [token.tag.name] : []));
      expect(new Set(elements)).toEqual(new Set(['mark']));
    }
    // From the texts, never the title, which the result shows already.
    expect(snippet).not.toContain('Flask</mark> for Fun and Profit');
    expect(snippet!.startsWith('Learn about building small and large projects with <mark>Flask</mark> in ways')).toBe(
      true,
    );
  });

  it('escapes the text around the marks of a snippet', async () => {
    const talks = (await api('/api/events/pybay-2016/talks?q=%22Good%20Enough%22')).json().talks as ApiTalk[];

    expect(talks.map((talk) => talk.slug)).toEqual([
      'good-enough-is-good-enough',
      'python-profiling-and-performance-elementary-to-enterprise',
    ]);
    expect(talks[0]!.snippet).toContain(
      'keeping the software simple, just &#34;<mark>good</mark> <mark>enough</mark>&#34;, launch it early',
    );
    expect(talks[0]!.snippet).toContain('Winners of the &#34;mind-share battles&#34;');
  });

  it('filters search results by track and level, keeping their order', async () => {
    const response = await api('/api/events/pybay-2016/talks?q=flask&track=all-things-web');
    const beginner = await api('/api/events/pybay-2016/talks?q=flask&level=beginner');

    expect(slugsOf(response)).toEqual([
      'flask-for-fun-and-profit',
      'tensorflow-on-the-web',
      'building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets',
    ]);
    expect(slugsOf(beginner)).toEqual(['building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets']);
  });

  it('lists the program without snippets for an empty or blank q', async () => {
    const empty = await api('/api/events/pybay-2016/talks?q=');
    const blank = await api('/api/events/pybay-2016/talks?q=%20%09');
    const all = await api('/api/events/pybay-2016/talks');

    expect(empty.body).toBe(all.body);
    expect(blank.body).toBe(all.body);
  });

  it('finds nothing for a query of only common words or only operators', async () => {
    for (const q of ['the', '%22%22', '-', 'or', '%27%3A*%26%7C%21()']) {
      expect((await api(`/api/events/pybay-2016/talks?q=${q}`)).json(), q).toEqual({ talks: [], total: 0, next: null });
    }
  });

  it('searches text holding control characters as if they were spaces', async () => {
    const response = await api('/api/events/pybay-2016/talks?q=%01flask%02%03');

    expect(slugsOf(response)[0]).toBe('flask-for-fun-and-profit');
  });

  it('refuses a NUL character in the query with a 400 naming it', async () => {
    const response = await api('/api/events/pybay-2016/talks?q=%00flask');

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'query parameter "q" contains a NUL character',
      parameter: 'q',
    });
  });
});

describe('GET /api/events/{event}/talks/{talk}', () => {
  it('answers one talk by its slug', async () => {
    const tensorflow = await api('/api/events/pybay-2016/talks/tensorflow-on-the-web');
    const untitled = await api('/api/events/pybay-2016/talks/untitled-talk');

    expect(tensorflow.json()).toEqual(await withGuid(TENSORFLOW_TALK));
    expect(untitled.json()).toEqual(await withGuid(UNTITLED_TALK));
  });

  it('answers an unknown talk with a 404 JSON error', async () => {
    const response = await api('/api/events/pybay-2016/talks/flask-for-profit');

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'There is no talk "flask-for-profit" in PyBay 2016.',
    });
  });
});

describe('GET /api/events/{event}/speakers', () => {
  it('lists the 38 speakers by name, each with the slugs of their talks', async () => {
    const speakers = (await api('/api/events/pybay-2016/speakers')).json().speakers as {
      slug: string;
      name: string;
      biography: string;
      photoUrl: string | null;
      links: { title: string; url: string }[];
      talks: string[];
    }[];

    expect(speakers.map((s) => [s.slug, s.name, s.talks])).toEqual(SPEAKERS);
    expect(speakers.find((s) => s.slug === 'alex-martelli')).toEqual({
      slug: 'alex-martelli',
      name: 'Alex Martelli',
      biography:
        'Author of "Python in a Nutshell", co-author of "Python Cookbook", PSF Fellow, frequent speaker at Python conferences, prolific contributor to StackOverflow, and winner of the 2006 Frank Willison Memorial Award for contributions to Python, Alex currently leads "1:many tech support" for Google Cloud Platform. He\'s married to Anna Ravenscroft, his co-author in the "Cookbook" 2nd edition and "Nutshell" 3rd edition, also a PSF Fellow, and also a winner of the Frank Willison Memorial Award, in 2013.',
      // A talks page gives no photos, nor links.
      photoUrl: null,
      links: [],
      talks: ['good-enough-is-good-enough', 'the-tower-of-abstraction'],
    });
    const bio = (slug: string) => speakers.find((s) => s.slug === slug)!.biography;
    expect(bio('kendall-chuang')).toMatch(/^Kendall is a lead software engineer at YesGraph/);
    expect(bio('david-clark')).toMatch(/^David Clark has a background in astrophysics/);
    expect(bio('varang-amin')).not.toBe(bio('darlene-wong'));
  });
});

describe('GET /api/events/{event}/tracks', () => {
  it('lists the 8 tracks in program order with their talk counts', async () => {
    const response = await api('/api/events/pybay-2016/tracks');

    expect(response.json()).toEqual({ tracks: TRACKS.map((track) => ({ ...track, description: '', color: null })) });
  });
});

describe('API errors', () => {
  it('answers an unknown event with a 404 JSON error on every event endpoint', async () => {
    for (const path of ['talks', 'talks/flask-for-fun-and-profit', 'speakers', 'tracks', 'schedule', 'releases']) {
      const response = await api(`/api/events/pycon-1999/${path}`);
      expect(response.statusCode, path).toBe(404);
      expect(response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'There is no event "pycon-1999".',
      });
    }
  });

  it('answers an unknown track or level with a 400 naming the parameter and the choices', async () => {
    const track = await api('/api/events/pybay-2016/talks?track=web');
    const level = await api('/api/events/pybay-2016/talks?q=flask&level=expert');

    expect(track.statusCode).toBe(400);
    expect(track.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        'track: no track "web" in PyBay 2016; tracks are language-internals, all-things-web, scalable-python, performant-python, etc, fundamentals, dealing-with-data, security',
      parameter: 'track',
    });
    expect(level.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'level: no level "expert" in PyBay 2016; levels are beginner, intermediate, advanced',
      parameter: 'level',
    });
  });

  it('answers parameters the schema refuses with a 400 naming the parameter', async () => {
    const long = await api(`/api/events/pybay-2016/talks?q=${'a'.repeat(201)}`);
    const emptyTrack = await api('/api/events/pybay-2016/talks?track=');
    const repeated = await api('/api/events/pybay-2016/talks?level=beginner&level=advanced');

    expect(long.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'query parameter "q" must NOT have more than 200 characters',
      parameter: 'q',
    });
    expect(emptyTrack.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'query parameter "track" must NOT have fewer than 1 characters',
      parameter: 'track',
    });
    expect(repeated.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'query parameter "level" must be string',
      parameter: 'level',
    });
  });

  it('answers an unknown API path with a 404 JSON error pointing at the docs', async () => {
    const response = await t.app.inject({ url: '/api/programme' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'No API endpoint GET /api/programme; see /api/docs',
    });
    const posted = await t.app.inject({ method: 'POST', url: '/api?source=form' });
    expect(posted.statusCode).toBe(404);
    expect(posted.json().message).toBe('No API endpoint POST /api; see /api/docs');
  });

  it('answers a malformed %-escape in an API path with a 400 JSON error', async () => {
    const response = await t.app.inject({ url: '/api/events/pybay-2016/talks/%E0%A4%A' });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'This address is not valid: it holds a malformed %-escape.',
    });
  });
});

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const response = await t.app.inject({ url: '/api/openapi.json' });
    const validator = new Validator();

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(spec.openapi).toBe('3.1.0');
    expect(await validator.validate(response.json())).toEqual({ valid: true });
    expect(validator.version).toBe('3.1');
  });

  it('describes every API endpoint and the operations endpoints, and no page', async () => {
    const methods = Object.fromEntries(Object.entries(spec.paths).map(([path, item]) => [path, Object.keys(item)]));
    expect(methods).toEqual({
      '/api/events': ['get'],
      '/api/events/{event}': ['get'],
      '/api/events/{event}/talks': ['get'],
      '/api/events/{event}/talks/{talk}': ['get'],
      '/api/events/{event}/speakers': ['get'],
      '/api/events/{event}/tracks': ['get'],
      '/api/events/{event}/schedule': ['get'],
      '/api/events/{event}/releases': ['get'],
      '/api/events/{event}/pages': ['get'],
      '/api/events/{event}/proposals': ['get'],
      '/api/events/{event}/proposals/{code}': ['get'],
      '/api/events/{event}/reviews': ['get'],
      '/api/events/{event}/proposals/{code}/decision': ['post'],
      '/api/events/{event}/decisions': ['post'],
      '/api/events/{event}/mail/drafts': ['get'],
      '/api/events/{event}/mail/drafts/send': ['post'],
      '/api/events/{event}/webhooks': ['get', 'post'],
      '/api/events/{event}/time-slots': ['get'],
      '/api/events/{event}/days/{date}/time-slots': ['put'],
      '/api/events/{event}/agendas': ['post'],
      '/api/events/{event}/agendas/{token}': ['get', 'put'],
      '/api/events/{event}/interest/{token}': ['get', 'put'],
      '/healthz': ['get'],
      '/readyz': ['get'],
      '/metrics': ['get'],
    });
  });

  it('gives every operation an id and a JSON schema for each of its answers', async () => {
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.values(item).map((operation) => ({ path, operation })),
    );

    expect(operations.map(({ operation }) => operation.operationId).sort()).toEqual([
      'createAgenda',
      'createWebhookEndpoint',
      'decideProposal',
      'decideProposals',
      'getAgenda',
      'getEvent',
      'getInterestBallot',
      'getLiveness',
      'getMetrics',
      'getProposal',
      'getReadiness',
      'getSchedule',
      'getTalk',
      'listEvents',
      'listMailDrafts',
      'listOfflinePages',
      'listProposals',
      'listReleases',
      'listReviews',
      'listSpeakers',
      'listTalks',
      'listTimeSlots',
      'listTracks',
      'listWebhookEndpoints',
      'putInterestBallot',
      'replaceAgenda',
      'sendMailDrafts',
      'setDayTimeSlots',
    ]);
    for (const { path, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      // Creating a shared agenda or a webhook endpoint answers 201 Created; every other operation 200.
      const creates = ['createAgenda', 'createWebhookEndpoint'].includes(operation.operationId ?? '');
      expect(statuses, path).toContain(creates ? '201' : '200');
      if (path.includes('{event}')) expect(statuses, path).toContain('404');
      for (const status of statuses) {
        const answer = operation.responses[status]!;
        expect(answer.description, `${path} ${status}`).toMatch(/\S/);
        // Metrics are Prometheus's text format; every other answer is JSON.
        const type =
          path === '/metrics' && status === '200' ? 'text/plain; version=0.0.4; charset=utf-8' : 'application/json';
        expect(answer.content?.[type]?.schema, `${path} ${status}`).toBeDefined();
      }
    }
    expect(Object.keys(spec.paths['/readyz']!.get!.responses).sort()).toEqual(['200', '503']);
    expect(Object.keys(spec.paths['/metrics']!.get!.responses).sort()).toEqual(['200', '401', '403']);
    expect(Object.keys(spec.paths['/api/events/{event}/talks']!.get!.responses).sort()).toEqual(['200', '400', '404']);
  });

  it('documents the parameters of the talks endpoint', async () => {
    const parameters = spec.paths['/api/events/{event}/talks']!.get!.parameters!;

    expect(parameters.map((p) => [p.in, p.name, p.required])).toEqual([
      ['query', 'track', false],
      ['query', 'level', false],
      ['query', 'type', false],
      ['query', 'q', false],
      ['query', 'limit', false],
      ['query', 'next', false],
      ['path', 'event', true],
    ]);
  });

  it('serves the API documentation page', async () => {
    const docs = await t.app.inject({ url: '/api/docs' });
    const root = await t.app.inject({ url: '/api' });

    const initializer = await t.app.inject({ url: '/api/docs/static/swagger-initializer.js' });
    const served = await t.app.inject({ url: '/api/docs/json' });

    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(docs.body).toContain('<div id="swagger-ui"></div>');
    expect(docs.body).toContain('src="/api/docs/static/swagger-initializer.js"');
    expect(initializer.statusCode).toBe(200);
    // The page reads the document from ./json, which must be the one at /api/openapi.json.
    expect(initializer.body).toContain("url: resolveUrl('./json')");
    expect(served.json()).toEqual(spec);
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/api/docs');
  });
});

describe('pages of the lists', () => {
  async function importEvents(names: string[]): Promise<void> {
    for (const [i, name] of names.entries()) {
      await importTalksPage(t.db, {
        eventSlug: `conf-${i}`,
        eventName: name,
        content: 'One Talk\n\nAda Lovelace\n\nWeb, Beginner\n\nDescription: Hello.\n',
      });
    }
    await t.agenda.loadAll();
  }

  it('reads the events a page at a time, by name, with the total, until next is null', async () => {
    await importEvents(['Alpha', 'Delta', 'Beta', 'Gamma']);

    const seen: string[][] = [];
    let next: string | null = null;
    const totals: number[] = [];
    do {
      const response = await api(`/api/events?limit=2${next ? `&next=${next}` : ''}`);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { events: { name: string }[]; total: number; next: string | null };
      seen.push(body.events.map((event) => event.name));
      totals.push(body.total);
      next = body.next;
    } while (next);

    expect(seen).toEqual([['Alpha', 'Beta'], ['Delta', 'Gamma'], ['PyBay 2016']]);
    expect(totals).toEqual([5, 5, 5]);
  });

  it('neither repeats nor skips an event when one is added between two pages', async () => {
    await importEvents(['Alpha', 'Gamma']);
    const first = (await api('/api/events?limit=2')).json() as { events: { name: string }[]; next: string };
    await importEvents(['Beta']);

    const second = (await api(`/api/events?limit=2&next=${first.next}`)).json() as { events: { name: string }[] };

    expect(first.events.map((event) => event.name)).toEqual(['Alpha', 'Gamma']);
    expect(second.events.map((event) => event.name)).toEqual(['PyBay 2016']);
  });

  it('reads the talks a page at a time, in program order, filtered or not', async () => {
    const pages: string[][] = [];
    let next: string | null = null;
    do {
      const body = (await api(`/api/events/pybay-2016/talks?limit=10${next ? `&next=${next}` : ''}`)).json() as {
        talks: { slug: string }[];
        total: number;
        next: string | null;
      };
      expect(body.total).toBe(38);
      pages.push(body.talks.map((talk) => talk.slug));
      next = body.next;
    } while (next);

    expect(pages.map((page) => page.length)).toEqual([10, 10, 10, 8]);
    expect(pages.flat()).toEqual(programSlugs());

    const web = (await api('/api/events/pybay-2016/talks?track=all-things-web&limit=3')).json() as {
      talks: { slug: string }[];
      total: number;
      next: string;
    };
    const webSlugs = PROGRAM.filter((row) => row[2] === 'all-things-web').map((row) => row[0]);
    expect(web.total).toBe(webSlugs.length);
    expect(web.talks.map((talk) => talk.slug)).toEqual(webSlugs.slice(0, 3));
    const rest = (await api(`/api/events/pybay-2016/talks?track=all-things-web&limit=100&next=${web.next}`)).json() as {
      talks: { slug: string }[];
      next: string | null;
    };
    expect(rest.talks.map((talk) => talk.slug)).toEqual(webSlugs.slice(3));
    expect(rest.next).toBeNull();
  });

  it('pages search results in ranking order', async () => {
    const all = (await api('/api/events/pybay-2016/talks?q=python')).json() as {
      talks: { slug: string }[];
      total: number;
    };
    const first = (await api('/api/events/pybay-2016/talks?q=python&limit=2')).json() as {
      talks: { slug: string }[];
      total: number;
      next: string;
    };
    const second = (await api(`/api/events/pybay-2016/talks?q=python&limit=2&next=${first.next}`)).json() as {
      talks: { slug: string }[];
    };

    expect(all.total).toBeGreaterThan(4);
    expect(first.total).toBe(all.total);
    expect([...first.talks, ...second.talks].map((talk) => talk.slug)).toEqual(
      all.talks.slice(0, 4).map((talk) => talk.slug),
    );
  });

  it('answers a 400 naming the parameter for a bad limit or a cursor it did not give', async () => {
    for (const url of ['/api/events?limit=0', '/api/events?limit=501', '/api/events/pybay-2016/talks?limit=abc']) {
      const response = await api(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().message, url).toContain('limit');
    }
    for (const url of [
      '/api/events?next=bm9wZQ',
      '/api/events/pybay-2016/talks?next=bm9wZQ',
      `/api/events/pybay-2016/talks?next=${Buffer.from('["key",-1]').toString('base64url')}`,
      `/api/events/pybay-2016/talks?q=python&next=${Buffer.from('["key",1,2]').toString('base64url')}`,
    ]) {
      const response = await api(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({
        statusCode: 400,
        message: 'next: not a cursor this list gave; pass the "next" of the previous page unchanged',
      });
    }
  });
});
