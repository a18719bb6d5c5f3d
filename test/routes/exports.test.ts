import { brotliDecompressSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { events, scheduleSlots } from '../../src/db/schema.js';
import { CSV_COLUMNS, exporters, renderExport, renderTalkICal } from '../../src/modules/exchange/index.js';
import { API_HEADERS, CACHE_NONE, CACHE_PUBLIC, PUBLIC_PAGE_CSP } from '../../src/web/http-cache.js';
import { testAppPerFile, importPyBay, TEST_PUBLIC_URL } from '../helpers/app.js';
import { release } from '../helpers/export-fixtures.js';
import { validateC3vocJson, validateCsv, validateFrabXml, validateICal } from '../helpers/export-validators.js';
import { localTime, scheduleAndRelease } from '../helpers/schedule.js';
import { links, titleOf, visibleText } from './html.js';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
  await db.update(events).set({ timezone: 'America/Los_Angeles' }).where(eq(events.slug, 'pybay-2016'));
});

async function releasePyBay(): Promise<void> {
  await scheduleAndRelease(t.db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
  await t.agenda.reload('pybay-2016');
}

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers });
}

const FILES = [
  ['/pybay-2016/schedule.xml', 'application/xml; charset=utf-8', 'pybay-2016-schedule.xml'],
  ['/pybay-2016/schedule.json', 'application/json; charset=utf-8', 'pybay-2016-schedule.json'],
  ['/pybay-2016/schedule.ics', 'text/calendar; charset=utf-8', 'pybay-2016-schedule.ics'],
  ['/pybay-2016/talks.csv', 'text/csv; charset=utf-8; header=present', 'pybay-2016-talks.csv'],
  [
    '/pybay-2016/talks/flask-for-fun-and-profit.ics',
    'text/calendar; charset=utf-8',
    'pybay-2016-flask-for-fun-and-profit.ics',
  ],
] as const;

function expectFile(response: LightMyRequestResponse, contentType: string, fileName: string): void {
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe(contentType);
  expect(response.headers['content-disposition']).toBe(`inline; filename="${fileName}"`);
  expect(response.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
  expect(response.headers['cache-control']).toBe(CACHE_PUBLIC);
  expect(response.headers['access-control-allow-origin']).toBe(API_HEADERS['access-control-allow-origin']);
  expect(response.headers['content-security-policy']).toBe(API_HEADERS['content-security-policy']);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
}

function expectNotFound(response: LightMyRequestResponse, message: string): void {
  expect(response.statusCode).toBe(404);
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.headers['cache-control']).toBe(CACHE_NONE);
  expect(visibleText(response.body)).toContain(message);
}

