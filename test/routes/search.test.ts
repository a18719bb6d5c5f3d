import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { talks } from '../../src/db/schema.js';
import { refreshTalkSearch } from '../../src/modules/program/index.js';
import { testAppPerFile, importPyBay } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { linkedPaths } from './html.js';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
});

/**
 * Full-text search of PyBay 2016, ranked: the same fixed answers on embedded PGlite and on a
 * PostgreSQL server, so both databases are held to identical results, ranks included.
 * Titles and speaker names weigh most, then descriptions, abstracts, and bios least.
 */
const SEARCHES: [query: string, results: [slug: string, rank: number][]][] = [
  [
    'flask',
    [
      ['flask-for-fun-and-profit', 0.6551724],
      ['turnkey-distributed-tracing-opentracing-and-python', 0.375],
      ['tensorflow-on-the-web', 0.33333334],
      ['caffe-jupyter-pandas-its-not-rocket-science-well-sorta', 0.2857143],
      ['caravel-a-data-visualization-exploration-and-dashboarding-platform', 0.16666667],
      ['untitled-talk', 0.16666667],
      ['building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets', 0.09090909],
    ],
  ],
  [
    'django channels',
    [
      ['django-channels-and-distributed-systems', 0.6415457],
      ['rest-websockets-api-with-django-channels', 0.59165543],
    ],
  ],
  [
    'data science',
    [
      ['project-jupyter', 0.5076365],
      ['deep-dive-into-principal-components-analysis', 0.101418816],
      ['tensorflow-on-the-web', 0.094339624],
      ['xonsh-put-some-python-in-your-shell', 0.09090909],
      ['caffe-jupyter-pandas-its-not-rocket-science-well-sorta', 0.015625],
      ['data-in-a-dynamic-system-strategies-for-backwards-compatibility', 0.0062111802],
      ['a-practical-introduction-to-airflow', 0.005932598],
      ['make-sense-of-deep-neural-networks-using-tensorboard', 0.0022172949],
      // Forgiven (a word starting "data" or "science"): after every talk matching as written.
      ['interactive-data-visualization-applications-for-the-browser-with-bokeh', 0.0016038492],
    ],
  ],
  [
    'Martelli',
    [
      ['good-enough-is-good-enough', 0.5],
      ['the-tower-of-abstraction', 0.5],
    ],
  ],
  ['Kendall Chuang', [['tensorflow-on-the-web', 0.50046337]]],
  ['neuroethology', [['what-to-do-when-your-data-is-large-but-not-big', 0.09090909]]],
  ['astrophysics', [['tensorflow-on-the-web', 0.09090909]]],
  [
    '"machine learning"',
    [
      ['make-sense-of-deep-neural-networks-using-tensorboard', 0.23076923],
      ['tensorflow-on-the-web', 0.16666667],
      ['building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets', 0.16666667],
      ['deep-dive-into-principal-components-analysis', 0.09090909],
    ],
  ],
  [
    'machine learning',
    [
      ['make-sense-of-deep-neural-networks-using-tensorboard', 0.23134468],
      ['building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets', 0.19008265],
      ['tensorflow-on-the-web', 0.16917866],
      ['deep-dive-into-principal-components-analysis', 0.09090909],
    ],
  ],
  [
    '-python web',
    [
      ['project-jupyter', 0.2857143],
      ['a-guide-to-bad-programming', 0.23076923],
      ['rest-websockets-api-with-django-channels', 0.16666667],
    ],
  ],
  [
    'python -django -flask',
    [
      ['xonsh-put-some-python-in-your-shell', 0.7777778],
      ['python-profiling-and-performance-elementary-to-enterprise', 0.7619048],
      ['the-python-deployment-albatross', 0.75609756],
      ['explore-git-internals-using-python-lets-write-git-log-in-python', 0.71428573],
      ['python-tracing-superpowers-with-systems-tools', 0.6969697],
      ['unspeakably-evil-hacks-in-service-of-marginally-improved-syntax-compile-time', 0.6875],
      ['image-processing-using-python', 0.67741936],
      ['pants-or-how-i-learned-to-stop-worrying-and-love-builds', 0.6296296],
      ['automating-your-browser-and-desktop-apps', 0.5],
      ['a-practical-introduction-to-airflow', 0.5],
      ['what-to-do-when-your-data-is-large-but-not-big', 0.375],
      ['good-enough-is-good-enough', 0.375],
      ['beautiful-documentation-oriented-programming', 0.33333334],
      ['the-tower-of-abstraction', 0.2857143],
      ['introduction-to-https-a-comedy-of-errors', 0.2857143],
      ['one-pykid-at-a-time', 0.2857143],
      ['make-sense-of-deep-neural-networks-using-tensorboard', 0.2857143],
      ['interactive-data-visualization-applications-for-the-browser-with-bokeh', 0.09090909],
      ['behind-closed-doors-managing-passwords-in-a-dangerous-world', 0.09090909],
    ],
  ],
  [
    'web or security',
    [
      ['safe-ish-by-default-the-django-security-model-and-how-to-make-it-better', 0.7297297],
      ['introduction-to-https-a-comedy-of-errors', 0.61538464],
      ['tensorflow-on-the-web', 0.6],
      ['automating-your-browser-and-desktop-apps', 0.54545456],
      ['building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets', 0.52380955],
      ['project-jupyter', 0.2857143],
      ['pants-or-how-i-learned-to-stop-worrying-and-love-builds', 0.2857143],
      ['a-guide-to-bad-programming', 0.23076923],
      ['django-channels-and-distributed-systems', 0.16666667],
      ['log-visualization-for-dummies', 0.16666667],
      ['rest-websockets-api-with-django-channels', 0.16666667],
      ['python-103-memory-model-best-practices', 0.09090909],
      ['a-practical-introduction-to-airflow', 0.09090909],
      ['python-profiling-and-performance-elementary-to-enterprise', 0.09090909],
      ['explore-git-internals-using-python-lets-write-git-log-in-python', 0.09090909],
      ['exploring-complex-data-with-elasticsearch-and-python', 0.09090909],
      ['image-processing-using-python', 0.09090909],
      ['behind-closed-doors-managing-passwords-in-a-dangerous-world', 0.09090909],
    ],
  ],
  ['the', []],
];

