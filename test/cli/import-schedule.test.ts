import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { dumpDatabase } from '../fixtures/database-dump.js';
import { ROOT, runLectern, sharedCliDatabase, type CliDatabase, type Run } from '../helpers/cli.js';
import { holdResets, resetDatabase, testDatabaseKind } from '../helpers/database.js';

/**
 * `lectern import frab` and `lectern import schedule-json`, importing the real 38C3 and DemoCon
 * files: `runCli` in this process on the worker's test database (PGlite or PostgreSQL); the
 * binary itself is run as a process in test/cli/cli.test.ts (see test/helpers/cli.ts).
 */

const CCC_38C3 = 'test/fixtures/conformance/samples/schedule-38c3-20251206.xml';
const DEMOCON = 'test/fixtures/conformance/samples/pretalx-democon.json';
const RC3_LIKE = 'test/fixtures/conformance/samples/rc3-like.json';
const onPostgres = testDatabaseKind() === 'postgres';
const CLI_TIMEOUT = 180_000;
const TIME_LINE = /^Time: parse \d+ ms, open the database \d+ ms, write \d+ ms, total \d+ ms\.$/;

let workDir: string;
let database: CliDatabase;

function lectern(...args: string[]): Promise<Run> {
  return runLectern(database, args);
}

async function withCliDatabase<T>(use: (db: Database) => Promise<T>): Promise<T> {
  return use(database.handle!.db);
}

async function counts(slug: string) {
  return withCliDatabase(async (db) => {
    const result = await db.execute(sql`
      select
        (select count(*) from talks t join events e on e.id = t.event_id where e.slug = ${slug})::int as talks,
        (select count(*) from rooms r join events e on e.id = r.event_id where e.slug = ${slug})::int as rooms,
        (select count(*) from schedule_releases s join events e on e.id = s.event_id where e.slug = ${slug})::int as releases`);
    return (result as unknown as { rows: unknown[] }).rows[0];
  });
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'lectern-import-'));
  database = await sharedCliDatabase();
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

