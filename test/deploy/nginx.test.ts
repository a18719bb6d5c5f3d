import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * The production setup of docs/deployment.md, run: Debian's nginx with deploy/nginx/lectern.conf
 * as it is (only its ports, cache directory and logs moved into a temporary directory) in front
 * of two Lectern processes started as `npm start` starts one, on a PostgreSQL database of their
 * own. Everything is asked over HTTP, and the program is changed with the `lectern` command, so
 * that nothing here depends on how the app keeps its program.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITE_CONFIG = path.join(ROOT, 'deploy/nginx/lectern.conf');
const SAMPLE = path.join(ROOT, 'samples/pybay-2016-talks.txt');
/** Debian's package puts nginx here; NGINX_PATH points elsewhere. */
const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';

const OLD_TITLE = 'Flask for Fun and Profit';
const NEW_TITLE = 'Flask for Fun and Profit, Revised';

function runningInCi(): boolean {
  const value = process.env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/**
 * Whether this can run here: nginx installed and a PostgreSQL server (DATABASE_URL) to give the
 * instances a database they share. A developer without them is told what was skipped; CI, which
 * installs nginx (.ci/run) and always has PostgreSQL, fails instead.
 */
function prerequisitesMissing(): string | undefined {
  const missing: string[] = [];
  try {
    accessSync(NGINX, constants.X_OK);
  } catch {
    missing.push(`no nginx executable at ${NGINX} (apt-get install nginx, or set NGINX_PATH)`);
  }
  if (!process.env.DATABASE_URL) missing.push('no DATABASE_URL (several instances share one PostgreSQL database)');
  if (missing.length === 0) return undefined;
  const reason = missing.join('; ');
  if (runningInCi())
    throw new Error(`The nginx deployment test cannot run, and CI is set, so it may not be skipped: ${reason}`);
  console.warn(`\nnginx deployment test SKIPPED: ${reason}.\n`);
  return reason;
}

const skipped = prerequisitesMissing();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A child process whose output is kept, to be shown when the test fails. */
interface Child {
  name: string;
  process: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(chunk.toString('utf8'));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, process: child, output, exited };
}

async function stop(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  await child.exited;
}

/** Waits until `url` answers 200, or fails naming the child's last output. */
async function waitForOk(url: string, child: Child, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) break;
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${child.name} did not answer ${url} with 200 in time:\n${child.output.join('').slice(-3000)}`);
}

/** Replaces `from` in `text`, which must hold it exactly once: a changed config fails here, plainly. */
function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`deploy/nginx/lectern.conf holds "${from}" ${count} times, not once`);
  return text.replace(from, to);
}

/** The site config with this test's ports and directories, and the nginx.conf Debian's would wrap it in. */
async function renderNginxConfig(dir: string, port: number, instancePorts: [number, number]): Promise<string> {
  let site = await readFile(SITE_CONFIG, 'utf8');
  site = replaceOnce(site, 'server 127.0.0.1:3001 ', `server 127.0.0.1:${instancePorts[0]} `);
  site = replaceOnce(site, 'server 127.0.0.1:3002 ', `server 127.0.0.1:${instancePorts[1]} `);
  site = replaceOnce(site, '    listen 80;\n', `    listen 127.0.0.1:${port};\n`);
  site = replaceOnce(site, '    listen [::]:80;\n', '');
  site = replaceOnce(site, ' /var/cache/nginx/lectern ', ` ${dir}/cache `);
  site = replaceOnce(site, ' /var/log/nginx/lectern.access.log ', ` ${dir}/access.log `);
  site = replaceOnce(site, ' /var/log/nginx/lectern.error.log;', ` ${dir}/error.log;`);
  await writeFile(path.join(dir, 'lectern.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `    ${kind}_temp_path ${dir}/${kind};`)
    .join('\n');
  const main = [
    // As root, nginx's workers would run as nobody, who may not write the temporary directory.
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    'events { worker_connections 256; }',
    'http {',
    temp,
    `    access_log ${dir}/access.log;`,
    `    include ${dir}/lectern.conf;`,
    '}',
    '',
  ].join('\n');
  const file = path.join(dir, 'nginx.conf');
  await writeFile(file, main);
  return file;
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Asks until `check` holds, every 100 ms for at most `limitMs`; the milliseconds it took. */
async function measure(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not seen within ${limitMs / 1000} s`);
}

interface LoggedRequest {
  instance: string;
  reqId: string;
  url?: string;
  remoteAddress?: string;
  statusCode?: number;
}

