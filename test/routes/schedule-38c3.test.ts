import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSchedule } from '../../src/modules/exchange/index.js';
import type { App } from '../../src/web/types.js';
import { buildTestApp } from '../helpers/app.js';
import { resetDatabase, testDatabase } from '../helpers/database.js';
import { parseCsv, validateC3vocJson, validateFrabXml, validateICal } from '../helpers/export-validators.js';

/**
 * The real 38C3 schedule.xml, end to end: imported as `lectern import frab` does it, then read
 * by attendees and software through the public routes only.
 */
const FILE = new URL('../fixtures/conformance/samples/schedule-38c3-20251206.xml', import.meta.url);
const DAYS = ['2024-12-27', '2024-12-28', '2024-12-29', '2024-12-30'];

function columnHeaders(html: string): string[] {
  const head = html.slice(html.indexOf('<thead>'), html.indexOf('</thead>'));
  return [...head.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!.trim()).slice(1);
}

describe('the 38C3 schedule, imported and published', () => {
  let app: App;

  beforeAll(async () => {
    const { db } = await testDatabase();
    await resetDatabase(db);
    await importSchedule(db, {
      format: 'frab',
      content: readFileSync(FILE),
      eventSlug: '38c3',
      fileName: 'schedule-38c3-20251206.xml',
    });
    ({ app } = await buildTestApp());
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  // The setup file empties the database before each test; these tests read the app's snapshot only.

  it("shows each of the four days' grid, whose columns together are all 72 rooms", async () => {
    const first = await app.inject('/38c3/schedule');
    expect(first.statusCode).toBe(200);
    for (const date of DAYS) expect(first.body).toContain(`href="/38c3/schedule/${date}"`);

    const rooms = new Set<string>();
    const perDay: [string, number, number][] = [];
    for (const date of DAYS) {
      const page = await app.inject(`/38c3/schedule/${date}`);
      expect(page.statusCode).toBe(200);
      const headers = columnHeaders(page.body);
      headers.forEach((room) => rooms.add(room));
      const talkLinks = new Set(page.body.match(/href="\/38c3\/talks\/[^"]+"/g));
      perDay.push([date, headers.length, talkLinks.size]);
    }
    expect(perDay).toEqual([
      ['2024-12-27', 53, 245],
      ['2024-12-28', 59, 320],
      ['2024-12-29', 63, 306],
      ['2024-12-30', 44, 136],
    ]);
    expect(rooms.size).toBe(72);
  });

  it('serves every export of the import, each valid against its schema or standard', async () => {
    const xml = await app.inject('/38c3/schedule.xml');
    expect(await validateFrabXml(xml.body)).toEqual([]);
    expect(xml.body.match(/<event /g)).toHaveLength(1007);

    const json = await app.inject('/38c3/schedule.json');
    expect(validateC3vocJson(json.body)).toEqual([]);

    const ics = await app.inject('/38c3/schedule.ics');
    expect(validateICal(ics.body)).toEqual([]);
    expect(ics.body.match(/BEGIN:VEVENT/g)).toHaveLength(1007);

    const csv = await app.inject('/38c3/talks.csv');
    expect(parseCsv(csv.body)).toHaveLength(1 + 1007);
  });
});