// The runs build on each other: one database, imported into, imported again, then refused.
describe.sequential(
  `lectern import frab|schedule-json on ${onPostgres ? 'PostgreSQL' : 'an embedded database'}`,
  () => {
    // Each test builds on the one before: the database is emptied once, before the first.
    beforeAll(async () => {
      await resetDatabase(database.handle!.db);
      holdResets(true);
    });
    afterAll(() => holdResets(false));

    it(
      'imports 38C3, printing the counts, the release, what it did not keep and the time it took',
      async () => {
        const result = await lectern('import', 'frab', CCC_38C3, '--event', '38c3');
        expect(result.code).toBe(0);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines.slice(0, 11)).toEqual([
          `Imported ${CCC_38C3} (frab XML) into event "38C3" (38c3), a new event.`,
          '  time zone: Europe/Berlin',
          '  days:      4 (4 new)',
          '  rooms:     72 (72 new)',
          '  tracks:    7 (7 new)',
          '  session types: 24 new (Ceremony, Talk, Talk 40 (30min +10 Q&A), Talk 60 (45min +15 Q&A), Game show, other, Workshop, DJ Set, Live Concert, Music Workshop, …)',
          '  talks:     1007 (1007 new)',
          '  speakers:  571 (571 new)',
          '  slots:     1007 (1007 new)',
          'Released the schedule as version "2025-03-04 21:21".',
          'Not kept or worth knowing (10):',
        ]);
        expect(lines).toContain(
          '  <answers>: not in schedule.xml.xsd, and Lectern has no field for it (1): line 25234, /schedule/day[4]/room[9]/event[4]/answers',
        );
        expect(lines.at(-1)).toMatch(TIME_LINE);
        // Not a terminal: no progress redrawn, only the closing line.
        expect(result.stderr).toMatch(/^Done: 1007 talks, 571 speakers, 72 rooms in \d+\.\d s\.\n$/);
        expect(await counts('38c3')).toEqual({ talks: 1007, rooms: 72, releases: 1 });
      },
      CLI_TIMEOUT,
    );

    it(
      'says that nothing changed, and releases nothing, when the same file is imported again',
      async () => {
        const before = await withCliDatabase(dumpDatabase);
        const result = await lectern('import', 'frab', CCC_38C3, '--event', '38c3');
        expect(result.code).toBe(0);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines.slice(0, 3)).toEqual([
          `Imported ${CCC_38C3} (frab XML) into event "38C3" (38c3).`,
          'Nothing changed: the event already matches this file.',
          '  time zone: Europe/Berlin',
        ]);
        expect(lines[9]).toBe('The latest release, "2025-03-04 21:21", already shows this schedule: no new release.');
        expect(lines.at(-1)).toMatch(TIME_LINE);
        expect(await withCliDatabase(dumpDatabase)).toEqual(before);
      },
      CLI_TIMEOUT,
    );

    it(
      'imports the pretalx DemoCon schedule.json under the name given, reporting its duplicate room guid by JSON pointer',
      async () => {
        const result = await lectern(
          'import',
          'schedule-json',
          DEMOCON,
          '--event',
          'democon',
          '--name',
          'DemoCon 2020',
        );
        expect(result.code).toBe(0);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines.slice(0, 13)).toEqual([
          `Imported ${DEMOCON} (schedule JSON) into event "DemoCon 2020" (democon), a new event.`,
          '  time zone: UTC',
          '  days:      3 (3 new)',
          '  rooms:     2 (2 new)',
          '  tracks:    2 (2 new)',
          '  session types: 2 new (Talk, Workshop)',
          '  talks:     36 (36 new)',
          '  speakers:  27 (27 new)',
          '  slots:     36 (36 new)',
          'Released the schedule as version "v1.1".',
          'Skipped or adjusted (1):',
          '  /schedule/conference/rooms/1: room "Tan Room" has the guid of room "Gray Room"; it gets a guid of its own',
          'Not kept or worth knowing (2):',
        ]);
        expect(result.stderr).toMatch(/^Done: 36 talks, 27 speakers, 2 rooms in \d+\.\d s\.\n$/);
      },
      CLI_TIMEOUT,
    );

    it(
      'gives a file without a time zone the zone of its offsets, saying so, or the zone it is given with --timezone',
      async () => {
        const inferred = await lectern('import', 'schedule-json', RC3_LIKE, '--event', 'rc3');
        expect(inferred.code).toBe(0);
        const lines = inferred.stdout.trimEnd().split('\n');
        expect(lines[1]).toBe('  time zone: Etc/GMT-1');
        expect(lines).toContain(
          "  /schedule/conference/time_zone_name: the file names no time zone, and every time in it is at +01:00: the event's zone is Etc/GMT-1, that fixed offset; local times are the file's (import with --timezone to choose another zone)",
        );
        const given = await lectern(
          'import',
          'schedule-json',
          RC3_LIKE,
          '--event',
          'rc3',
          '--timezone',
          'Europe/Berlin',
        );
        expect(given.code).toBe(0);
        expect(given.stdout.split('\n').slice(1, 3)).toEqual(['  time zone: Europe/Berlin', '  days:      3']);
        expect(given.stdout).not.toContain('time_zone_name');
      },
      CLI_TIMEOUT,
    );

    it(
      'refuses a file that is not a schedule with exit code 1, saying where, and writes nothing',
      async () => {
        const before = await withCliDatabase(dumpDatabase);
        const notXml = await lectern('import', 'frab', DEMOCON, '--event', 'democon');
        expect(notXml).toEqual({
          code: 1,
          stdout: '',
          stderr: `lectern: cannot import ${DEMOCON}: line 1, column 1: is not well-formed XML: char '{' is not expected.\nNothing was imported.\n`,
        });
        const broken = path.join(workDir, 'broken.json');
        writeFileSync(broken, '{\n  "schedule": {\n    "version": "1",\n    "conference": {"title": "X",}\n  }\n}\n');
        const brokenJson = await lectern('import', 'schedule-json', broken, '--event', 'democon');
        expect(brokenJson).toEqual({
          code: 1,
          stdout: '',
          stderr:
            `lectern: cannot import ${path.relative(ROOT, broken)}: line 4, column 33: is not valid JSON: ` +
            'unexpected "}"; expected a member name in double quotes\nNothing was imported.\n',
        });
        const wrongRoot = path.join(workDir, 'feed.xml');
        writeFileSync(wrongRoot, '<?xml version="1.0"?>\n<rss><channel/></rss>\n');
        const rss = await lectern('import', 'frab', wrongRoot, '--event', 'democon');
        expect([rss.code, rss.stderr]).toEqual([
          1,
          `lectern: cannot import ${path.relative(ROOT, wrongRoot)}: line 1: the root element is <rss>; a frab schedule.xml has <schedule>\nNothing was imported.\n`,
        ]);
        expect(await withCliDatabase(dumpDatabase)).toEqual(before);
      },
      CLI_TIMEOUT,
    );

    it(
      'refuses an external entity, an entity bomb and 10,000-deep nesting in one line each, exit 1, writing nothing',
      async () => {
        const before = await withCliDatabase(dumpDatabase);
        const files = {
          'xxe.xml':
            '<?xml version="1.0"?>\n<!DOCTYPE schedule [\n  <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n<schedule>&secret;</schedule>\n',
          'laughs.xml': `<?xml version="1.0"?>\n<!DOCTYPE schedule [<!ENTITY a "${'x'.repeat(1000)}"><!ENTITY b "${'&a;'.repeat(1000)}">]>\n<schedule>${'&b;'.repeat(1000)}</schedule>\n`,
          'deep.xml': `<schedule>\n${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}\n</schedule>\n`,
          'deep.json': `{"schedule":\n${'['.repeat(10_000)}${']'.repeat(10_000)}}\n`,
        };
        const stderr: string[] = [];
        for (const [name, content] of Object.entries(files)) {
          const file = path.join(workDir, name);
          writeFileSync(file, content);
          const run = await lectern(
            'import',
            name.endsWith('.json') ? 'schedule-json' : 'frab',
            file,
            '--event',
            'democon',
          );
          expect([run.code, run.stdout]).toEqual([1, '']);
          stderr.push(run.stderr.replace(`${path.relative(ROOT, file)}`, name));
        }
        const entity =
          'declares an entity in its DOCTYPE (<!ENTITY …>): Lectern reads no DTD entities, which can read files of the server (XXE) or expand to gigabytes; a schedule.xml needs none';
        expect(stderr).toEqual([
          `lectern: cannot import xxe.xml: line 3, column 3: ${entity}\nNothing was imported.\n`,
          `lectern: cannot import laughs.xml: line 2, column 21: ${entity}\nNothing was imported.\n`,
          'lectern: cannot import deep.xml: line 2, column 190: elements nest more than 64 deep, far deeper than any schedule.xml\nNothing was imported.\n',
          'lectern: cannot import deep.json: line 2, column 64: objects and lists nest more than 64 deep, far deeper than any schedule.json\nNothing was imported.\n',
        ]);
        expect(await withCliDatabase(dumpDatabase)).toEqual(before);
      },
      CLI_TIMEOUT,
    );
  },
);