/** The requests the instances logged (LOG_REQUESTS=on), by request id. */
function requestLog(instances: Child[]): Map<string, LoggedRequest> {
  const requests = new Map<string, LoggedRequest>();
  for (const instance of instances) {
    for (const line of instance.output.join('').split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as {
        reqId?: string;
        req?: { url: string; remoteAddress: string };
        res?: { statusCode: number };
      };
      if (!entry.reqId) continue;
      const request = requests.get(entry.reqId) ?? { instance: instance.name, reqId: entry.reqId };
      if (entry.req) Object.assign(request, { url: entry.req.url, remoteAddress: entry.req.remoteAddress });
      if (entry.res) request.statusCode = entry.res.statusCode;
      requests.set(entry.reqId, request);
    }
  }
  return requests;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

describe.skipIf(skipped !== undefined)('nginx (deploy/nginx/lectern.conf) in front of two instances', () => {
  let dir: string;
  let database: string;
  let databaseUrl: string;
  let nginxUrl: string;
  const instanceUrls: string[] = [];
  const instances: Child[] = [];
  let nginx: Child | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-nginx-'));
    // Named like the suites' databases, so that the run's teardown drops it should this file not.
    database = `lectern_test_${inject('runId')}_nginx_${process.pid}`;
    await adminQuery(`create database "${database}"`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();

    const [portA, portB, port] = [await freePort(), await freePort(), await freePort()];
    nginxUrl = `http://127.0.0.1:${port}`;
    // Both at once, as systemd starts them: they take turns migrating, and one imports the sample.
    for (const [name, instancePort] of [
      ['instance A', portA],
      ['instance B', portB],
    ] as const) {
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'lectern-cli-compile-cache'),
        PORT: String(instancePort),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        LECTERN_SAMPLE_DATA: 'on',
        LECTERN_PUBLIC_URL: nginxUrl,
        TRUST_PROXY: '1',
        LOG_LEVEL: 'info',
        LOG_REQUESTS: 'on',
      };
      instances.push(start(name, process.execPath, ['--import', 'tsx', 'src/server.ts'], env));
      instanceUrls.push(`http://127.0.0.1:${instancePort}`);
    }
    await Promise.all(instances.map((instance, i) => waitForOk(`${instanceUrls[i]}/readyz`, instance, 110_000)));

    const config = await renderNginxConfig(dir, port, [portA, portB]);
    nginx = start(
      'nginx',
      NGINX,
      ['-p', dir, '-c', config, '-e', `${dir}/error.log`, '-g', `daemon off; pid ${dir}/nginx.pid;`],
      {
        PATH: process.env.PATH,
      },
    );
    await waitForOk(`${nginxUrl}/healthz`, nginx, 10_000);
  }, 120_000);

  afterAll(async () => {
    await stop(nginx);
    await Promise.all(instances.map(stop));
    if (database) await adminQuery(`drop database if exists "${database}" with (force)`);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves a public page from its cache, per encoding, revalidates it with 304s, and gives every answer its own request id', async () => {
    const first = await get(`${nginxUrl}/pybay-2016`, { 'accept-encoding': 'br' });
    expect([first.status, first.headers.get('x-cache-status'), first.headers.get('content-encoding')]).toEqual([
      200,
      'MISS',
      'br',
    ]);
    expect(first.body).toContain(OLD_TITLE);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=5, stale-while-revalidate=600');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);

    const again = await get(`${nginxUrl}/pybay-2016`, { 'accept-encoding': 'br' });
    expect([again.status, again.headers.get('x-cache-status'), again.headers.get('etag')]).toEqual([200, 'HIT', etag]);
    expect(again.body).toBe(first.body);
    // nginx's $request_id, a new one on the answer from the cache too.
    expect(first.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(again.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));

    // Another encoding is another copy (Vary: accept-encoding), fetched once and then kept.
    const gzip = await get(`${nginxUrl}/pybay-2016`, { 'accept-encoding': 'gzip' });
    expect([gzip.status, gzip.headers.get('x-cache-status'), gzip.headers.get('content-encoding')]).toEqual([
      200,
      'MISS',
      'gzip',
    ]);
    const gzipAgain = await get(`${nginxUrl}/pybay-2016`, { 'accept-encoding': 'gzip' });
    expect(gzipAgain.headers.get('x-cache-status')).toBe('HIT');

    // A browser that has the page: nginx confirms it from its copy.
    const current = await get(`${nginxUrl}/pybay-2016`, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect([current.status, current.headers.get('x-cache-status'), current.body]).toEqual([304, 'HIT', '']);

    // Once its 5 s (s-maxage; nginx counts whole seconds, so 5 to 6) are over, the next visitor
    // gets the kept copy while nginx asks an instance again with the ETag, which answers 304.
    let stale: Answer | undefined;
    const expiredAfter = await measure(async () => {
      stale = await get(`${nginxUrl}/pybay-2016`, { 'accept-encoding': 'br' });
      return stale.headers.get('x-cache-status') !== 'HIT';
    }, 8_000);
    expect(expiredAfter).toBeGreaterThan(3_500);
    expect(['REVALIDATED', 'STALE', 'UPDATING']).toContain(stale!.headers.get('x-cache-status'));
    expect([stale!.status, stale!.headers.get('etag')]).toEqual([200, etag]);
    // Once the background request is back (UPDATING until then), the copy is fresh again.
    let revalidated: Answer | undefined;
    await measure(async () => {
      revalidated = await get(`${nginxUrl}/pybay-2016`, { 'accept-encoding': 'br' });
      return revalidated.headers.get('x-cache-status') === 'HIT';
    }, 3_000);
    expect(revalidated!.headers.get('etag')).toBe(etag);
    // The instance logged nginx's request id, and the client's address that nginx appended to
    // X-Forwarded-For (TRUST_PROXY=1), not the one the client wrote there.
    const spoofed = await get(`${nginxUrl}/api/events`, { 'x-forwarded-for': '203.0.113.9' });
    // The log lines arrive through a pipe, a moment after the answer.
    await measure(
      async () => requestLog(instances).get(spoofed.headers.get('x-request-id')!)?.statusCode === 200,
      3_000,
    );
    const logged = requestLog(instances);
    expect(logged.get(first.headers.get('x-request-id')!)).toMatchObject({ url: '/pybay-2016', statusCode: 200 });
    expect(logged.get(spoofed.headers.get('x-request-id')!)).toMatchObject({
      url: '/api/events',
      remoteAddress: '127.0.0.1',
    });
    // nginx's revalidation: If-None-Match with the kept ETag, answered 304 by an instance.
    const revalidations = [...logged.values()].filter((r) => r.url === '/pybay-2016' && r.statusCode === 304);
    expect(revalidations.length).toBeGreaterThanOrEqual(1);
  });

  it('never caches the back office, signed-in visitors, API tokens or metrics', async () => {
    for (const url of ['/orga', '/login', '/account', '/pybay-2016/me', '/pybay-2016/cfp']) {
      for (let i = 0; i < 2; i++) {
        const answer = await get(`${nginxUrl}${url}`);
        expect([url, answer.status < 500, answer.headers.get('x-cache-status')]).toEqual([url, true, null]);
      }
    }
    const signedIn = await get(`${nginxUrl}/pybay-2016`, { cookie: 'lectern_session=whoever' });
    expect([signedIn.status, signedIn.headers.get('x-cache-status')]).toEqual([200, 'BYPASS']);
    const secureSignedIn = await get(`${nginxUrl}/pybay-2016`, { cookie: 'lectern_lang=en; __Host-lectern_session=x' });
    expect(secureSignedIn.headers.get('x-cache-status')).toBe('BYPASS');
    const token = await get(`${nginxUrl}/api/events/pybay-2016/proposals`, { authorization: 'Bearer lct_unknown' });
    expect([token.status, token.headers.get('x-cache-status')]).toEqual([401, 'BYPASS']);
    const metrics = await get(`${nginxUrl}/metrics`);
    expect(metrics.status).toBe(404);

    // A choice of language sets a cookie: that answer is never kept.
    const exports = `${nginxUrl}/pybay-2016/exports`;
    for (let i = 0; i < 2; i++) {
      const chosen = await get(`${exports}?lang=de`);
      expect([chosen.headers.get('x-cache-status'), chosen.headers.get('set-cookie')?.split(';')[0]]).toEqual([
        'MISS',
        'lectern_lang=de',
      ]);
    }
  });

  it('keeps one copy per language, and never answers one language with another', async () => {
    const exports = `${nginxUrl}/pybay-2016/exports`;
    const answers: (string | null)[][] = [];
    for (const headers of <Record<string, string>[]>[
      { cookie: 'lectern_lang=de' },
      { cookie: 'lectern_lang=de' },
      { 'accept-language': 'en' },
      { 'accept-language': 'en' },
      { 'accept-language': 'de-DE, de;q=0.9' },
    ]) {
      const answer = await get(exports, headers);
      answers.push([answer.headers.get('content-language'), answer.headers.get('x-cache-status')]);
    }
    expect(answers).toEqual([
      ['de', 'MISS'],
      ['de', 'HIT'],
      ['en', 'MISS'],
      ['en', 'HIT'],
      ['de', 'MISS'],
    ]);
  });

  it('shows a changed program through nginx within seconds, from both instances', async () => {
    const talks = `${nginxUrl}/api/events/pybay-2016/talks`;
    const page = `${nginxUrl}/pybay-2016`;
    for (const url of [talks, page]) {
      await get(url);
      expect([url, (await get(url)).headers.get('x-cache-status')]).toEqual([url, 'HIT']);
    }

    // The program changes the way an organiser's re-import changes it: a talk's new title. From
    // the moment the command starts, each instance and nginx are asked every 100 ms, as visitors
    // would, until they show it.
    const edited = path.join(dir, 'pybay-2016-talks.txt');
    await writeFile(edited, replaceOnce(await readFile(SAMPLE, 'utf8'), `\n${OLD_TITLE}\n`, `\n${NEW_TITLE}\n`));
    const run = new Promise<{ code: number; output: string }>((resolve) =>
      execFile(
        process.execPath,
        ['bin/lectern.js', 'import', 'talks-page', edited, '--event', 'pybay-2016'],
        { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl } },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: stdout + stderr }),
      ),
    );
    const shows = (url: string) => async () => (await get(url)).body.includes(NEW_TITLE);
    const [onA, onB, apiThroughNginx, pageThroughNginx] = await Promise.all([
      measure(shows(`${instanceUrls[0]}/api/events/pybay-2016/talks`), 40_000),
      measure(shows(`${instanceUrls[1]}/api/events/pybay-2016/talks`), 40_000),
      measure(shows(talks), 40_000),
      measure(shows(page), 40_000),
    ]);
    const { code, output } = await run;
    expect(code, output).toBe(0);
    const onInstances = Math.min(onA, onB);
    const throughNginx = Math.max(apiThroughNginx, pageThroughNginx);
    console.info(
      `nginx deployment test: after the import committed, the new title showed on the second instance ` +
        `${seconds(Math.max(onA, onB) - onInstances)} s after the first, and through nginx ${seconds(
          apiThroughNginx - onInstances,
        )} s (API) and ${seconds(pageThroughNginx - onInstances)} s (event page) after the first instance`,
    );
    // Each instance learns of the change at once (LISTEN/NOTIFY); nginx at its next revalidation,
    // at most 6 s (5 s of s-maxage, counted in whole seconds) later, plus the background update
    // (milliseconds here; the bound leaves room for a loaded CI machine).
    expect(Math.max(onA, onB) - onInstances).toBeLessThan(2_000);
    expect(throughNginx - onInstances).toBeLessThan(10_000);

    // The new copy is kept, and pages nginx had not kept yet come from either instance with it.
    expect((await get(talks)).headers.get('x-cache-status')).toBe('HIT');
    for (const url of [
      '/pybay-2016/talks/flask-for-fun-and-profit',
      '/pybay-2016/tracks/all-things-web',
      '/pybay-2016/speakers/armin-ronacher',
      '/api/events/pybay-2016/talks/flask-for-fun-and-profit',
    ]) {
      const answer = await get(`${nginxUrl}${url}`);
      expect([url, answer.status, answer.headers.get('x-cache-status'), answer.body.includes(NEW_TITLE)]).toEqual([
        url,
        200,
        'MISS',
        true,
      ]);
    }
  });

  it('passes a stopped instance by: every request is answered by the other', async () => {
    await stop(instances[0]);
    const urls = ['/pybay-2016/speakers', '/pybay-2016/tracks', '/pybay-2016/changelog', '/api/events/pybay-2016'];
    for (const url of urls) {
      const answer = await get(`${nginxUrl}${url}`);
      expect([url, answer.status, answer.headers.get('x-cache-status')]).toEqual([url, 200, 'MISS']);
    }
    const log = await readFile(path.join(dir, 'access.log'), 'utf8');
    const portA = new URL(instanceUrls[0]!).port;
    const portB = new URL(instanceUrls[1]!).port;
    // The first of them tried the stopped instance, and was answered by the other.
    expect(log).toContain(`upstream=127.0.0.1:${portA}, 127.0.0.1:${portB} `);
  });
});
