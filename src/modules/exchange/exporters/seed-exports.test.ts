import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events } from '../../../db/schema.js';
import { importPyBay } from '../../../../test/helpers/app.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { EXPORT_CONTEXT, program } from '../../../../test/helpers/export-fixtures.js';
import {
  icalEvents,
  parseCsv,
  validateC3vocJson,
  validateCsv,
  validateFrabXml,
  validateICal,
} from '../../../../test/helpers/export-validators.js';
import { scheduleAndRelease } from '../../../../test/helpers/schedule.js';
import { CSV_COLUMNS } from './csv.js';
import { renderTalkICal } from './ical.js';
import { exporters, findExporter, renderExport } from './registry.js';

/** PyBay 2016 in Los Angeles, scheduled over two days in two rooms with a lunch break, released as "1". */
async function scheduledPyBay() {
  const { db } = await testDatabase();
  await importPyBay(db);
  await db.update(events).set({ timezone: 'America/Los_Angeles' }).where(eq(events.slug, 'pybay-2016'));
  await scheduleAndRelease(db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
  return program(db, 'pybay-2016');
}

const render = (identifier: string, pybay: Awaited<ReturnType<typeof scheduledPyBay>>) =>
  renderExport(findExporter(identifier)!, pybay, EXPORT_CONTEXT);

describe('exports of the seed event, scheduled', () => {
  it('registers the four exports in the order the exports page lists them', () => {
    expect(exporters.map((e) => [e.identifier, e.fileName, e.requiresReleasedSchedule])).toEqual([
      ['frab-xml', 'schedule.xml', true],
      ['c3voc-json', 'schedule.json', true],
      ['ical', 'schedule.ics', true],
      ['csv', 'talks.csv', false],
    ]);
    expect(findExporter('pdf')).toBeUndefined();
  });

  it('gives a frab schedule.xml that validates, with all 38 talks over two days and no lunch', async () => {
    const pybay = await scheduledPyBay();

    const xml = render('frab-xml', pybay);

    expect(await validateFrabXml(xml)).toEqual([]);
    expect(xml.match(/<event /g)).toHaveLength(38);
    expect([...xml.matchAll(/<day index="(\d)" date="([\d-]+)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ['1', '2016-08-20'],
      ['2', '2016-08-21'],
    ]);
    expect(xml).not.toContain('Lunch');
  });

  it('gives a c3voc schedule.json that validates, with every talk once', async () => {
    const pybay = await scheduledPyBay();

    const json = render('c3voc-json', pybay);

    expect(validateC3vocJson(json)).toEqual([]);
    const days = JSON.parse(json).schedule.conference.days as { rooms: Record<string, { guid: string }[]> }[];
    const guids = days.flatMap((d) =>
      Object.values(d.rooms)
        .flat()
        .map((e) => e.guid),
    );
    expect(guids.sort()).toEqual(pybay.talks.map((t) => t.guid).sort());
  });

  it('gives an iCalendar file that validates, and a valid one per talk with the same event', async () => {
    const pybay = await scheduledPyBay();

    const text = render('ical', pybay);

    expect(validateICal(text)).toEqual([]);
    const all = icalEvents(text);
    expect(all).toHaveLength(38);
    for (const talk of pybay.talks) {
      const own = renderTalkICal(pybay, talk, EXPORT_CONTEXT);
      expect(validateICal(own)).toEqual([]);
      expect(icalEvents(own)).toEqual(all.filter((e) => e.uid === talk.guid));
      expect(icalEvents(own)[0]!.start).toEqual(talk.slot!.start);
    }
  });

  it('gives a CSV with a row per talk, every one scheduled', async () => {
    const pybay = await scheduledPyBay();

    const csv = render('csv', pybay);

    expect(validateCsv(csv, CSV_COLUMNS)).toEqual([]);
    const records = parseCsv(csv);
    expect(records).toHaveLength(39);
    expect(
      records.slice(1).every((r) => r[8] !== '' && r[9]!.startsWith('2016-08-2') && r[9]!.endsWith('-07:00')),
    ).toBe(true);
  });

  it('refuses schedule exports before the first release and lists the talks as CSV without times', async () => {
    const { db } = await testDatabase();
    await importPyBay(db);
    const pybay = await program(db, 'pybay-2016');

    for (const identifier of ['frab-xml', 'c3voc-json', 'ical']) {
      expect(() => render(identifier, pybay)).toThrow('PyBay 2016 has no released schedule yet.');
    }
    const records = parseCsv(render('csv', pybay));
    expect(records).toHaveLength(39);
    expect(records.slice(1).every((r) => r[8] === '' && r[9] === '' && r[10] === '')).toBe(true);
  });
});
