import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema.js';
import { loadEventProgram } from '../../src/modules/agenda/event-program.js';
import { exporters, renderExport } from '../../src/modules/exchange/index.js';
import { importPyBay } from '../helpers/app.js';
import {
  CLI_PUBLIC_URL as PUBLIC_URL,
  runLectern as lectern,
  sharedCliDatabase,
  type CliDatabase,
} from '../helpers/cli.js';
import { validateC3vocJson, validateFrabXml, validateICal } from '../helpers/export-validators.js';
import { scheduleAndRelease } from '../helpers/schedule.js';

/**
 * `lectern export FORMAT --event SLUG`, checked by its exit code, its standard output and its
 * errors: `runCli` in this process on the worker's test database (see test/helpers/cli.ts).
 */

const FORMATS = 'frab-xml, c3voc-json, ical, csv';

/** A database holding PyBay 2016 (in Los Angeles), released when asked; closed again so that the CLI may open it. */
async function pyBayDatabase(options: { released: boolean }): Promise<CliDatabase> {
  const database = await sharedCliDatabase();
  const handle = await database.open();
  try {
    await importPyBay(handle.db);
    await handle.db.update(events).set({ timezone: 'America/Los_Angeles' }).where(eq(events.slug, 'pybay-2016'));
    if (options.released) {
      await scheduleAndRelease(handle.db, {
        eventSlug: 'pybay-2016',
        dates: ['2016-08-20', '2016-08-21'],
        lunch: true,
      });
    }
  } finally {
    await handle.close();
  }
  return database;
}

/** What the public routes would serve, rendered in this process from the same database. */
async function expectedExports(database: CliDatabase): Promise<Map<string, string>> {
  const handle = await database.open();
  try {
    const program = (await loadEventProgram(handle.db, 'pybay-2016'))!;
    return new Map(exporters.map((e) => [e.identifier, renderExport(e, program, { publicUrl: PUBLIC_URL })]));
  } finally {
    await handle.close();
  }
}

describe('lectern export', () => {
  it('writes each format of the released schedule to stdout, the bytes the public routes serve', async () => {
    const database = await pyBayDatabase({ released: true });
    const expected = await expectedExports(database);

    for (const exporter of exporters) {
      const result = await lectern(database, ['export', exporter.identifier, '--event', 'pybay-2016']);

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(expected.get(exporter.identifier));
    }
    const xml = expected.get('frab-xml')!;
    expect(await validateFrabXml(xml)).toEqual([]);
    expect(xml).toContain('<url>https://cfp.example.org/pybay-2016/talks/flask-for-fun-and-profit</url>');
    expect(validateC3vocJson(expected.get('c3voc-json')!)).toEqual([]);
    expect(validateICal(expected.get('ical')!)).toEqual([]);
  }, 120_000);

  it('refuses a schedule export before the first release (exit 1) and writes the CSV of talks without times', async () => {
    const database = await pyBayDatabase({ released: false });

    const refused = await lectern(database, ['export', 'frab-xml', '--event', 'pybay-2016']);
    expect(refused).toEqual({ code: 1, stdout: '', stderr: 'lectern: PyBay 2016 has no released schedule yet.\n' });

    const csv = await lectern(database, ['export', 'csv', '--event', 'pybay-2016']);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFguid,slug,title,')).toBe(true);
    expect(csv.stdout.split('\r\n')).toHaveLength(38 + 2);
  }, 120_000);

  it('refuses an event that does not exist (exit 1)', async () => {
    const database = await pyBayDatabase({ released: true });

    const result = await lectern(database, ['export', 'ical', '--event', 'pycon-1999']);

    expect(result).toEqual({ code: 1, stdout: '', stderr: 'lectern: there is no published event "pycon-1999"\n' });
  }, 120_000);

  it('refuses an unknown format with the list of formats, and a missing one or --event with the usage (exit 2)', async () => {
    const database = await sharedCliDatabase();

    const unknown = await lectern(database, ['export', 'pdf', '--event', 'pybay-2016']);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: `lectern: unknown export format "pdf"; formats: ${FORMATS}\nRun "lectern --help" for usage.\n`,
    });

    const noFormat = await lectern(database, ['export', '--event', 'pybay-2016']);
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr.startsWith(`lectern: export needs a FORMAT: ${FORMATS}\n\nUsage: lectern <command>`)).toBe(
      true,
    );

    const noEvent = await lectern(database, ['export', 'csv']);
    expect(noEvent.code).toBe(2);
    expect(noEvent.stderr.startsWith('lectern: export needs --event SLUG\n\nUsage: lectern <command>')).toBe(true);
    expect(noEvent.stderr).toContain('  export FORMAT --event SLUG\n');
  }, 120_000);
});
