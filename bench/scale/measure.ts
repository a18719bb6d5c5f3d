/**
 * The scale benchmark's measurements, each against real server processes and through what any
 * operator could look at: HTTP, /proc and SQL. Nothing here imports Lectern's code, so the same
 * benchmark measures whatever way the server chooses to load its programs.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startLecternWith, type Started } from '../processes.js';
import {
  acceptFor,
  BROWSER_HEADERS,
  BrowserSession,
  ScaleFailure,
  timedGet,
  waitFor,
  type Timed,
  type Waited,
} from './client.js';
import { runLectern, withClient } from './database.js';

export { ScaleFailure };

/** A running Lectern server of the benchmark's. */
export interface Instance {
  started: Started;
  origin: string;
  pid: number;
}

/** Resident memory of a process, from /proc/<pid>/status (Linux), in bytes. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function failIfExited(started: Started): void {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new ScaleFailure(`${started.name} exited (${child.exitCode ?? child.signalCode}):\n${started.output()}`);
  }
}

/**
 * Starts a server on the scenario's database and times it from spawn to its first 200 on `/`.
 * `track` registers the process for stopping, whatever happens next.
 */
export async function startInstance(
  name: string,
  databaseUrl: string,
  patienceMs: number,
  track: (started: Started) => Started,
): Promise<{ instance: Instance; startMs: number }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const began = performance.now();
  const started = track(
    startLecternWith(
      {
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        LECTERN_SAMPLE_DATA: 'off',
        // The defaults, whatever the shell running the benchmark has set.
        LECTERN_PUBLIC_URL: undefined,
        LECTERN_SECRET: undefined,
        METRICS_TOKEN: undefined,
        SMTP_URL: undefined,
        TRUST_PROXY: undefined,
      },
      [],
      name,
    ),
  );
  const pid = started.child.pid;
  if (pid === undefined) throw new ScaleFailure(`${name} did not start:\n${started.output()}`);
  const waited = await waitFor(async () => (await timedGet(origin, '/', { timeoutMs: 10_000 })).status === 200, {
    patienceMs,
    intervalMs: 100,
    since: began,
    alive: () => failIfExited(started),
  });
  if (!('ms' in waited)) {
    throw new ScaleFailure(
      `${name} did not answer / within ${patienceMs / 1000} s (${waited.last}):\n${started.output()}`,
    );
  }
  return { instance: { started, origin, pid }, startMs: waited.ms };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** GETs every path once, a few at a time, each expected to answer 200; their latencies. */
export async function visit(
  origin: string,
  paths: readonly string[],
  concurrency: number,
  started: Started,
): Promise<{ ms: number; p50Ms: number; maxMs: number; slowest: string }> {
  const began = performance.now();
  const latencies: { path: string; ms: number }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const timed = await timedGet(origin, path, { timeoutMs: 120_000 });
      failIfExited(started);
      if (timed.status !== 200) throw new ScaleFailure(`GET ${path} answered ${timed.status}, not 200`);
      latencies.push({ path, ms: timed.ms });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const slowest = latencies.reduce((a, b) => (b.ms > a.ms ? b : a));
  return { ms: performance.now() - began, p50Ms: percentile(sorted, 0.5), maxMs: slowest.ms, slowest: slowest.path };
}

