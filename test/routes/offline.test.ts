import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { favicon, icons, myAgendaScript, offlineScript, publicAssets, stylesheet } from '../../src/web/assets.js';
import { API_HEADERS, CACHE_PUBLIC, PUBLIC_PAGE_CSP } from '../../src/web/http-cache.js';
import { WORKER_CSP } from '../../src/web/routes/public/offline.js';
import { testAppPerFile, importPyBay } from '../helpers/app.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { attribute, links, tags, titleOf, visibleText } from './html.js';
import { PROGRAM, SPEAKERS, TRACKS } from './pybay-program.js';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
});

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers });
}

async function releasePyBay(): Promise<void> {
  await scheduleAndRelease(t.db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
  await t.agenda.reload('pybay-2016');
}

interface OfflinePages {
  event: string;
  version: string;
  urls: string[];
}

const PAGES_BEFORE_RELEASE = [
  '/pybay-2016',
  '/pybay-2016/offline',
  '/pybay-2016/agenda',
  '/pybay-2016/speakers',
  '/pybay-2016/tracks',
  '/pybay-2016/changelog',
  ...PROGRAM.map(([slug]) => `/pybay-2016/talks/${slug}`),
  ...SPEAKERS.map(([slug]) => `/pybay-2016/speakers/${slug}`),
  ...TRACKS.map(({ slug }) => `/pybay-2016/tracks/${slug}`),
  '/api/events/pybay-2016/talks',
];

describe('the service worker script', () => {
  it('is served at the root as JavaScript that browsers revalidate on every check, with its own policy', async () => {
    const response = await get('/sw.js');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toBe(WORKER_CSP);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    // At the root its default scope is the whole site: no Service-Worker-Allowed needed.
    expect(response.headers['service-worker-allowed']).toBeUndefined();
    expect(response.headers['set-cookie']).toBeUndefined();
    const config = JSON.parse(/^const CONFIG = (.*);\n/.exec(response.body)![1]!) as unknown;
    expect(config).toEqual({
      assets: [
        stylesheet.url,
        myAgendaScript.url,
        offlineScript.url,
        favicon.url,
        icons.svg.url,
        icons.png192.url,
        icons.png512.url,
      ],
      reserved: [
        'account',
        'api',
        'assets',
        'cfp',
        'healthz',
        'login',
        'logout',
        'me',
        'media',
        'metrics',
        'orga',
        'password',
        'readyz',
        'setup',
        'signup',
        'speaker',
        'static',
      ],
    });
    expect(response.body).toContain("self.addEventListener('fetch'");
  });

  it('answers a revalidation with 304 while it is unchanged', async () => {
    const first = await get('/sw.js');
    const again = await get('/sw.js', { 'if-none-match': first.headers.etag as string });

    expect(again.statusCode).toBe(304);
    expect(again.headers['cache-control']).toBe('no-cache');
  });

  it('keeps nothing of what it serves for itself: every asset it lists is served for a year', async () => {
    for (const asset of publicAssets) {
      const response = await get(asset.url);
      expect([asset.url, response.statusCode, response.headers['content-type']]).toEqual([
        asset.url,
        200,
        asset.contentType,
      ]);
    }
  });
});

describe('the web app manifest', () => {
  it("describes the event's program as an app to install, with SVG and PNG icons", async () => {
    const response = await get('/pybay-2016/manifest.webmanifest');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/manifest+json; charset=utf-8');
    expect(response.headers['cache-control']).toBe(CACHE_PUBLIC);
    expect(response.json()).toEqual({
      id: '/pybay-2016',
      name: 'PyBay 2016',
      short_name: 'PyBay 2016',
      description: 'The program of PyBay 2016',
      start_url: '/pybay-2016',
      scope: '/pybay-2016',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#14213d',
      icons: [
        { src: icons.svg.url, sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        { src: icons.png192.url, sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: icons.png512.url, sizes: '512x512', type: 'image/png', purpose: 'any' },
      ],
    });
  });

  it('serves icons that are what they say: an SVG, and PNGs of 192 and 512 pixels', async () => {
    const svg = await get(icons.svg.url);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">')).toBe(true);
    for (const [url, size] of [
      [icons.png192.url, 192],
      [icons.png512.url, 512],
    ] as const) {
      const png = (await get(url)).rawPayload;
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('is linked from every page of the event', async () => {
    for (const url of ['/pybay-2016', '/pybay-2016/talks/untitled-talk', '/pybay-2016/speakers']) {
      const manifest = tags((await get(url)).body).filter(
        (tag) => tag.name === 'link' && attribute(tag, 'rel') === 'manifest',
      );
      expect(manifest.map((tag) => attribute(tag, 'href'))).toEqual(['/pybay-2016/manifest.webmanifest']);
    }
  });

  it('is a 404 for an event that does not exist', async () => {
    const response = await get('/nope/manifest.webmanifest');
    expect(response.statusCode).toBe(404);
  });
});

describe("the list of an event's pages to keep offline", () => {
  it('names the program, every talk, speaker and track page, the agenda and the JSON, before any release', async () => {
    const response = await get('/api/events/pybay-2016/pages');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe(API_HEADERS['access-control-allow-origin']);
    const body = response.json<OfflinePages>();
    expect(body.event).toBe('pybay-2016');
    expect(body.version).toMatch(/^[A-Za-z0-9_-]{8}\.\d+$/);
    expect(body.urls).toEqual(PAGES_BEFORE_RELEASE);
  });

  it('adds the schedule, each of its days and its JSON once released, under a new version', async () => {
    const before = (await get('/api/events/pybay-2016/pages')).json<OfflinePages>();
    await releasePyBay();
    const after = (await get('/api/events/pybay-2016/pages')).json<OfflinePages>();

    expect(after.version).not.toBe(before.version);
    expect(after.urls).toEqual([
      ...PAGES_BEFORE_RELEASE.slice(0, 5),
      '/pybay-2016/schedule',
      '/pybay-2016/schedule/2016-08-20',
      '/pybay-2016/schedule/2016-08-21',
      ...PAGES_BEFORE_RELEASE.slice(5),
      '/api/events/pybay-2016/schedule',
    ]);
  });

  it('lists only addresses that answer 200', async () => {
    await releasePyBay();
    const { urls } = (await get('/api/events/pybay-2016/pages')).json<OfflinePages>();
    const failing: string[] = [];
    for (const url of urls) {
      const response = await get(url);
      if (response.statusCode !== 200) failing.push(`${url}: ${response.statusCode}`);
    }
    expect(failing).toEqual([]);
  });

  it("answers a HEAD of the schedule's JSON with the ETag its GET gives, and no body", async () => {
    // offline.js compares this ETag with the kept copy's before it fetches and reads the schedule.
    await releasePyBay();
    const url = '/api/events/pybay-2016/schedule';
    const full = await get(url);
    const head = await t.app.inject({ method: 'HEAD', url });
    expect([head.statusCode, head.headers.etag, head.rawPayload.length]).toEqual([200, full.headers.etag, 0]);
  });

  it('is a JSON 404 naming the event that does not exist', async () => {
    const response = await get('/api/events/nope/pages');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'There is no event "nope".' });
  });
});

describe('the offline page', () => {
  it("says the page is not saved and links to the event's program", async () => {
    const response = await get('/pybay-2016/offline');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
    expect(titleOf(response.body)).toBe('Not saved for offline reading · PyBay 2016 · Lectern');
    expect(visibleText(response.body)).toContain(
      'Not saved for offline reading You are offline, and this page is not saved on this device. ' +
        'The program is: PyBay 2016: the program, with its talks, speakers and schedule.',
    );
    expect(links(response.body)).toContainEqual({ href: '/pybay-2016', text: 'PyBay 2016: the program' });
  });
});

describe('the Content Security Policy of public pages', () => {
  it('allows scripts, the worker, its fetches and the manifest from this origin only, and no inline script', () => {
    expect(PUBLIC_PAGE_CSP).toBe(
      "default-src 'none'; script-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
        "style-src 'self'; img-src 'self' data: https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it("comes with two scripts on each page, deferred and same-origin: My agenda's and the registration", async () => {
    for (const [url, event] of [
      ['/', undefined],
      ['/pybay-2016', 'pybay-2016'],
      ['/pybay-2016/offline', 'pybay-2016'],
    ] as const) {
      const response = await get(url);
      expect(response.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
      const scripts = tags(response.body).filter((tag) => tag.name === 'script');
      expect(scripts.map((tag) => tag.attributes)).toEqual([
        [
          ['src', myAgendaScript.url],
          ['defer', undefined],
        ],
        [['src', offlineScript.url], ['defer', undefined], ...(event ? [['data-event', event]] : [])],
      ]);
    }
  });
});