describe('public exports of the latest release', () => {
  it('serves every export and a talk’s calendar with its type, file name and ETag, and the bytes the exporters render', async () => {
    await releasePyBay();
    const program = t.agenda.event('pybay-2016')!;
    const context = { publicUrl: TEST_PUBLIC_URL };

    for (const [url, contentType, fileName] of FILES) {
      expectFile(await get(url), contentType, fileName);
    }
    for (const exporter of exporters) {
      const response = await get(`/pybay-2016/${exporter.fileName}`);
      expect(response.body).toBe(renderExport(exporter, program, context));
    }
    const talk = program.talkBySlug.get('flask-for-fun-and-profit')!;
    expect((await get('/pybay-2016/talks/flask-for-fun-and-profit.ics')).body).toBe(
      renderTalkICal(program, talk, context),
    );
  });

  it('serves files that validate, links made absolute with the public address', async () => {
    await releasePyBay();

    const xml = (await get('/pybay-2016/schedule.xml')).body;
    expect(await validateFrabXml(xml)).toEqual([]);
    expect(xml).toContain('<url>http://lectern.test/pybay-2016/talks/flask-for-fun-and-profit</url>');
    expect(validateC3vocJson((await get('/pybay-2016/schedule.json')).body)).toEqual([]);
    expect(validateICal((await get('/pybay-2016/schedule.ics')).body)).toEqual([]);
    expect(validateICal((await get('/pybay-2016/talks/flask-for-fun-and-profit.ics')).body)).toEqual([]);
    expect(validateCsv((await get('/pybay-2016/talks.csv')).body, CSV_COLUMNS)).toEqual([]);
  });

  it('answers 304 to a client holding the current version, and compresses for those that accept it', async () => {
    await releasePyBay();

    for (const [url] of FILES) {
      const first = await get(url);
      const again = await get(url, { 'if-none-match': first.headers.etag as string });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    }
    const compressed = await get('/pybay-2016/schedule.xml', { 'accept-encoding': 'br, gzip' });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(compressed.rawPayload).toString('utf8')).toBe(
      (await get('/pybay-2016/schedule.xml')).body,
    );
  });

  it('serves new files with new ETags once a new release moves a talk', async () => {
    await releasePyBay();
    const before = await Promise.all(FILES.map(([url]) => get(url)));
    const talk = t.agenda.event('pybay-2016')!.talkBySlug.get('flask-for-fun-and-profit')!;
    const zone = 'America/Los_Angeles';
    await t.db
      .update(scheduleSlots)
      .set({ startsAt: localTime('2016-08-21', '17:00', zone), endsAt: localTime('2016-08-21', '17:30', zone) })
      .where(eq(scheduleSlots.talkId, talk.id));
    await release(t.db, 'pybay-2016');
    await t.agenda.reload('pybay-2016');

    const after = await Promise.all(FILES.map(([url]) => get(url)));

    after.forEach((response, i) => {
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).not.toBe(before[i]!.headers.etag);
    });
    expect(after[0]!.body).toContain('<version>2</version>');
    expect(after[4]!.body).toContain('DTSTART;TZID=America/Los_Angeles:20160821T170000\r\n');
  });

  it('answers schedule exports with 404 and why before the first release, and the CSV with talks without times', async () => {
    for (const url of ['/pybay-2016/schedule.xml', '/pybay-2016/schedule.json', '/pybay-2016/schedule.ics']) {
      expectNotFound(await get(url), 'PyBay 2016 has no released schedule yet.');
    }
    expectNotFound(
      await get('/pybay-2016/talks/flask-for-fun-and-profit.ics'),
      'PyBay 2016 has no released schedule yet.',
    );
    const csv = await get('/pybay-2016/talks.csv');
    expectFile(csv, 'text/csv; charset=utf-8; header=present', 'pybay-2016-talks.csv');
    expect(csv.body.split('\r\n')).toHaveLength(38 + 2);
  });

  it('answers an unknown event, an unknown talk and a talk off the schedule with 404 and what is missing', async () => {
    await releasePyBay();
    const [unplaced] = await t.db
      .select({ talkId: scheduleSlots.talkId })
      .from(scheduleSlots)
      .where(eq(scheduleSlots.kind, 'talk'))
      .limit(1);
    await t.db.delete(scheduleSlots).where(eq(scheduleSlots.talkId, unplaced!.talkId!));
    await release(t.db, 'pybay-2016');
    await t.agenda.reload('pybay-2016');
    const off = t.agenda.event('pybay-2016')!.talkById.get(unplaced!.talkId!)!;

    for (const url of [
      '/pycon-1999/schedule.xml',
      '/pycon-1999/talks.csv',
      '/pycon-1999/exports',
      '/pycon-1999/talks/x.ics',
    ]) {
      expectNotFound(await get(url), 'There is no event "pycon-1999".');
    }
    expectNotFound(
      await get('/pybay-2016/talks/flask-for-profit.ics'),
      'There is no talk "flask-for-profit" in PyBay 2016.',
    );
    expectNotFound(
      await get(`/pybay-2016/talks/${off.slug}.ics`),
      `"${off.title}" is not in the released schedule of PyBay 2016.`,
    );
  });

  it('leaves the talk page where it was beside the talk’s calendar', async () => {
    await releasePyBay();

    const page = await get('/pybay-2016/talks/flask-for-fun-and-profit');

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('the exports page', () => {
  it('lists every export of the registry with its description and address once released', async () => {
    await releasePyBay();

    const response = await get('/pybay-2016/exports');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
    expect(response.headers.etag).toMatch(/^W\/"/);
    expect(titleOf(response.body)).toBe('Exports · PyBay 2016 · Lectern');
    const fileLinks = links(response.body).filter((link) => /\.(xml|json|ics|csv)$/.test(link.href));
    // The calendar's card also offers to subscribe: the same file at its webcal:// address.
    expect(fileLinks).toEqual(
      exporters.flatMap((e) => [
        { href: `/pybay-2016/${e.fileName}`, text: e.label },
        ...(e.identifier === 'ical'
          ? [{ href: `webcal://lectern.test/pybay-2016/${e.fileName}`, text: 'Subscribe in your calendar' }]
          : []),
      ]),
    );
    const text = visibleText(response.body);
    for (const exporter of exporters) expect(text).toContain(exporter.description);
    expect(text).toContain('from the schedule released as version 1.');
    const again = await get('/pybay-2016/exports', { 'if-none-match': response.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  it('links only the CSV before the first release and says why', async () => {
    const response = await get('/pybay-2016/exports');

    expect(response.statusCode).toBe(200);
    expect(links(response.body).filter((link) => /\.(xml|json|ics|csv)$/.test(link.href))).toEqual([
      { href: '/pybay-2016/talks.csv', text: 'Talks as CSV' },
    ]);
    const text = visibleText(response.body);
    expect(text).toContain('PyBay 2016 has no released schedule yet');
    expect(text.match(/after the first release/g)).toHaveLength(3);
  });
});
