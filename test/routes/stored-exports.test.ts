import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { asc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { events, scheduleSlots, storedExports } from '../../src/db/schema.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import { EXPORTS_REVISION, exporters, renderExport } from '../../src/modules/exchange/index.js';
import type { App } from '../../src/web/types.js';
import { importPyBay, TEST_PUBLIC_URL, TEST_SECRET, testAppPerFile } from '../helpers/app.js';
import { release } from '../helpers/export-fixtures.js';
import { localTime, scheduleAndRelease } from '../helpers/schedule.js';
import { countingDatabase } from './count-queries.js';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
  await db.update(events).set({ timezone: 'America/Los_Angeles' }).where(eq(events.slug, 'pybay-2016'));
});
const closing: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

async function releasePyBay(): Promise<void> {
  await scheduleAndRelease(t.db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
  await t.agenda.reload('pybay-2016');
}

function get(url: string, headers: Record<string, string> = {}, app: App = t.app): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers });
}

/** Another app instance on the same database, whose queries are recorded. */
async function secondInstance() {
  const counting = countingDatabase(t.db);
  const agenda = new Agenda(counting.db);
  const app = await buildApp({ agenda, db: counting.db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });
  await app.ready();
  closing.push(() => app.close());
  return { app, queries: counting.queries, reset: () => counting.reset() };
}

async function storedRows() {
  return t.db
    .select({
      format: storedExports.format,
      programVersion: storedExports.programVersion,
      variant: storedExports.variant,
      etag: storedExports.etag,
      body: storedExports.body,
    })
    .from(storedExports)
    .orderBy(asc(storedExports.id));
}

const URLS = exporters.map((exporter) => `/pybay-2016/${exporter.fileName}`);

describe('exports stored once per program version', () => {
  it('stores each export on its first request with its ETag and bytes, for the program version and this public address', async () => {
    await releasePyBay();
    const program = t.agenda.event('pybay-2016')!;
    expect(await storedRows()).toEqual([]);

    const responses: LightMyRequestResponse[] = [];
    for (const url of URLS) responses.push(await get(url));

    const rows = await storedRows();
    expect(rows.map((row) => [row.format, row.programVersion, row.variant])).toEqual(
      exporters.map((exporter) => [
        exporter.identifier,
        program.programVersion,
        `${EXPORTS_REVISION}|${TEST_PUBLIC_URL}`,
      ]),
    );
    exporters.forEach((exporter, i) => {
      const expected = renderExport(exporter, program, { publicUrl: TEST_PUBLIC_URL });
      expect(responses[i]!.body).toBe(expected);
      expect(rows[i]!.body.toString('utf8')).toBe(expected);
      expect(responses[i]!.headers.etag).toBe(rows[i]!.etag);
      expect(responses[i]!.headers['content-length']).toBe(String(Buffer.byteLength(expected)));
    });
  });

  it('answers another instance from the stored row without building it again, and itself without asking again', async () => {
    await releasePyBay();
    const first = await Promise.all(URLS.map((url) => get(url)));
    const other = await secondInstance();
    // Its program loaded first, so that only the exports' queries are counted.
    await get('/pybay-2016', {}, other.app);
    other.reset();

    const again = await Promise.all(URLS.map((url) => get(url, {}, other.app)));

    again.forEach((response, i) => {
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(first[i]!.body);
      expect(response.headers.etag).toBe(first[i]!.headers.etag);
    });
    expect(other.queries).toHaveLength(URLS.length);
    expect(other.queries.every((query) => /^select .* from "stored_exports"/.test(query))).toBe(true);
    other.reset();
    for (const url of URLS) expect((await get(url, {}, other.app)).statusCode).toBe(200);
    expect(other.queries).toEqual([]);
  });

  it('builds new files when a release moves the program version, and deletes the older ones', async () => {
    await releasePyBay();
    const before = await Promise.all(URLS.map((url) => get(url)));
    const versionBefore = t.agenda.event('pybay-2016')!.programVersion;
    const talk = t.agenda.event('pybay-2016')!.talkBySlug.get('flask-for-fun-and-profit')!;
    const zone = 'America/Los_Angeles';
    await t.db
      .update(scheduleSlots)
      .set({ startsAt: localTime('2016-08-21', '17:00', zone), endsAt: localTime('2016-08-21', '17:30', zone) })
      .where(eq(scheduleSlots.talkId, talk.id));
    await release(t.db, 'pybay-2016');
    await t.agenda.reload('pybay-2016');
    const program = t.agenda.event('pybay-2016')!;
    expect(program.programVersion).toBeGreaterThan(versionBefore);

    const xml = await get('/pybay-2016/schedule.xml');

    expect(xml.body).toBe(renderExport(exporters[0]!, program, { publicUrl: TEST_PUBLIC_URL }));
    expect(xml.headers.etag).not.toBe(before[0]!.headers.etag);
    // The other formats of the old version went with it: they are built again when asked for.
    expect((await storedRows()).map((row) => [row.format, row.programVersion])).toEqual([
      ['frab-xml', program.programVersion],
    ]);
  });

  it('answers 304 to the current ETag and sends gzip and brotli that decode to the file, each form with its length', async () => {
    await releasePyBay();

    for (const url of URLS) {
      const plain = await get(url);
      const current = await get(url, { 'if-none-match': plain.headers.etag as string });
      const br = await get(url, { 'accept-encoding': 'gzip, br' });
      const gzip = await get(url, { 'accept-encoding': 'gzip' });
      const neither = await get(url, { 'accept-encoding': 'br;q=0, gzip;q=0' });

      expect(current.statusCode).toBe(304);
      expect(current.body).toBe('');
      expect(current.headers.etag).toBe(plain.headers.etag);
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
      expect(br.headers['content-length']).toBe(String(br.rawPayload.length));
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
      expect(gzip.headers.etag).toBe(plain.headers.etag);
      expect(neither.headers['content-encoding']).toBeUndefined();
      expect(neither.body).toBe(plain.body);
      expect(plain.headers.vary).toBe('accept-encoding');
    }
  });

  it('stores no schedule export before the first release, and the CSV, which needs none', async () => {
    expect((await get('/pybay-2016/schedule.xml')).statusCode).toBe(404);
    expect((await get('/pybay-2016/talks.csv')).statusCode).toBe(200);

    expect((await storedRows()).map((row) => row.format)).toEqual(['csv']);
  });
});