// Arguments are checked before any database is opened: once is enough, on the pglite project.
describe.skipIf(onPostgres)('lectern import frab|schedule-json usage', () => {
  it(
    'exits 2 for a missing --event or FILE, an unknown format and a bad or reserved slug',
    async () => {
      for (const [args, stderr] of [
        [['import', 'frab', CCC_38C3], 'lectern: import frab needs --event SLUG\n\nUsage: lectern'],
        [
          ['import', 'schedule-json', '--event', 'x'],
          'lectern: import schedule-json needs exactly one FILE\n\nUsage: lectern',
        ],
        [
          ['import', 'pentabarf', CCC_38C3],
          'lectern: unknown import format "pentabarf"; known: talks-page, frab, schedule-json\n\nUsage: lectern',
        ],
        [
          ['import', 'frab', CCC_38C3, '--event', '38C3'],
          'lectern: --event: "38C3" is not a valid slug: use 1 to 60 lowercase letters, digits and single hyphens, like "pybay-2016"\nRun "lectern --help" for usage.\n',
        ],
        [
          ['import', 'schedule-json', RC3_LIKE, '--event', 'rc3', '--timezone', 'CEST'],
          'lectern: --timezone: "CEST" is not a time zone; use an IANA name such as "America/Los_Angeles" or "Europe/Berlin"\nRun "lectern --help" for usage.\n',
        ],
        [
          ['import', 'frab', CCC_38C3, '--event', 'orga'],
          'lectern: --event: "orga" is reserved by Lectern; choose another slug\nRun "lectern --help" for usage.\n',
        ],
        [
          ['import', 'schedule-json', RC3_LIKE, '--event', 'api'],
          'lectern: --event: "api" is reserved by Lectern; choose another slug\nRun "lectern --help" for usage.\n',
        ],
      ] as const) {
        const result = await lectern(...args);
        expect([result.code, result.stdout]).toEqual([2, '']);
        expect(result.stderr.startsWith(stderr)).toBe(true);
      }
    },
    CLI_TIMEOUT,
  );

  it('exits 1 naming a file it cannot read', async () => {
    const result = await lectern('import', 'schedule-json', 'no-such-schedule.json', '--event', 'democon');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'lectern: cannot read no-such-schedule.json: no such file\n',
    });
  });

  it('lists both imports in the help', async () => {
    const result = await lectern('import', 'frab', '--help');
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain(
      '  import frab FILE.xml --event SLUG [--name NAME] [--timezone TZ]\n  import schedule-json FILE.json --event SLUG [--name NAME] [--timezone TZ]\n',
    );
  });
});