describe(`full-text search on ${testDatabaseKind()}`, () => {
  it.each(SEARCHES)('ranks the talks matching %s', async (query, expected) => {
    const program = t.agenda.event('pybay-2016')!;

    const results = await t.agenda.search(program, query);

    expect(results.map((result) => [result.talk.slug, result.rank])).toEqual(expected);
  });

  it.each(SEARCHES)('answers the API and the search page for %s in that order', async (query, expected) => {
    const q = encodeURIComponent(query);
    const api = await t.app.inject({ url: `/api/events/pybay-2016/talks?q=${q}` });
    const page = await t.app.inject({ url: `/pybay-2016/search?q=${q}` });

    const slugs = expected.map(([slug]) => slug);
    expect(api.json().talks.map((talk: { slug: string }) => talk.slug)).toEqual(slugs);
    expect(linkedPaths(page.body, '/pybay-2016/talks/')).toEqual(slugs.map((slug) => `/pybay-2016/talks/${slug}`));
  });

  it("finds a talk by a word that only its speaker's bio holds, ranked lowest of the weights", async () => {
    const program = t.agenda.event('pybay-2016')!;
    const talk = program.talkBySlug.get('what-to-do-when-your-data-is-large-but-not-big')!;

    expect(`${talk.title} ${talk.description} ${talk.abstract}`.toLowerCase()).not.toContain('neuroethology');
    expect(talk.speakers[0]!.biography).toContain('neuroethology');
    const [result] = await t.agenda.search(program, 'neuroethology');
    const [titleResult] = await t.agenda.search(program, 'albatross');
    expect(result!.talk).toBe(talk);
    expect(result!.rank).toBeLessThan(titleResult!.rank);
  });

  it('reads a quoted phrase as a phrase, unquoted words as all of them', async () => {
    const program = t.agenda.event('pybay-2016')!;

    const phrase = await t.agenda.search(program, '"deep learning library"');
    const words = await t.agenda.search(program, 'library learning deep');

    expect(phrase.map((r) => r.talk.slug)).toEqual(['tensorflow-on-the-web']);
    expect(words.map((r) => r.talk.slug)).toContain('tensorflow-on-the-web');
    expect(words.length).toBeGreaterThanOrEqual(phrase.length);
  });

  it('excludes talks holding a word after a minus', async () => {
    const program = t.agenda.event('pybay-2016')!;

    const all = await t.agenda.search(program, 'channels');
    const withoutDjango = await t.agenda.search(program, 'channels -django');

    expect(all.map((r) => r.talk.slug)).toContain('django-channels-and-distributed-systems');
    expect(withoutDjango.map((r) => r.talk.slug)).not.toContain('django-channels-and-distributed-systems');
    for (const result of withoutDjango) {
      const text = [
        result.talk.title,
        result.talk.description,
        result.talk.abstract,
        ...result.talk.speakers.map((s) => `${s.name} ${s.biography}`),
      ]
        .join(' ')
        .toLowerCase();
      expect(text).not.toContain('django');
    }
  });

  it('marks the matched words in each snippet, stemmed forms included', async () => {
    const program = t.agenda.event('pybay-2016')!;

    const [first] = await t.agenda.search(program, 'visualizations');

    expect(first!.snippet.length % 2).toBe(1);
    const marked = first!.snippet.filter((_, i) => i % 2 === 1);
    expect(marked.length).toBeGreaterThan(0);
    for (const word of marked) expect(word.toLowerCase()).toMatch(/^visuali[sz]ation/);
  });

  it('finds nothing for an empty query, only common words or only operators', async () => {
    const program = t.agenda.event('pybay-2016')!;

    for (const query of ['', ' ', 'the and of', '-', '""', 'or', '!&|:*()']) {
      expect(await t.agenda.search(program, query), JSON.stringify(query)).toEqual([]);
    }
  });
});

