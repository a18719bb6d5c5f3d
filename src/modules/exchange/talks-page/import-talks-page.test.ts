import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.js';
import { events, levels, speakers, talkSpeakers, talks, tracks } from '../../../db/schema.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { dumpDatabase } from '../../../../test/fixtures/database-dump.js';
import { SEED_LINES, SEED_TEXT, seedLines, seedWith } from '../../../../test/fixtures/talks-page.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { importTalksPage, type ImportReport } from './import-talks-page.js';
import { parseTalksPage, TalksPageError } from './parse-talks-page.js';
import { withoutKinds } from '../../../../test/helpers/warnings.js';

async function database(): Promise<Database> {
  return (await testDatabase()).db;
}

function importPage(db: Database, content: string | Uint8Array, eventName: string | undefined = 'PyBay 2016') {
  return importTalksPage(db, { eventSlug: 'pybay-2016', eventName, content });
}

/** The message of the TalksPageError that `importing` fails with. */
async function refusal(importing: Promise<unknown>): Promise<string> {
  const error = await importing.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TalksPageError);
  return (error as TalksPageError).message;
}

const NO_CHANGE = { created: 0, updated: 0, removed: 0 };

function talkRows(db: Database) {
  return db.select().from(talks).orderBy(asc(talks.position));
}

async function talkByTitle(db: Database, title: string) {
  const [row] = await db.select().from(talks).where(eq(talks.title, title));
  return row;
}

/** Speaker names of a talk in their order on the page, with their bios. */
async function speakersOf(db: Database, talkId: number) {
  return db
    .select({ name: speakers.name, biography: speakers.biography })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .where(eq(talkSpeakers.talkId, talkId))
    .orderBy(asc(talkSpeakers.position));
}

/** Titles of a speaker's talks, in program order. */
async function talksOf(db: Database, speakerName: string) {
  const rows = await db
    .select({ title: talks.title })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .innerJoin(talks, eq(talks.id, talkSpeakers.talkId))
    .where(eq(speakers.name, speakerName))
    .orderBy(asc(talks.position));
  return rows.map((row) => row.title);
}

/** The seed's lines from..to blanked out, as if the talk there had been deleted from the page. */
function seedWithout(from: number, to: number): string {
  const edits: Record<number, string> = {};
  for (let line = from; line <= to; line++) edits[line] = '';
  return seedWith(edits);
}

const ADDED_TALK = [
  'Testing with Hypothesis',
  '',
  'Zac Hatfield-Dodds',
  '',
  'Fundamentals, Advanced',
  '',
  'Description: Property-based testing for everyone.',
  '',
  'Abstract: Let the computer write the examples.',
  '',
  'Bio: Zac maintains Hypothesis.',
  '',
  '',
].join('\n');

