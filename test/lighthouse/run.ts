/**
 * Lighthouse (mobile, its default: an emulated mid-range phone on a throttled network) on the
 * public pages attendees open most, served by Lectern from an embedded database holding the
 * PyBay 2016 sample (scheduled and released) and the 38C3 schedule import, in Debian's Chromium.
 * Prints every page's four scores and exits 1 when one is below the floor.
 *
 *   npm run test:lighthouse            (CI runs it after npm test)
 *   LIGHTHOUSE_REPORTS=dir npm run test:lighthouse   also writes each page's HTML report there
 *   LIGHTHOUSE_ENFORCE=accessibility,seo ...         holds only these categories to the floor
 *                                                    (the others are printed all the same)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { events } from '../../src/db/schema.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import { importSchedule } from '../../src/modules/exchange/index.js';
import { CHROMIUM_PATH } from '../e2e/helpers.js';
import { importPyBay, TEST_PUBLIC_URL, TEST_SECRET } from '../helpers/app.js';
import { scheduleAndRelease } from '../helpers/schedule.js';

const FLOOR = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const ENFORCED = new Set<string>(process.env.LIGHTHOUSE_ENFORCE?.split(',').map((c) => c.trim()) ?? CATEGORIES);
const FILE_38C3 = new URL('../fixtures/conformance/samples/schedule-38c3-20251206.xml', import.meta.url);

/** The pages, by what an attendee does on them. */
const PAGES: [string, string][] = [
  ['event page', '/pybay-2016'],
  ['talk page', '/pybay-2016/talks/flask-for-fun-and-profit'],
  ["schedule day (38C3's busiest)", '/38c3/schedule/2024-12-28'],
  ['My agenda', '/pybay-2016/agenda'],
];

async function startLectern(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const handle = await openDatabase({});
  const { db } = handle;
  await importPyBay(db);
  await db.update(events).set({ timezone: 'America/Los_Angeles' }).where(eq(events.slug, 'pybay-2016'));
  await scheduleAndRelease(db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
  await importSchedule(db, {
    format: 'frab',
    content: readFileSync(FILE_38C3),
    eventSlug: '38c3',
    fileName: 'schedule-38c3-20251206.xml',
  });
  const agenda = new Agenda(db);
  await agenda.loadAll();
  const app = await buildApp({ agenda, db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('Lectern is not listening on a TCP port');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

async function main(): Promise<number> {
  const lectern = await startLectern();
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const reports = process.env.LIGHTHOUSE_REPORTS;
  if (reports) mkdirSync(reports, { recursive: true });
  const failures: string[] = [];
  try {
    console.log(`Lighthouse ${'(mobile)'.padEnd(32)} ${CATEGORIES.map((c) => c.padStart(15)).join('')}`);
    for (const [name, page] of PAGES) {
      // Public pages are rendered once per program version, on their first request, then served
      // from memory: measure what visitors get, not the one render after a release.
      const warm = await fetch(`${lectern.baseUrl}${page}`);
      if (warm.status !== 200) throw new Error(`${page} answered ${warm.status}`);
      await warm.arrayBuffer();
      const result = await lighthouse(`${lectern.baseUrl}${page}`, {
        port: chrome.port,
        output: 'html',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${page}`);
      const scores = CATEGORIES.map((c) => Math.round((result.lhr.categories[c]?.score ?? 0) * 100));
      console.log(`${`${name} ${page}`.padEnd(44).slice(0, 44)} ${scores.map((s) => String(s).padStart(15)).join('')}`);
      CATEGORIES.forEach((category, i) => {
        if (scores[i]! >= FLOOR || !ENFORCED.has(category)) return;
        const failing = Object.values(result.lhr.audits)
          .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative')
          .filter((audit) =>
            result.lhr.categories[category]?.auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0),
          )
          .map((audit) => `      ${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
        failures.push(`${name} ${page}: ${category} ${scores[i]} < ${FLOOR}\n${failing.join('\n')}`);
      });
      if (reports) {
        const file = path.join(reports, `${page.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.html`);
        writeFileSync(file, result.report as string);
      }
    }
  } finally {
    chrome.kill();
    await lectern.close();
  }
  if (failures.length > 0) {
    console.error(`\nBelow ${FLOOR}:\n${failures.join('\n')}`);
    return 1;
  }
  console.log(`\nEvery page scores ${FLOOR} or more in ${[...ENFORCED].join(', ')}.`);
  return 0;
}

process.exitCode = await main();