describe('a report of many warnings of one kind', () => {
  /** A schedule.json of ten talks in one room: eight speakers' avatars are http:// addresses, two talks' languages too long. */
  function manyWarnings(): string {
    const talks = Array.from({ length: 10 }, (_, i) => ({
      guid: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      id: i + 1,
      date: `2026-05-04T${String(9 + i).padStart(2, '0')}:00:00Z`,
      duration: '00:30',
      room: 'Hall',
      title: `Talk ${i + 1}`,
      language: i < 8 ? 'en' : `en ${'and more '.repeat(8)}`,
      persons: [
        {
          guid: `00000000-0000-4000-9000-${String(i + 1).padStart(12, '0')}`,
          public_name: `Speaker ${i + 1}`,
          ...(i < 8 ? { avatar: `http://example.org/${i + 1}.png` } : {}),
        },
      ],
    }));
    return JSON.stringify({
      schedule: {
        version: '1',
        conference: {
          acronym: 'many',
          title: 'Many warnings',
          time_zone_name: 'UTC',
          days: [
            {
              index: 1,
              date: '2026-05-04',
              day_start: '2026-05-04T08:00:00Z',
              day_end: '2026-05-04T20:00:00Z',
              rooms: { Hall: talks },
            },
          ],
        },
      },
    });
  }

  it(
    'shows the first five of a kind and counts the rest: "… and 3 more like this"',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-many-'));
      try {
        const file = path.join(dir, 'many.json');
        writeFileSync(file, manyWarnings());
        const database = await sharedCliDatabase();
        const result = await runLectern(database, ['import', 'schedule-json', file, '--event', 'many']);
        expect(result.code).toBe(0);
        const lines = result.stdout.trimEnd().split('\n');
        const from = lines.indexOf('Skipped or adjusted (10):');
        const avatar = (n: number) =>
          `  /schedule/conference/days/0/rooms/Hall/${n - 1}/persons/0/avatar: Speaker ${n}'s avatar: "http://example.org/${n}.png" is not an https:// address; give the photo's full address, starting with https://; left out`;
        const language = (n: number) =>
          `  /schedule/conference/days/0/rooms/Hall/${n - 1}: the language "en and more and more and more and more and more an…" is longer than 50 characters; left out`;
        expect(lines.slice(from, from + 9)).toEqual([
          'Skipped or adjusted (10):',
          avatar(1),
          avatar(2),
          avatar(3),
          avatar(4),
          avatar(5),
          '  … and 3 more like this',
          language(9),
          language(10),
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    CLI_TIMEOUT,
  );
});