describe('importTalksPage with the PyBay 2016 page', () => {
  it('reports 8 tracks, 3 levels, 38 talks and 38 speakers, all new, the untitled talk and every warning', async () => {
    const db = await database();
    const report = await importPage(db, SEED_TEXT);
    expect(report).toEqual({
      event: { slug: 'pybay-2016', name: 'PyBay 2016', created: true },
      counts: { tracks: 8, levels: 3, talks: 38, speakers: 38 },
      changes: {
        tracks: { created: 8, updated: 0, removed: 0 },
        talks: { created: 38, updated: 0, removed: 0 },
        speakers: { created: 38, updated: 0, removed: 0 },
      },
      needsAttention: [{ title: 'Untitled talk', line: 484, reasons: ['missing title', 'missing speakers'] }],
      warnings: parseTalksPage(SEED_TEXT).warnings,
      changed: true,
    } satisfies ImportReport);
    expect(report.warnings).toHaveLength(16);
  });

  it('creates the event, its 8 tracks in order of first appearance and the 3 levels', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    expect((await db.select().from(events)).map((e) => [e.slug, e.name])).toEqual([['pybay-2016', 'PyBay 2016']]);
    const trackRows = await db.select().from(tracks).orderBy(asc(tracks.position));
    expect(trackRows.map((t) => [t.position, t.slug, t.name])).toEqual([
      [1, 'language-internals', 'Language Internals'],
      [2, 'all-things-web', 'All things Web'],
      [3, 'scalable-python', 'Scalable Python'],
      [4, 'performant-python', 'Performant Python'],
      [5, 'etc', '/etc'],
      [6, 'fundamentals', 'Fundamentals'],
      [7, 'dealing-with-data', 'Dealing with Data'],
      [8, 'security', 'Security'],
    ]);
    const levelRows = await db.select().from(levels).orderBy(asc(levels.position));
    expect(levelRows.map((l) => [l.position, l.slug, l.name])).toEqual([
      [1, 'beginner', 'Beginner'],
      [2, 'intermediate', 'Intermediate'],
      [3, 'advanced', 'Advanced'],
    ]);
  });

  it('stores the 38 talks in page order with readable slugs', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const rows = await talkRows(db);
    expect(rows.map((t) => t.position)).toEqual(Array.from({ length: 38 }, (_, i) => i + 1));
    expect(rows.map((t) => t.title)).toEqual(parseTalksPage(SEED_TEXT).talks.map((t) => t.title));
    expect(rows.map((t) => t.slug)).toEqual([
      'python-103-memory-model-best-practices',
      'flask-for-fun-and-profit',
      'what-to-do-when-your-data-is-large-but-not-big',
      'python-tracing-superpowers-with-systems-tools',
      'automating-your-browser-and-desktop-apps',
      'django-channels-and-distributed-systems',
      'interactive-data-visualization-applications-for-the-browser-with-bokeh',
      'the-python-deployment-albatross',
      'a-practical-introduction-to-airflow',
      'python-profiling-and-performance-elementary-to-enterprise',
      'caffe-jupyter-pandas-its-not-rocket-science-well-sorta',
      'project-jupyter',
      'explore-git-internals-using-python-lets-write-git-log-in-python',
      'good-enough-is-good-enough',
      'beautiful-documentation-oriented-programming',
      'self-healing-systems-the-road-to-99-99-uptime',
      'exploring-complex-data-with-elasticsearch-and-python',
      'the-tower-of-abstraction',
      'image-processing-using-python',
      'a-b-testing-harder-than-just-a-color-change',
      'behind-closed-doors-managing-passwords-in-a-dangerous-world',
      'caravel-a-data-visualization-exploration-and-dashboarding-platform',
      'xonsh-put-some-python-in-your-shell',
      'safe-ish-by-default-the-django-security-model-and-how-to-make-it-better',
      'introduction-to-https-a-comedy-of-errors',
      'tensorflow-on-the-web',
      'unspeakably-evil-hacks-in-service-of-marginally-improved-syntax-compile-time',
      'building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets',
      'untitled-talk',
      'a-guide-to-bad-programming',
      'log-visualization-for-dummies',
      'pants-or-how-i-learned-to-stop-worrying-and-love-builds',
      'rest-websockets-api-with-django-channels',
      'data-in-a-dynamic-system-strategies-for-backwards-compatibility',
      'one-pykid-at-a-time',
      'make-sense-of-deep-neural-networks-using-tensorboard',
      'deep-dive-into-principal-components-analysis',
      'turnkey-distributed-tracing-opentracing-and-python',
    ]);
  });

  it('stores 38 speakers, one per person: Alex Martelli once, on both his talks, with his one bio', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const rows = await db.select().from(speakers).orderBy(asc(speakers.id));
    expect(rows).toHaveLength(38);
    const alex = rows.filter((s) => s.name === 'Alex Martelli');
    expect(alex.map((s) => [s.slug, s.biography])).toEqual([
      ['alex-martelli', parseTalksPage(SEED_TEXT).talks[13]!.speakers[0]!.biography],
    ]);
    expect(alex[0]!.biography.startsWith('Author of "Python in a Nutshell"')).toBe(true);
    expect(await talksOf(db, 'Alex Martelli')).toEqual(['"Good Enough" IS Good Enough!', 'The Tower of Abstraction']);
    expect(rows.filter((s) => s.biography === '')).toEqual([]);
  });

  it('links both speakers of a two-speaker talk in page order, each with their own bio', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const parsed = parseTalksPage(SEED_TEXT).talks;
    for (const title of ['TensorFlow on the Web', 'Log Visualization for dummies']) {
      const row = await talkByTitle(db, title);
      const expected = parsed
        .find((t) => t.title === title)!
        .speakers.map(({ name, biography }) => ({ name, biography }));
      expect(await speakersOf(db, row!.id)).toEqual(expected);
    }
    expect(
      (await speakersOf(db, (await talkByTitle(db, 'Log Visualization for dummies'))!.id)).map((s) => s.biography),
    ).toEqual([
      'Varang Amin is working as a Sr Staff Engineer at Palo Alto Networks. Darlene Wong is working as a Sr Staff Engineer at Palo Alto Networks.',
      'Darlene Wong is working as a Sr Staff Engineer at Palo Alto Networks. Before PAN, she worked in development role at Juniper Networks & Cisco Systems.',
    ]);
  });

  it('stores the untitled talk as needing attention, with no speakers', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const row = await talkByTitle(db, 'Untitled talk');
    expect([row!.slug, row!.position, row!.attention]).toEqual([
      'untitled-talk',
      29,
      ['missing title', 'missing speakers'],
    ]);
    expect(await speakersOf(db, row!.id)).toEqual([]);
    expect((await talkRows(db)).filter((t) => t.attention.length > 0).map((t) => t.title)).toEqual(['Untitled talk']);
  });

  it('stores description and abstract apart, as the Markdown the parser read', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const rows = await talkRows(db);
    const parsed = parseTalksPage(SEED_TEXT).talks;
    expect(rows.map((t) => [t.description, t.abstract])).toEqual(parsed.map((t) => [t.description, t.abstract]));
    const caravel = rows.find((t) => t.title.startsWith('Caravel'))!;
    expect(caravel.description.startsWith('Airbnb developed Caravel')).toBe(true);
    expect(caravel.abstract.split('\n').filter((line) => line.startsWith('* '))).toHaveLength(9);
  });
});

