import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuildAppOptions } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { shippedMigrations } from '../../src/db/health.js';
import * as schema from '../../src/db/schema.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import type { App } from '../../src/web/types.js';
import { importPyBay, TEST_PUBLIC_URL, TEST_SECRET, testAppPerFile } from '../helpers/app.js';
import { testDatabase, testDatabaseKind } from '../helpers/database.js';
import { countingDatabase } from './count-queries.js';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TOKEN = 'metrics-token-0123456789abcdef';

/** An app of its own on `db`, for what the file's app cannot show (another database, a token, a log). */
async function appOn(db: Database, options: Partial<BuildAppOptions> = {}): Promise<App> {
  const app = await buildApp({
    agenda: new Agenda(db),
    db,
    secret: TEST_SECRET,
    publicUrl: TEST_PUBLIC_URL,
    ...options,
  });
  await app.ready();
  return app;
}

/** A port on this machine where nothing listens: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A drizzle database on a PostgreSQL pool at `port`: what the app has when its server is gone. */
function databaseAt(port: number): { db: Database; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: `postgres://lectern@127.0.0.1:${port}/lectern` });
  pool.on('error', () => {});
  return { db: drizzle({ client: pool, schema }) as unknown as Database, pool };
}

/** The value of one sample of the Prometheus text: `name{labels} value`, labels in any order. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(',') : [];
    if (have.length === wanted.length && wanted.every((label) => have.includes(label))) return Number(match[3]);
  }
  return undefined;
}

async function scrape(app: App): Promise<string> {
  const response = await app.inject({ url: '/metrics' });
  expect(response.statusCode).toBe(200);
  return response.body;
}

describe('GET /healthz', () => {
  it('says the process is alive, without asking the database', async () => {
    const counting = countingDatabase(t.db);
    const app = await appOn(counting.db);
    try {
      counting.reset();
      const response = await app.inject({ url: '/healthz' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(counting.queries).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('GET /readyz', () => {
  it('says ready when the database answers and has every shipped migration', async () => {
    const response = await t.app.inject({ url: '/readyz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['retry-after']).toBeUndefined();
  });

  it('asks the database two small questions: whether it answers, and which migrations it has', async () => {
    const counting = countingDatabase(t.db);
    const app = await appOn(counting.db);
    try {
      counting.reset();
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      expect(counting.queries).toEqual(['select 1', 'select created_at from drizzle.__drizzle_migrations']);
    } finally {
      await app.close();
    }
  });

  it('says unavailable, naming it, while a shipped migration is not applied', async () => {
    const latest = shippedMigrations().at(-1)!;
    const rows = await t.db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = ${latest.when} returning hash, created_at`,
    );
    const [removed] = (rows as unknown as { rows: { hash: string; created_at: string }[] }).rows;
    try {
      const response = await t.app.inject({ url: '/readyz' });

      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toEqual({
        status: 'unavailable',
        checks: { server: 'running', database: 'ok', migrations: `pending: ${latest.tag}` },
      });
    } finally {
      await t.db.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${removed!.hash}, ${removed!.created_at})`,
      );
    }
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('says unavailable when the database refuses connections, while /healthz still says alive', async () => {
    const { db, pool } = databaseAt(await closedPort());
    const app = await appOn(db);
    try {
      const ready = await app.inject({ url: '/readyz' });
      const alive = await app.inject({ url: '/healthz' });

      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      // Nothing of the driver's message (host, port) is told to whoever asks.
      expect(ready.json()).toEqual({
        status: 'unavailable',
        checks: { server: 'running', database: 'unreachable', migrations: 'not checked' },
      });
      expect([alive.statusCode, alive.json()]).toEqual([200, { status: 'ok' }]);
    } finally {
      await app.close();
      await pool.end();
    }
  });

  it('says unavailable after 2 seconds when the database accepts a connection but never answers', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { db, pool } = databaseAt((silent.address() as AddressInfo).port);
    const app = await appOn(db);
    try {
      const started = Date.now();
      const response = await app.inject({ url: '/readyz' });
      const took = Date.now() - started;

      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({
        status: 'unavailable',
        checks: { server: 'running', database: 'no answer within 2 s', migrations: 'not checked' },
      });
      expect(took).toBeGreaterThanOrEqual(1900);
      expect(took).toBeLessThan(5000);
    } finally {
      await app.close();
      silent.close();
      // The pool's connection attempt never completes: ending the pool waits for no one.
      void pool.end();
    }
  });
});

/** A raw connection to a listening app, and what it received until it closed. */
function connect(port: number): { socket: net.Socket; closed: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  return { socket, closed: new Promise((resolve) => socket.on('close', () => resolve(received))) };
}