describe(`search that forgives, on ${testDatabaseKind()}`, () => {
  const slugsFor = async (query: string) =>
    (await t.agenda.search(t.agenda.event('pybay-2016')!, query)).map((result) => result.talk.slug);

  it('finds Flask by "flsk", a word no talk holds, and marks the word it took it for', async () => {
    const program = t.agenda.event('pybay-2016')!;

    const results = await t.agenda.search(program, 'flsk');

    expect(results.map((r) => r.talk.slug)).toEqual(await slugsFor('flask'));
    expect(results[0]!.talk.slug).toBe('flask-for-fun-and-profit');
    expect(results[0]!.snippet.filter((_, i) => i % 2 === 1)).toEqual(['Flask', 'Flask', 'Flask']);
  });

  it('finds the same talks for "visualisation" and "visualization", the visualization talks first', async () => {
    const british = await slugsFor('visualisation');
    const american = await slugsFor('visualization');

    expect(british.slice(0, 3)).toEqual([
      'interactive-data-visualization-applications-for-the-browser-with-bokeh',
      'caravel-a-data-visualization-exploration-and-dashboarding-platform',
      'log-visualization-for-dummies',
    ]);
    expect(american.slice(0, british.length)).toEqual(british);
  });

  it('finds talks by the start of a word', async () => {
    expect(await slugsFor('distrib')).toEqual([
      'turnkey-distributed-tracing-opentracing-and-python',
      'django-channels-and-distributed-systems',
      'the-python-deployment-albatross',
      'self-healing-systems-the-road-to-99-99-uptime',
      'log-visualization-for-dummies',
      'python-profiling-and-performance-elementary-to-enterprise',
    ]);
    expect(await slugsFor('tensorf')).toEqual(await slugsFor('tensorflow'));
  });

  it('ranks the talks matching as written first, in their full-text order, then the forgiven ones', async () => {
    for (const query of ['web', 'visualization', 'data science', 'python']) {
      // A quoted word is matched as written only.
      const exact = await slugsFor(`"${query.split(' ').join('" "')}"`);
      const forgiving = await slugsFor(query);

      expect(exact.length, query).toBeGreaterThan(0);
      expect(forgiving.slice(0, exact.length), query).toEqual(exact);
    }
  });

  it('keeps every talk the query matches as written, however many it forgives', async () => {
    expect((await slugsFor('web')).length).toBeGreaterThan((await slugsFor('"web"')).length);
  });

  it('never repeats the title in the snippet', async () => {
    const program = t.agenda.event('pybay-2016')!;
    for (const query of ['flask', 'flsk', 'visualisation', 'django channels']) {
      const results = await t.agenda.search(program, query);
      expect(results.length, query).toBeGreaterThan(0);
      for (const result of results) {
        expect(result.snippet.join(''), `${query}: ${result.talk.slug}`).not.toContain(result.talk.title);
      }
    }
  });

  it('learns the words of a changed title with its search document', async () => {
    const program = t.agenda.event('pybay-2016')!;
    const talk = program.talkBySlug.get('flask-for-fun-and-profit')!;
    expect(await slugsFor('qokkas')).toEqual([]);

    await t.db.update(talks).set({ title: 'Quokkas for Fun and Profit' }).where(eq(talks.id, talk.id));
    await refreshTalkSearch(t.db, program.id);

    expect(await slugsFor('qokkas')).toEqual(['flask-for-fun-and-profit']);
  });
});