describe('importTalksPage again', () => {
  it('changes nothing when the same file is imported again: same rows, timestamps, ids, guids and slugs', async () => {
    const db = await database();
    const first = await importPage(db, SEED_TEXT);
    const before = await dumpDatabase(db);
    const again = await importPage(db, Buffer.from(SEED_TEXT, 'utf8'));
    expect(again).toEqual({
      ...first,
      event: { ...first.event, created: false },
      changes: { tracks: NO_CHANGE, talks: NO_CHANGE, speakers: NO_CHANGE },
      changed: false,
    });
    expect(await dumpDatabase(db)).toEqual(before);
    // Without --name the event keeps its name.
    expect((await importPage(db, SEED_TEXT, undefined)).changed).toBe(false);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('updates an edited description in place, touching no other talk', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const before = await talkByTitle(db, 'Flask for Fun and Profit');
    const others = (await talkRows(db)).filter((t) => t.id !== before!.id);
    const report = await importPage(db, seedWith({ 24: 'Description: Flask, explained again.' }));
    expect(report.changes).toEqual({
      tracks: NO_CHANGE,
      talks: { created: 0, updated: 1, removed: 0 },
      speakers: NO_CHANGE,
    });
    expect(report.changed).toBe(true);
    const after = await talkByTitle(db, 'Flask for Fun and Profit');
    expect([after!.id, after!.slug, after!.guid]).toEqual([before!.id, before!.slug, before!.guid]);
    expect(after!.description).toBe('Flask, explained again.');
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    expect((await talkRows(db)).filter((t) => t.id !== before!.id)).toEqual(others);
  });

  it("keeps a renamed talk's id, slug and guid, finding it by its speakers and track", async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const before = await talkByTitle(db, 'Flask for Fun and Profit');
    const report = await importPage(db, seedWith({ 18: 'Flask for Fun, Profit and Joy' }));
    expect(report.changes.talks).toEqual({ created: 0, updated: 1, removed: 0 });
    const after = await talkByTitle(db, 'Flask for Fun, Profit and Joy');
    expect([after!.id, after!.slug, after!.guid, after!.position]).toEqual([
      before!.id,
      'flask-for-fun-and-profit',
      before!.guid,
      2,
    ]);
    expect(await talkByTitle(db, 'Flask for Fun and Profit')).toBeUndefined();
    expect((await importPage(db, seedWith({ 18: 'Flask for Fun, Profit and Joy' }))).changed).toBe(false);
  });

  it('keeps the untitled talk when its text is edited', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const before = await talkByTitle(db, 'Untitled talk');
    const report = await importPage(db, seedWith({ 486: 'Description: Magic, demystified.' }));
    expect(report.changes.talks).toEqual({ created: 0, updated: 1, removed: 0 });
    const after = await talkByTitle(db, 'Untitled talk');
    expect([after!.id, after!.slug, after!.guid, after!.description]).toEqual([
      before!.id,
      'untitled-talk',
      before!.guid,
      'Magic, demystified.',
    ]);
  });

  it('removes a talk the file no longer lists, and its speaker who has no other talk', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const kept = (await talkRows(db)).filter((t) => t.title !== 'Project Jupyter');
    const report = await importPage(db, seedWithout(184, 198));
    expect(report.counts).toEqual({ tracks: 8, levels: 3, talks: 37, speakers: 37 });
    expect(report.changes).toEqual({
      tracks: NO_CHANGE,
      // The talks after it move up one place.
      talks: { created: 0, updated: 26, removed: 1 },
      speakers: { created: 0, updated: 0, removed: 1 },
    });
    const rows = await talkRows(db);
    expect(rows.map((t) => [t.id, t.slug, t.guid])).toEqual(kept.map((t) => [t.id, t.slug, t.guid]));
    expect(await db.select().from(speakers).where(eq(speakers.name, 'Jamie Whitacre'))).toEqual([]);
  });

  it('keeps a speaker who still has another talk', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const report = await importPage(db, seedWithout(282, 288));
    expect(report.changes.talks.removed).toBe(1);
    expect(report.changes.speakers).toEqual(NO_CHANGE);
    expect(await talksOf(db, 'Alex Martelli')).toEqual(['"Good Enough" IS Good Enough!']);
  });

  it('creates a talk added to the file, with its new speaker, and keeps the others as they were', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const before = await dumpDatabase(db);
    const report = await importPage(db, SEED_TEXT.replace('Please reload', `${ADDED_TALK}Please reload`));
    expect(report.counts).toEqual({ tracks: 8, levels: 3, talks: 39, speakers: 39 });
    expect(report.changes).toEqual({
      tracks: NO_CHANGE,
      talks: { created: 1, updated: 0, removed: 0 },
      speakers: { created: 1, updated: 0, removed: 0 },
    });
    const added = await talkByTitle(db, 'Testing with Hypothesis');
    expect([added!.slug, added!.position, added!.description, added!.abstract]).toEqual([
      'testing-with-hypothesis',
      39,
      'Property-based testing for everyone.',
      'Let the computer write the examples.',
    ]);
    expect(await speakersOf(db, added!.id)).toEqual([
      { name: 'Zac Hatfield-Dodds', biography: 'Zac maintains Hypothesis.' },
    ]);
    const after = await dumpDatabase(db);
    expect(after.talks).toHaveLength(39);
    expect(after.talks).toEqual(expect.arrayContaining(before.talks!));
    expect(after.speakers).toEqual(expect.arrayContaining(before.speakers!));
    expect(after.tracks).toEqual(before.tracks);
  });

  it('keeps a respelt track, and removes a track left with no talks', async () => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const [security] = await db.select().from(tracks).where(eq(tracks.slug, 'security'));
    const respelt = await importPage(
      db,
      seedWith({ 327: 'SECURITY, Intermediate', 395: 'Security,  Intermediate', 425: 'security, Beginner' }),
    );
    expect(respelt.changes).toEqual({
      tracks: { created: 0, updated: 1, removed: 0 },
      talks: NO_CHANGE,
      speakers: NO_CHANGE,
    });
    expect(await db.select().from(tracks).where(eq(tracks.id, security!.id))).toEqual([
      { ...security, name: 'SECURITY' },
    ]);

    // Another spelling with the same slug is still the same track.
    const punctuated = await importPage(
      db,
      seedWith({ 327: 'Security!, Intermediate', 395: 'Security!, Intermediate', 425: 'Security!, Beginner' }),
    );
    expect(punctuated.changes.tracks).toEqual({ created: 0, updated: 1, removed: 0 });
    expect(await db.select().from(tracks).where(eq(tracks.id, security!.id))).toEqual([
      { ...security, name: 'Security!' },
    ]);

    const renamed = await importPage(
      db,
      seedWith({ 327: 'Safety, Intermediate', 395: 'Safety, Intermediate', 425: 'Safety, Beginner' }),
    );
    expect(renamed.counts.tracks).toBe(8);
    expect(renamed.changes).toEqual({
      tracks: { created: 1, updated: 0, removed: 1 },
      talks: { created: 0, updated: 3, removed: 0 },
      speakers: NO_CHANGE,
    });
    expect((await db.select().from(tracks).orderBy(asc(tracks.position))).map((t) => t.slug).at(-1)).toBe('safety');
  });

  it('keeps talks that share a title apart, on every import', async () => {
    const db = await database();
    const talk = (title: string, speaker: string, bio: string) =>
      `${title}\n\n${speaker}\n\nWeb, Beginner\n\nDescription: ${bio}\n\nBio: ${bio}\n\n\n`;
    const page =
      talk('Same', 'Ann Lee', 'one') + talk('Same', 'Bob Stone', 'two') + talk('Same#2', 'Cy Young', 'three');
    const report = await importPage(db, page);
    expect(report.counts.talks).toBe(3);
    expect(withoutKinds(report.warnings.filter((w) => w.message.startsWith('another')))).toEqual([
      { line: 12, message: 'another talk titled "Same" is on line 1; both are imported' },
    ]);
    expect((await talkRows(db)).map((t) => [t.title, t.slug, t.description])).toEqual([
      ['Same', 'same', 'one'],
      ['Same', 'same-2', 'two'],
      ['Same#2', 'same-2-2', 'three'],
    ]);
    const before = await dumpDatabase(db);
    expect((await importPage(db, page)).changed).toBe(false);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('keeps "Anna" and "anna" apart as two speakers: a page has no ids, so the exact name (spacing aside) is the person', async () => {
    const db = await database();
    const talk = (title: string, speaker: string) =>
      [title, '', speaker, '', 'Web, Beginner', '', `Description: ${title}.`, '', ''].join('\n');
    const page = [talk('One', 'Anna'), talk('Two', 'anna'), talk('Three', 'Anna  ')].join('\n');
    const report = await importPage(db, page);
    expect(report.counts.speakers).toBe(2);
    expect((await db.select().from(speakers).orderBy(asc(speakers.id))).map((s) => [s.name, s.nameKey])).toEqual([
      ['Anna', 'Anna'],
      ['anna', 'anna'],
    ]);
    expect([await talksOf(db, 'Anna'), await talksOf(db, 'anna')]).toEqual([['One', 'Three'], ['Two']]);
    // Imported again, each is found as themself.
    const before = await dumpDatabase(db);
    await importPage(db, page);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('makes one track of names that differ only in case or spacing', async () => {
    const db = await database();
    const page = [
      'One',
      '',
      'Ann Lee',
      '',
      'Web  Stuff, Beginner',
      '',
      'Description: a',
      '',
      '',
      'Two',
      '',
      'Bob Stone',
      '',
      'web stuff, Advanced',
      '',
      'Description: b',
    ].join('\n');
    const report = await importPage(db, page);
    expect(report.counts.tracks).toBe(1);
    expect((await db.select().from(tracks)).map((t) => [t.slug, t.name])).toEqual([['web-stuff', 'Web Stuff']]);
    const before = await dumpDatabase(db);
    expect((await importPage(db, page)).changed).toBe(false);
    expect(await dumpDatabase(db)).toEqual(before);
  });
});

describe('importTalksPage refusing a file', () => {
  const latin1 = Buffer.from(seedWith({ 30: 'Bio: Armin lives in Österreich.' }), 'latin1');
  const refusals: [string, string | Uint8Array, string][] = [
    [
      '"Description:" before any talk',
      seedWith({ 3: 'Description: Welcome' }),
      'line 3: "Description:" comes before any talk; a talk starts with its title, its speakers and a "Track, Level" line such as "Fundamentals, Beginner"',
    ],
    [
      'an unknown level',
      seedWith({ 22: 'Web, Expert' }),
      'line 22: "Web, Expert" looks like a talk\'s "Track, Level" line, but "Expert" is not a level; use Beginner, Intermediate or Advanced',
    ],
    [
      'a second "Abstract:" in one talk',
      seedWith({ 28: 'Abstract: again' }),
      'line 28: a second "Abstract:" in the talk "Flask for Fun and Profit" (line 18), whose "Abstract:" is on line 26',
    ],
    [
      '"Bio2:" on a one-speaker talk',
      seedWith({ 28: 'Bio2: Someone.' }),
      'line 28: "Bio2:" is a bio for speaker 2, but the talk "Flask for Fun and Profit" (line 18) lists only 1 speaker',
    ],
    [
      'a NUL character',
      seedWith({ 600: '\u0000' }),
      'line 600: contains a NUL character (U+0000): this is a binary file, or text saved as UTF-16; save the page as UTF-8 text',
    ],
    [
      'a control character',
      seedWith({ 611: 'Abstract \u001b[31m' }),
      'line 611: contains the control character U+001B; this does not look like a text file',
    ],
    [
      'bytes that are not UTF-8',
      latin1,
      'line 30: this line is not UTF-8 text; save the page as UTF-8 and import it again',
    ],
    [
      'a file with no talks',
      seedLines(1, 4),
      'no talks found: a talk needs a "Track, Level" line such as "All things Web, Intermediate" (levels: Beginner, Intermediate, Advanced)',
    ],
  ];

  it.each(refusals)(
    'refuses %s, naming the line, and writes nothing to an empty database',
    async (_, content, message) => {
      const db = await database();
      const before = await dumpDatabase(db);
      expect(await refusal(importPage(db, content))).toBe(message);
      expect(await dumpDatabase(db)).toEqual(before);
    },
  );

  it.each(refusals)('refuses %s and leaves an imported event exactly as it was', async (_, content, message) => {
    const db = await database();
    await importPage(db, SEED_TEXT);
    const before = await dumpDatabase(db);
    expect(await refusal(importPage(db, content))).toBe(message);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('refuses an invalid event slug and an empty event name, writing nothing', async () => {
    const db = await database();
    const before = await dumpDatabase(db);
    for (const slug of ['PyBay 2016', '', '-pybay', 'pybay--2016', 'a'.repeat(61), 'pybay/2016']) {
      const refused = importTalksPage(db, { eventSlug: slug, content: SEED_TEXT });
      await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
      await expect(refused).rejects.toThrow(
        `--event: "${slug}" is not a valid slug: use 1 to 60 lowercase letters, digits and single hyphens, like "pybay-2016"`,
      );
    }
    await expect(importTalksPage(db, { eventSlug: 'pybay-2016', eventName: '  ', content: SEED_TEXT })).rejects.toThrow(
      '--name: the event name must not be empty',
    );
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('edits the seed lines that these cases name (a check on the fixture)', () => {
    expect(SEED_LINES).toHaveLength(638);
    expect([SEED_LINES[2], SEED_LINES[21], SEED_LINES[27], SEED_LINES[599]]).toEqual([
      'PyBay Talks',
      'All things Web, Intermediate',
      'The talk will also go a bit into the history of some design decisions in Flask and what works well and in which areas you might want to mix it with other technologies for better results.',
      '',
    ]);
  });
});