export interface Latency {
  path: string;
  bytes: number;
  requests: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * Latency of cached pages: each path is asked twice (so it is built and cached), then loaded
 * with autocannon for its share of the seconds. Percentiles come from every response's own time
 * (autocannon reports p90 and p97.5, not p95). Any error, timeout or status other than 200 fails.
 */
export async function cachedLatency(
  origin: string,
  paths: readonly string[],
  options: { seconds: number; connections: number },
): Promise<{ perPath: Latency[]; overall: { p50: number; p95: number; requests: number } }> {
  const perPath: Latency[] = [];
  const all: number[] = [];
  const seconds = Math.max(1, Math.round(options.seconds / paths.length));
  for (const path of paths) {
    let warm: Timed | undefined;
    for (let i = 0; i < 2; i++) warm = await timedGet(origin, path, { timeoutMs: 120_000 });
    if (warm?.status !== 200) throw new ScaleFailure(`GET ${path} answered ${warm?.status}, not 200`);
    const samples: number[] = [];
    const instance = autocannon({
      url: origin + path,
      connections: options.connections,
      duration: seconds,
      pipelining: 1,
      timeout: 10,
      headers: { ...BROWSER_HEADERS, accept: acceptFor(path) },
      skipAggregateResult: true,
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => samples.push(ms));
    const result = await instance;
    const unexpected = Object.keys(result.statusCodeStats).filter((code) => code !== '200');
    if (result.errors > 0 || result.timeouts > 0 || unexpected.length > 0) {
      throw new ScaleFailure(
        `${path}: ${result.errors} errors, ${result.timeouts} timeouts, statuses ${JSON.stringify(result.statusCodeStats)}`,
      );
    }
    samples.sort((a, b) => a - b);
    all.push(...samples);
    perPath.push({
      path,
      bytes: warm.bytes,
      requests: samples.length,
      p50: percentile(samples, 0.5),
      p95: percentile(samples, 0.95),
      max: samples.at(-1) ?? Number.NaN,
    });
  }
  all.sort((a, b) => a - b);
  return { perPath, overall: { p50: percentile(all, 0.5), p95: percentile(all, 0.95), requests: all.length } };
}

/** nodejs_eventloop_lag_max_seconds from /metrics (loopback may read it), in ms; prom-client resets it at each scrape. */
export async function eventLoopLagMaxMs(origin: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(120_000) });
    if (response.status !== 200) return undefined;
    const match = /^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? ([0-9.e+-]+)$/m.exec(await response.text());
    return match ? Number(match[1]) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export interface Probed {
  /** The cold build's answer, or undefined when it did not come within the patience. */
  cold: Timed | undefined;
  patienceMs: number;
  probes: number;
  probeP50: number;
  /** The probe's longest wait; when the build timed out, at least this (the probe was cut off). */
  probeMax: number;
  probeCut: boolean;
  /** The event-loop lag /metrics saw meanwhile, when it has that metric. */
  lagMaxMs: number | undefined;
}

/**
 * Builds a cold page while a cached small page is asked for every `intervalMs` on a connection
 * of its own: the longest the probe waited is the longest the event loop was blocked (plus the
 * probe's own few milliseconds). /metrics is read just before (which resets its maximum) and
 * just after, for the server's own view. A build that takes longer than `patienceMs` is given up
 * (the server may go on building it: the caller should not measure that server again).
 */
export async function probeDuringColdBuild(
  origin: string,
  coldPath: string,
  probePath: string,
  options: { intervalMs: number; patienceMs: number; started: Started },
): Promise<Probed> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < 3; i++) {
      const warm = await timedGet(origin, probePath, { agent });
      if (warm.status !== 200) throw new ScaleFailure(`the probe ${probePath} answered ${warm.status}`);
    }
    await eventLoopLagMaxMs(origin);
    const latencies: number[] = [];
    let done = false;
    let waitingSince: number | undefined;
    const probing = (async () => {
      while (!done) {
        waitingSince = performance.now();
        const timed = await timedGet(origin, probePath, { agent, timeoutMs: 2 * options.patienceMs });
        waitingSince = undefined;
        if (timed.status !== 200) throw new ScaleFailure(`the probe ${probePath} answered ${timed.status}`);
        latencies.push(timed.ms);
        await sleep(options.intervalMs);
      }
    })();
    let cold: Timed | undefined;
    let cutWait: number | undefined;
    try {
      // Let the probe take a few turns first, so that it is waiting when the build begins.
      await sleep(options.intervalMs * 3);
      cold = await timedGet(origin, coldPath, { timeoutMs: options.patienceMs }).catch((error: Error) => {
        if (/no answer within/.test(error.message)) return undefined;
        throw error;
      });
    } finally {
      done = true;
      if (cold === undefined && waitingSince !== undefined) {
        // The server is still busy: stop waiting for the probe's answer too.
        cutWait = performance.now() - waitingSince;
        agent.destroy();
      }
      await probing.catch((error: unknown) => {
        if (cutWait === undefined) throw error;
      });
    }
    failIfExited(options.started);
    if (cold && cold.status !== 200) throw new ScaleFailure(`GET ${coldPath} answered ${cold.status}, not 200`);
    const lagMaxMs = cold ? await eventLoopLagMaxMs(origin) : undefined;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      cold,
      patienceMs: options.patienceMs,
      probes: latencies.length,
      probeP50: percentile(sorted, 0.5),
      probeMax: Math.max(sorted.at(-1) ?? 0, cutWait ?? 0),
      probeCut: cutWait !== undefined,
      lagMaxMs,
    };
  } finally {
    agent.destroy();
  }
}

/** A talk to change, read from the database: what the back office's talk form needs. */
export interface TalkRow {
  code: string;
  slug: string;
  title: string;
  description: string;
  abstract: string;
  trackId: number | null;
  levelId: number | null;
  durationMinutes: number | null;
}

export async function firstTalk(databaseUrl: string, event: string): Promise<TalkRow> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<TalkRow>(
      `select t.code, t.slug, t.title, t.description, t.abstract, t.track_id as "trackId", t.level_id as "levelId",
         t.duration_minutes as "durationMinutes"
       from talks t join events e on e.id = t.event_id
       where e.slug = $1 and t.state = 'confirmed' order by t.position, t.id limit 1`,
      [event],
    );
    if (!rows[0]) throw new ScaleFailure(`${event} has no confirmed talk`);
    return rows[0];
  });
}

/**
 * An organiser of one event, logged in through Lectern's own pages: `lectern create-organiser`
 * gives a one-time link, whose form sets the password and logs in. The same session works on
 * every instance (they share the database, and the secret that signs cookies).
 */
