import { eq } from 'drizzle-orm';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { Database } from '../../src/db/client.js';
import { events } from '../../src/db/schema.js';
import { watchProgramChanges, type Agenda } from '../../src/modules/agenda/index.js';
import { buildTestApp, importPyBay } from '../helpers/app.js';
import { resetDatabase, testDatabase } from '../helpers/database.js';
import { scheduleAndRelease } from '../helpers/schedule.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AXE_SCRIPT = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/screenshots');

/** Debian's package puts Chromium here; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function runningInCi(): boolean {
  const value = process.env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the browser tests can run here. A developer without Chromium still gets a passing
 * `npm test`, told plainly what was skipped; CI must never pass without them, so there a
 * missing Chromium fails the run.
 */
export function chromiumAvailable(): boolean {
  if (isExecutable(CHROMIUM_PATH)) return true;
  const missing = `no Chromium executable at ${CHROMIUM_PATH}`;
  if (runningInCi()) {
    throw new Error(
      `Browser tests cannot run: ${missing}, and CI is set, so they may not be skipped. ` +
        'Install Chromium with `apt-get install chromium`, or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  console.warn(
    `\nBrowser tests SKIPPED: ${missing}.\n` +
      'To run them, install Chromium (`sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chromium binary, ' +
      'then run `npm run test:e2e`.\n',
  );
  return false;
}

/**
 * Chromium without anything that reaches the network on its own. Playwright gives every
 * launch a fresh temporary profile and removes it on close, so no state leaks between runs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface RunningLectern {
  baseUrl: string;
  /** The database the app runs on, for setting up accounts and roles the test does not drive. */
  db: Database;
  agenda: Agenda;
  close(): Promise<void>;
}

/**
 * Lectern on this worker's test database, holding the PyBay 2016 sample, on a free local port.
 * Like the server, its public program follows committed changes (a confirmed talk joins it).
 */
export async function startLectern(): Promise<RunningLectern> {
  const handle = await testDatabase();
  const { db } = handle;
  await resetDatabase(db);
  await importPyBay(db);
  const { app, agenda } = await buildTestApp();
  const reloadFailures: Error[] = [];
  const stopWatching = await watchProgramChanges(handle, agenda, (error) => reloadFailures.push(error));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('Lectern is not listening on a TCP port');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    db,
    agenda,
    close: async () => {
      await stopWatching();
      await app.close();
      if (reloadFailures.length > 0) throw reloadFailures[0];
    },
  };
}

/**
 * startLectern with PyBay 2016 in Los Angeles time, scheduled over its two days with lunch and
 * released (under `comment`, if given), its public pages showing that release.
 */
export async function startReleasedLectern(comment?: string): Promise<RunningLectern> {
  const lectern = await startLectern();
  await lectern.db.update(events).set({ timezone: 'America/Los_Angeles' }).where(eq(events.slug, 'pybay-2016'));
  await scheduleAndRelease(lectern.db, {
    eventSlug: 'pybay-2016',
    dates: ['2016-08-20', '2016-08-21'],
    lunch: true,
    ...(comment === undefined ? {} : { comment }),
  });
  await lectern.agenda.reload('pybay-2016');
  return lectern;
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core on the page and returns its violations as readable lines, one per rule,
 * each naming the elements at fault and what to fix, so a failing assertion explains itself.
 * axe is evaluated through the DevTools protocol, which a page's Content Security Policy does
 * not govern: the page is audited as a visitor's browser renders it, CSP in force (a style the
 * policy refuses is audited as refused), and the page itself still may run no script.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) {
    axeSource ??= readFileSync(AXE_SCRIPT, 'utf8');
    await page.evaluate(axeSource);
  }
  const options = JSON.stringify({ runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] });
  const result = (await page.evaluate(`axe.run(document, ${options})`)) as { violations: AxeViolation[] };
  return result.violations.map((violation) => {
    const nodes = violation.nodes
      .slice(0, 5)
      .map(
        (node) =>
          `    at ${node.target.join(' ')}: ${node.html.slice(0, 160)}\n` +
          `      ${(node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ')}`,
      );
    if (violation.nodes.length > 5) nodes.push(`    and ${violation.nodes.length - 5} more`);
    return `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help} [${violation.helpUrl}]\n${nodes.join('\n')}`;
  });
}

/** Full-page screenshots at a phone's width and a desktop's, kept as test artifacts. */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  const files: string[] = [];
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    const file = path.join(SCREENSHOT_DIR, `${name}-${viewport.width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  if (original) await page.setViewportSize(original);
  return files;
}

/**
 * axe's findings on the page as shown now, in the light colour scheme and then the dark one,
 * keyed "light"/"dark" (a scheme without findings is left out). The page is left in the light scheme.
 */
export async function axeViolationsInBothSchemes(page: Page): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(`matchMedia('(prefers-color-scheme: ${colorScheme})').matches`))) {
      throw new Error(`the page did not switch to the ${colorScheme} colour scheme`);
    }
    const violations = await axeViolations(page);
    if (violations.length > 0) found[colorScheme] = violations;
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/**
 * Collects what the Content Security Policy refused on any page of the context (Chromium
 * reports each refusal on the console), so a test can require that the pages need nothing
 * the policy forbids: no inline script, no inline style.
 */
export function collectCspViolations(context: BrowserContext): string[] {
  const refused: string[] = [];
  context.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      refused.push(`${message.page()?.url() ?? '?'}: ${message.text()}`);
    }
  });
  return refused;
}

/** The options of a context for the axe audits: CSP bypassed (axe is a script) and nothing else changed. */
export function auditContextOptions(colorScheme: 'light' | 'dark'): BrowserContextOptions {
  return { bypassCSP: true, colorScheme, viewport: DESKTOP, reducedMotion: 'reduce' };
}