/** Resolves once a new connection to `port` is refused: the server no longer listens. */
function refusedAt(port: number): Promise<void> {
  return new Promise((resolve) => {
    const attempt = () => {
      const probe = net.connect(port, '127.0.0.1');
      probe.on('connect', () => (probe.destroy(), setTimeout(attempt, 10)));
      probe.on('error', (error: NodeJS.ErrnoException) =>
        error.code === 'ECONNREFUSED' ? resolve() : setTimeout(attempt, 10),
      );
    };
    attempt();
  });
}

describe('shutting down', () => {
  it('stops listening, says unavailable on /readyz, and finishes the requests under way', async () => {
    const { db } = await testDatabase();
    const app = await buildApp({ agenda: new Agenda(db), db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });
    let entered!: () => void;
    const underWay = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // A request still being answered when the shutdown begins.
    app.get('/test/slow', async () => {
      entered();
      await released;
      return 'finished';
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;

    const slow = connect(port);
    slow.socket.write('GET /test/slow HTTP/1.1\r\nHost: lectern.test\r\n\r\n');
    // A load balancer's probe on a connection of its own, half sent when the shutdown begins.
    const probe = connect(port);
    probe.socket.write('GET /readyz HTTP/1.1\r\nHost: lectern.test\r\n');
    await underWay;

    const closed = app.close();
    await refusedAt(port);
    probe.socket.write('\r\n');
    const probeAnswer = await probe.closed;
    release();
    const slowAnswer = await slow.closed;
    await closed;

    const [head, body] = probeAnswer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(head!.toLowerCase()).toContain('\r\nretry-after: 5\r\n');
    expect(head!.toLowerCase()).toContain('\r\nconnection: close\r\n');
    expect(JSON.parse(body!)).toEqual({
      status: 'unavailable',
      checks: { server: 'closing', database: 'not checked', migrations: 'not checked' },
    });
    // Answered in full, and its keep-alive connection closed with it, so the shutdown need not
    // wait for the connection's idle timeout.
    expect(slowAnswer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(slowAnswer.toLowerCase()).toContain('\r\nconnection: close\r\n');
    expect(slowAnswer).toMatch(/\r\n\r\nfinished$/);
  });
});

describe('GET /metrics', () => {
  it('serves the Prometheus text format with the process metrics, event-loop lag included', async () => {
    const response = await t.app.inject({ url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('# TYPE process_cpu_user_seconds_total counter\n');
    expect(response.body).toContain('# TYPE nodejs_eventloop_lag_seconds gauge\n');
    expect(response.body).toContain('# TYPE nodejs_heap_size_used_bytes gauge\n');
    expect(response.body).toContain('# TYPE lectern_http_requests_total counter\n');
    expect(response.body).toContain('# TYPE lectern_http_request_duration_seconds histogram\n');
    expect(sample(response.body, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts requests by method, route pattern and status code, never by the address asked for', async () => {
    const before = await scrape(t.app);
    await t.app.inject({ url: '/pybay-2016/talks/python-103-memory-model-best-practices' });
    await t.app.inject({ url: '/pybay-2016/talks/no-such-talk' });
    await t.app.inject({ url: '/no/such/page/at/all' });
    await t.app.inject({ method: 'HEAD', url: '/pybay-2016' });
    await t.app.inject({ url: '/api/openapi.json' });
    const after = await scrape(t.app);

    const talk = (status: string) => ({ method: 'GET', route: '/:event/talks/:talk', status_code: status });
    const delta = (name: string, labels: Record<string, string>) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect([
      delta('lectern_http_requests_total', talk('200')),
      delta('lectern_http_requests_total', talk('404')),
      delta('lectern_http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' }),
      delta('lectern_http_requests_total', { method: 'HEAD', route: '/:event', status_code: '200' }),
      delta('lectern_http_requests_total', { method: 'GET', route: '/api/openapi.json', status_code: '200' }),
      delta('lectern_http_request_duration_seconds_count', talk('200')),
      delta('lectern_http_request_duration_seconds_bucket', { ...talk('200'), le: '+Inf' }),
    ]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(after).not.toContain('no-such-talk');
    expect(after).not.toContain('/no/such/page');
  });

  it("counts the response cache's hits and misses, and its size", async () => {
    await t.app.inject({ url: '/pybay-2016/tracks' });
    const before = await scrape(t.app);
    await t.app.inject({ url: '/pybay-2016/tracks' });
    const after = await scrape(t.app);

    const hits = (text: string) => sample(text, 'lectern_response_cache_hits_total')!;
    const misses = (text: string) => sample(text, 'lectern_response_cache_misses_total')!;
    expect([hits(after) - hits(before), misses(after) - misses(before)]).toEqual([1, 0]);
    expect(sample(after, 'lectern_response_cache_entries')).toBeGreaterThan(0);
    expect(sample(after, 'lectern_response_cache_bytes')).toBeGreaterThan(0);
  });

  it('counts the evictions of a full response cache, which keeps the page in use and drops cold ones', async () => {
    const agenda = new Agenda(t.db);
    await agenda.loadAll();
    const budget = 256 * 1024;
    const app = await appOn(t.db, { agenda, responseCacheBytes: budget });
    try {
      const talks = [...agenda.event('pybay-2016')!.talkBySlug.keys()];
      const hot = `/pybay-2016/talks/${talks[0]}`;
      // Accepting brotli, each answer waits for its compressed forms: the cache's sizes are final.
      const visit = async (url: string) => {
        const response = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
        expect(response.statusCode).toBe(200);
        expect(response.rawPayload.length).toBeLessThan(budget / 8);
      };
      for (const talk of talks) {
        await visit(`/pybay-2016/talks/${talk}`);
        await visit(hot);
      }
      const metrics = await scrape(app);

      const value = (name: string) => sample(metrics, `lectern_response_cache_${name}`)!;
      const [hits, misses, evictions] = [value('hits_total'), value('misses_total'), value('evictions_total')];
      const [entries, bytes] = [value('entries'), value('bytes')];
      // The hot page was built once and served from memory every other time, though the cold
      // pages took more room than the cache has: each of them was built once, then held or evicted.
      expect([hits, misses]).toEqual([talks.length, talks.length]);
      expect(evictions).toBeGreaterThan(0);
      expect(evictions).toBe(misses - entries);
      expect(bytes).toBeGreaterThan(budget * 0.75);
      expect(bytes).toBeLessThanOrEqual(budget);
      expect(value('budget_bytes')).toBe(budget);
      expect(metrics).toContain('# TYPE lectern_response_cache_evictions_total counter\n');
    } finally {
      await app.close();
    }
  });

  it('reports the programs held in memory, their bytes, the budget, loads and evictions', async () => {
    await t.agenda.loadAll();
    const before = await scrape(t.app);
    await t.agenda.reload('pybay-2016');
    const after = await scrape(t.app);

    const usage = t.agenda.usage;
    expect(sample(after, 'lectern_agenda_programs')).toBe(1);
    expect(sample(after, 'lectern_agenda_bytes')).toBe(usage.bytes);
    expect(sample(after, 'lectern_agenda_bytes')).toBe(t.agenda.event('pybay-2016')!.estimatedBytes);
    expect(sample(after, 'lectern_agenda_budget_bytes')).toBe(256 * 1024 * 1024);
    expect(sample(after, 'lectern_agenda_loads_total')! - sample(before, 'lectern_agenda_loads_total')!).toBe(1);
    expect(sample(after, 'lectern_agenda_evictions_total')).toBe(0);
  });

  it("reports each PostgreSQL pool's connections, labelled, when there are pools", async () => {
    // The background pool opens a connection only when background work first asks for one.
    const { background } = await testDatabase();
    await background.execute(sql`select 1`);
    const body = await scrape(t.app);
    const pools = ['requests', 'background'].map((pool) => [
      sample(body, 'lectern_db_pool_connections', { pool }),
      sample(body, 'lectern_db_pool_idle_connections', { pool }),
      sample(body, 'lectern_db_pool_waiting_queries', { pool }),
    ]);

    if (testDatabaseKind() === 'postgres') {
      for (const [connections, idle, waiting] of pools) {
        expect(connections).toBeGreaterThan(0);
        expect(idle).toBeGreaterThanOrEqual(0);
        expect(idle).toBeLessThanOrEqual(connections!);
        expect(waiting).toBe(0);
      }
      // The background pool is small: two connections by default.
      expect(pools[1]![0]).toBeLessThanOrEqual(2);
    } else {
      // The embedded database has one connection and no pool.
      expect(pools.flat()).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
      expect(body).not.toContain('lectern_db_pool');
    }
  });

  it('keeps each app its own counts (each has its own registry)', async () => {
    const other = await appOn(t.db);
    try {
      await other.inject({ url: '/healthz' });
      await other.inject({ url: '/healthz' });
      const body = await scrape(other);

      expect(
        sample(body, 'lectern_http_requests_total', { method: 'GET', route: '/healthz', status_code: '200' }),
      ).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('is refused to another machine, and to a request relayed by a proxy, without METRICS_TOKEN', async () => {
    const remote = await t.app.inject({ url: '/metrics', remoteAddress: '192.0.2.10' });
    const relayed = await Promise.all(
      [{ 'x-forwarded-for': '192.0.2.10' }, { forwarded: 'for=192.0.2.10' }, { 'x-real-ip': '192.0.2.10' }].map(
        (headers) => t.app.inject({ url: '/metrics', headers }),
      ),
    );
    const local6 = await t.app.inject({ url: '/metrics', remoteAddress: '::1' });

    expect(remote.statusCode).toBe(403);
    expect(remote.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(remote.json()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Metrics are served to this machine only (loopback, not through a proxy) unless METRICS_TOKEN is set.',
    });
    expect(relayed.map((response) => response.statusCode)).toEqual([403, 403, 403]);
    expect(local6.statusCode).toBe(200);
  });

  describe('with METRICS_TOKEN', () => {
    let app: App;
    beforeAll(async () => {
      app = await appOn((await testDatabase()).db, { metricsToken: TOKEN });
    });
    afterAll(async () => {
      await app.close();
    });

    it('is served to whoever sends the token, from any address', async () => {
      const response = await app.inject({
        url: '/metrics',
        remoteAddress: '192.0.2.10',
        headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '192.0.2.10' },
      });

      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('# TYPE lectern_http_requests_total counter\n');
    });

    it('is refused without the token, or with another, even on this machine', async () => {
      const refused = await Promise.all(
        [{}, { authorization: 'Bearer wrong-token-0123456789abcdef' }, { authorization: TOKEN }].map((headers) =>
          app.inject({ url: '/metrics', headers }),
        ),
      );

      expect(refused.map((response) => response.statusCode)).toEqual([401, 401, 401]);
      expect(refused[0]!.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(refused[0]!.json()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Metrics need the token set in METRICS_TOKEN, sent as "Authorization: Bearer <token>".',
      });
    });
  });
});

describe('request ids', () => {
  it("keeps a proxy's X-Request-Id when it is a short plain token, and sends it back", async () => {
    for (const id of ['0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'req_01HZX.a:b-c', 'a'.repeat(64)]) {
      const response = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': id } });
      expect(response.headers['x-request-id']).toBe(id);
    }
  });

  it('replaces one that is missing, too long or holds other characters with a new UUID', async () => {
    const ids: string[] = [];
    for (const given of [undefined, 'a'.repeat(65), 'two words', '<script>', 'id"quoted', '']) {
      const response = await t.app.inject({
        url: '/pybay-2016',
        headers: given === undefined ? {} : { 'x-request-id': given },
      });
      ids.push(String(response.headers['x-request-id']));
    }

    expect(ids.filter((id) => UUID.test(id))).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('sends it back on errors too', async () => {
    const missing = await t.app.inject({ url: '/no/such/page', headers: { 'x-request-id': 'trace-404' } });
    const api = await t.app.inject({ url: '/api/events/none', headers: { 'x-request-id': 'trace-api' } });

    expect([missing.statusCode, missing.headers['x-request-id']]).toEqual([404, 'trace-404']);
    expect([api.statusCode, api.headers['x-request-id']]).toEqual([404, 'trace-api']);
  });

  it('is in the request log lines as reqId', async () => {
    const { lines, stream } = logLines();
    const app = await appOn(t.db, { logger: { level: 'info', stream }, logRequests: true });
    try {
      await app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-1234' } });
    } finally {
      await app.close();
    }

    const requestLines = lines.filter((line) => line.reqId === 'trace-1234');
    expect(requestLines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
  });

  it('is in the log line of a failed request, request logs off', async () => {
    const { lines, stream } = logLines();
    const app = await buildApp({
      agenda: new Agenda(t.db),
      db: t.db,
      secret: TEST_SECRET,
      publicUrl: TEST_PUBLIC_URL,
      logger: { level: 'info', stream },
    });
    app.get('/test/fails', () => {
      throw new Error('a bug');
    });
    try {
      const response = await app.inject({ url: '/test/fails', headers: { 'x-request-id': 'trace-500' } });
      expect([response.statusCode, response.headers['x-request-id']]).toEqual([500, 'trace-500']);
    } finally {
      await app.close();
    }

    expect(lines.filter((line) => line.msg === 'request failed').map((line) => line.reqId)).toEqual(['trace-500']);
  });
});

/** A log stream whose JSON lines land in `lines`. */
function logLines(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}