export async function logInOrganiser(databaseUrl: string, origin: string, event: string): Promise<BrowserSession> {
  const { stdout } = await runLectern(databaseUrl, [
    'create-organiser',
    '--email',
    'scale-bench@example.org',
    '--event',
    event,
  ]);
  const linkPath = /\/password\/set\/\S+/.exec(stdout)?.[0];
  if (!linkPath) throw new ScaleFailure(`lectern create-organiser printed no link:\n${stdout}`);
  const session = new BrowserSession();
  const form = await session.request(origin, 'GET', linkPath);
  if (form.status !== 200) throw new ScaleFailure(`GET the set-password link answered ${form.status}`);
  const password = `scale-${crypto.randomUUID()}`;
  const saved = await session.request(origin, 'POST', linkPath, { password, name: 'Scale Bench' });
  if (saved.status !== 303) {
    throw new ScaleFailure(`setting the organiser's password answered ${saved.status}: ${saved.text.slice(0, 500)}`);
  }
  return session;
}

/**
 * Gives a talk a new title through the back office's talk form (GET it for its CSRF token, POST
 * it), retrying until the form is saved or `patienceMs` runs out: when the form was first asked
 * for, when it was saved, and how long that took.
 */
export async function retitleTalk(
  session: BrowserSession,
  origin: string,
  event: string,
  talk: TalkRow,
  title: string,
  patienceMs: number,
): Promise<{ sentAt: number; savedAt: number; waited: Waited }> {
  const path = `/orga/${event}/talks/${talk.code}`;
  const sentAt = performance.now();
  let savedAt = Number.NaN;
  const waited = await waitFor(
    async () => {
      const form = await session.request(origin, 'GET', path, undefined, patienceMs);
      if (form.status !== 200) throw new Error(`GET ${path} answered ${form.status}`);
      const saved = await session.request(
        origin,
        'POST',
        path,
        {
          title,
          description: talk.description,
          abstract: talk.abstract,
          trackId: talk.trackId === null ? '' : String(talk.trackId),
          levelId: talk.levelId === null ? '' : String(talk.levelId),
          durationMinutes: talk.durationMinutes === null ? '' : String(talk.durationMinutes),
        },
        patienceMs,
      );
      if (saved.status === 400) throw new ScaleFailure(`the talk form was refused: ${saved.text.slice(0, 2_000)}`);
      if (saved.status !== 303) throw new Error(`POST ${path} answered ${saved.status}`);
      savedAt = performance.now();
      return true;
    },
    { patienceMs, intervalMs: 100, since: sentAt },
  );
  return { sentAt, savedAt, waited };
}

/** How long from `since` until a public talk page on `origin` shows `title`. */
export function waitForTitle(
  origin: string,
  path: string,
  title: string,
  since: number,
  patienceMs: number,
): Promise<Waited> {
  return waitFor(
    async () => {
      const response = await fetch(origin + path, { signal: AbortSignal.timeout(patienceMs) });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
      return text.includes(title);
    },
    { patienceMs, intervalMs: 20, since },
  );
}

/** Ends every connection to the scenario's database but the one asking; how many there were. */
export async function killConnections(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query(
      `select pg_terminate_backend(pid) as killed from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid()`,
    );
    return rows.filter((row: { killed: boolean }) => row.killed).length;
  });
}

/** What the back office did while the instances recovered from lost connections. */
export interface Watched {
  /** From the kill until the first 200. */
  firstOk: Waited;
  requests: number;
  /** Answers other than 200, and requests that failed or timed out. */
  failures: number;
  /** The slowest single request, answered or not. */
  slowestMs: number;
}

/**
 * Asks a back-office page again and again, one request at a time (100 ms apart), from `since`
 * until told to stop, and for at least `minMs`: how soon it first answered 200, and how long the
 * slowest request took. The recovery is not over when the first answer comes: reloading may
 * starve the instance a moment later.
 */
export function watchBackOffice(
  session: BrowserSession,
  origin: string,
  path: string,
  options: { since: number; minMs: number; patienceMs: number },
): { stop(): void; firstOk: Promise<Waited>; done: Promise<Watched> } {
  let stopped = false;
  let resolveFirst: (waited: Waited) => void = () => {};
  const firstOk = new Promise<Waited>((resolve) => {
    resolveFirst = resolve;
  });
  const done = (async (): Promise<Watched> => {
    let first: Waited | undefined;
    let requests = 0;
    let failures = 0;
    let slowestMs = 0;
    const elapsed = () => performance.now() - options.since;
    while ((!stopped || elapsed() < options.minMs) && elapsed() < 3 * options.patienceMs) {
      const began = performance.now();
      let ok: boolean;
      try {
        ok = (await session.request(origin, 'GET', path, undefined, options.patienceMs)).status === 200;
      } catch {
        ok = false;
      }
      requests++;
      slowestMs = Math.max(slowestMs, performance.now() - began);
      if (!ok) failures++;
      if (ok && first === undefined) {
        first = { ms: elapsed() };
        resolveFirst(first);
      }
      if (first === undefined && elapsed() > options.patienceMs) {
        first = { overMs: options.patienceMs, last: 'no 200' };
        resolveFirst(first);
      }
      await sleep(100);
    }
    first ??= { overMs: options.patienceMs, last: 'no 200' };
    resolveFirst(first);
    return { firstOk: first, requests, failures, slowestMs };
  })();
  return {
    stop: () => {
      stopped = true;
    },
    firstOk,
    done,
  };
}
