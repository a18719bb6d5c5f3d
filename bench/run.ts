/**
 * `npm run bench`: measures Lectern against a bare node:http server that returns the very same
 * bytes, so the ratio between them is what Lectern itself costs per request.
 *
 * One run starts Lectern (fresh embedded database, sample program), records its answer to each
 * target as a browser would get it (compressed), starts the bare server with those answers,
 * checks that both serve identical bytes, then loads each with autocannon in turn and writes
 * docs/benchmarks.md. Every process it starts is stopped by PID, also on failure or Ctrl-C.
 *
 * Options (after `npm run bench --`):
 *   --duration SECONDS  measured seconds per target and server (10)
 *   --warmup SECONDS    unmeasured seconds before each measurement (2)
 *   --connections N     concurrent connections (50)
 *   --rounds N          turns the servers take within the measured time (5)
 *   --output FILE       where the report goes (docs/benchmarks.md)
 *   --note TEXT         a remark for the report, e.g. that the machine was busy
 *   --fastify           also measure a bare Fastify route serving the same bytes, to tell the
 *                       framework's cost from Lectern's own
 *   --profile           run every server under --cpu-prof and print, per target, where each
 *                       spent its CPU time; the profiler slows them, so no report is written
 */
import autocannon from 'autocannon';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  cpuSeconds,
  freePort,
  ROOT,
  startBareServer,
  runLecternCli,
  startLectern,
  type Started,
  stopProcess,
  waitUntilAnswering,
  type Yardstick,
} from './processes.js';
import { analyseProfile, compareAreas, describeLectern, nowMicros, parseProfile, type Span } from './cpu-profile.js';
import { describeDifference, fetchRaw, headerValue, type RecordedResponse } from './raw-http.js';
import {
  benchmarksMarkdown,
  cpuTable,
  describeMachine,
  loadAverage,
  type Measurement,
  ratioOf,
  resultsTable,
  type Row,
  type Settings,
} from './report.js';

const EVENT = 'pybay-2016';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const JSON_ACCEPT = 'application/json';

/** What a current desktop browser sends; accept-encoding is the part that matters (compressed bytes). */
const BROWSER_HEADERS: Record<string, string> = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.9',
};

interface Target {
  name: string;
  path: string;
  accept: string;
}

const TARGETS: Target[] = [
  { name: 'Event page', path: `/${EVENT}`, accept: HTML },
  { name: 'Talk page', path: `/${EVENT}/talks/flask-for-fun-and-profit`, accept: HTML },
  { name: 'Talks API', path: `/api/events/${EVENT}/talks`, accept: JSON_ACCEPT },
  { name: 'Search page', path: `/${EVENT}/search?q=python`, accept: HTML },
  { name: 'Widget script', path: `/${EVENT}/widget.js`, accept: '*/*' },
];

/** How many talks the shared agenda holds whose calendar feed is measured. */
const AGENDA_TALKS = 10;

/**
 * Creates a shared agenda of the first talks of an event's program through the public API, as
 * a browser starring them would, and returns its calendar feed as a target. The feed lists
 * scheduled talks, so the event needs a released schedule: 38C3's (the PyBay sample has none).
 */
async function createSharedAgenda(origin: string, event: string): Promise<Target> {
  const listed = await fetch(`${origin}/api/events/${event}/talks`, { headers: { accept: JSON_ACCEPT } });
  if (listed.status !== 200) throw new BenchmarkFailure(`GET /api/events/${event}/talks answered ${listed.status}`);
  const { talks } = (await listed.json()) as { talks: { slug: string }[] };
  const slugs = talks.slice(0, AGENDA_TALKS).map((talk) => talk.slug);
  if (slugs.length < AGENDA_TALKS) throw new BenchmarkFailure(`${event} has only ${slugs.length} talks`);
  const created = await fetch(`${origin}/api/events/${event}/agendas`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: JSON_ACCEPT },
    body: JSON.stringify({ talks: slugs }),
  });
  if (created.status !== 201) {
    throw new BenchmarkFailure(`POST /api/events/${event}/agendas answered ${created.status}: ${await created.text()}`);
  }
  const { icalUrl } = (await created.json()) as { icalUrl: string };
  // The answer's addresses are on the public URL; the feed is measured on this server.
  return { name: `Agenda iCal, ${AGENDA_TALKS} talks`, path: new URL(icalUrl).pathname, accept: 'text/calendar' };
}

/**
 * A big released schedule, when the conformance files are at hand (beside the project, as in
 * development): 38C3's, 1007 talks in 72 rooms. Its busiest day's grid and its frab XML show
 * that schedule pages and exports are served from memory like the rest.
 */
const SCHEDULE_FILE = path.join(ROOT, 'test', 'fixtures', 'conformance', 'samples', 'schedule-38c3-20251206.xml');
const SCHEDULE_TARGETS: Target[] = [
  { name: '38C3 day grid', path: '/38c3/schedule/2024-12-28', accept: HTML },
  { name: '38C3 schedule.xml', path: '/38c3/schedule.xml', accept: '*/*' },
];

/** A server under load: Lectern, or a yardstick replaying Lectern's bytes. */
interface Server {
  role: 'lectern' | 'fastify' | 'bare';
  label: string;
  started: Started;
  origin: string;
}

/** A request to measure, with Lectern's recorded answer to it. */
interface Scenario {
  name: string;
  request: string;
  headers: Record<string, string>;
  recorded: RecordedResponse;
}

class BenchmarkFailure extends Error {
  override name = 'BenchmarkFailure';
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '5' },
      output: { type: 'string', default: 'docs/benchmarks.md' },
      note: { type: 'string' },
      fastify: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, raw: string) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new BenchmarkFailure(`--${name} must be a whole number ≥ 1`);
    return value;
  };
  const duration = positive('duration', values.duration);
  const rounds = positive('rounds', values.rounds);
  if (duration / rounds < 1) throw new BenchmarkFailure('--duration must give each of the --rounds at least 1 s');
  return {
    duration,
    rounds,
    warmup: positive('warmup', values.warmup),
    connections: positive('connections', values.connections),
    output: path.resolve(ROOT, values.output),
    note: values.note,
    fastify: values.fastify,
    profile: values.profile,
  };
}

// Everything that must be undone, whatever happens: processes we started, then the data directory.
const processes: Started[] = [];
let dataDir: string | undefined;
let profileDir: string | undefined;
let keepProfile = false;
let stopping = false;
let running: autocannon.Instance<unknown> | undefined;
let unexpectedExit: string | undefined;
const stoppedOnPurpose = new Set<Started>();

function track(started: Started): Started {
  processes.push(started);
  started.child.once('exit', (code, signal) => {
    if (stopping || stoppedOnPurpose.has(started)) return;
    unexpectedExit = `${started.name} (pid ${started.child.pid}) exited with ${code ?? signal} during the run:\n${started.output()}`;
    running?.stop();
  });
  return started;
}

let cleanedUp: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleanedUp ??= (async () => {
    stopping = true;
    running?.stop();
    await Promise.all(processes.map((started) => stopProcess(started)));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (profileDir && !keepProfile) await rm(profileDir, { recursive: true, force: true });
  })();
  return cleanedUp;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function requestHeaders(target: Target, extra: Record<string, string> = {}): Record<string, string> {
  return { ...BROWSER_HEADERS, accept: target.accept, ...extra };
}

function describeResponse(response: RecordedResponse): string {
  const bytes = Buffer.from(response.body, 'base64').length;
  const encoding = headerValue(response.rawHeaders, 'content-encoding') ?? 'identity';
  return response.statusCode === 304 ? '304, no body' : `${response.statusCode} ${encoding}, ${bytes} B`;
}

/** A response body as text, decompressed, for error messages. */
function readableBody(response: RecordedResponse): string {
  const raw = Buffer.from(response.body, 'base64');
  const encoding = headerValue(response.rawHeaders, 'content-encoding');
  const body = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
  return body.toString('utf8').slice(0, 2_000);
}

/** One autocannon run, failing loudly on any error, timeout or unexpected status. */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
  expectedStatus: number,
  label: string,
): Promise<autocannon.RawResult> {
  const instance = autocannon({
    url,
    headers,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    skipAggregateResult: true,
  });
  running = instance;
  const result = await instance;
  running = undefined;
  if (unexpectedExit) throw new BenchmarkFailure(unexpectedExit);
  const statuses = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${count} × ${code}`);
  const unexpected = Object.keys(result.statusCodeStats).filter((code) => Number(code) !== expectedStatus);
  // non2xx counts a 304 too, so for the conditional request the status tally is what is checked.
  const badNon2xx = expectedStatus >= 200 && expectedStatus < 300 ? result.non2xx : 0;
  if (result.errors > 0 || result.timeouts > 0 || unexpected.length > 0 || badNon2xx > 0) {
    throw new BenchmarkFailure(
      `${label}: expected only ${expectedStatus} responses, got ${statuses.join(', ') || 'none'}; ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
    );
  }
  if (result.totalCompletedRequests === 0) throw new BenchmarkFailure(`${label}: no request completed`);
  return result;
}

/** What one server did for one target, and when (for reading its CPU profile). */
interface Measured {
  measurement: Measurement;
  spans: Span[];
}

/** One server's share of a target's measurement, added up over the rounds. */
interface Tally {
  server: Server;
  raws: autocannon.RawResult[];
  seconds: number;
  serverCpuSeconds: number | undefined;
  clientCpuSeconds: number;
  spans: Span[];
}

/**
 * Measures one target on every server. After a warm-up each, the measured time is cut into
 * rounds that take turns (A B, B A, A B, ...), so a burst of other work on the machine lands on
 * both servers alike instead of on whichever ran while it happened.
 */
async function measureTarget(
  scenario: Scenario,
  servers: Server[],
  options: ReturnType<typeof readOptions>,
): Promise<Map<Server['role'], Measured>> {
  const status = scenario.recorded.statusCode;
  const labelOf = (server: Server) => `${scenario.name}, ${server.label}`;
  for (const server of servers) {
    // Lets V8 optimise the hot path (and fills Lectern's response cache); not counted.
    const label = `${labelOf(server)} (warm-up)`;
    await load(server.origin + scenario.request, scenario.headers, options.warmup, options.connections, status, label);
  }
  const tallies = servers.map((server): Tally => ({
    server,
    raws: [],
    seconds: 0,
    serverCpuSeconds: 0,
    clientCpuSeconds: 0,
    spans: [],
  }));
  const roundSeconds = options.duration / options.rounds;
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? tallies : [...tallies].reverse();
    for (const tally of order) {
      const { server } = tally;
      const serverBefore = cpuSeconds(server.started.child.pid);
      const clientBefore = process.cpuUsage();
      const startMicros = nowMicros();
      const url = server.origin + scenario.request;
      const raw = await load(url, scenario.headers, roundSeconds, options.connections, status, labelOf(server));
      const endMicros = nowMicros();
      const serverAfter = cpuSeconds(server.started.child.pid);
      const client = process.cpuUsage(clientBefore);
      tally.raws.push(raw);
      tally.seconds += (endMicros - startMicros) / 1e6;
      tally.spans.push([startMicros, endMicros]);
      tally.clientCpuSeconds += (client.user + client.system) / 1e6;
      tally.serverCpuSeconds =
        tally.serverCpuSeconds === undefined || serverBefore === undefined || serverAfter === undefined
          ? undefined
          : tally.serverCpuSeconds + (serverAfter - serverBefore);
    }
  }

  const measured = new Map<Server['role'], Measured>();
  for (const tally of tallies) {
    const responses = tally.raws.reduce((sum, raw) => sum + raw.totalCompletedRequests, 0);
    const { latency } = autocannon.aggregateResult(tally.raws, {
      url: tally.server.origin + scenario.request,
      connections: options.connections,
    });
    const measurement: Measurement = {
      requestsPerSecond: responses / tally.seconds,
      p50: latency.p50,
      p99: latency.p99,
      serverCpu: tally.serverCpuSeconds === undefined ? undefined : tally.serverCpuSeconds / tally.seconds,
      clientCpu: tally.clientCpuSeconds / tally.seconds,
      requests: responses,
    };
    console.log(
      `  ${labelOf(tally.server).padEnd(40)} ${Math.round(measurement.requestsPerSecond).toString().padStart(7)} req/s` +
        `  p50 ${measurement.p50} ms  p99 ${measurement.p99} ms  (${measurement.requests} responses)`,
    );
    measured.set(tally.server.role, { measurement, spans: tally.spans });
  }
  return measured;
}

/** Stops the servers (each writes its profile as it exits) and prints where their time went. */
async function printProfiles(
  directory: string,
  servers: Server[],
  scenarios: Scenario[],
  measuredByTarget: Map<Server['role'], Measured>[],
): Promise<void> {
  const profiles = new Map<Server['role'], ReturnType<typeof parseProfile>>();
  for (const server of servers) {
    stoppedOnPurpose.add(server.started);
    await stopProcess(server.started);
    // One file per thread (tsx runs its loader on a worker): the main thread is thread 0.
    const folder = path.join(directory, server.role);
    const files = (await readdir(folder)).filter((name) => /\.0\.\d+\.cpuprofile$/.test(name));
    if (files.length !== 1) {
      throw new BenchmarkFailure(`expected one main-thread .cpuprofile in ${folder}, found ${files.length}`);
    }
    profiles.set(server.role, parseProfile(await readFile(path.join(folder, files[0]!), 'utf8')));
  }
  scenarios.forEach((scenario, i) => {
    const measured = measuredByTarget[i]!;
    const analysed = servers.map((server) => {
      const { measurement, spans } = measured.get(server.role)!;
      return {
        name: server.label,
        analysis: analyseProfile(profiles.get(server.role)!, spans),
        responses: measurement.requests,
      };
    });
    const lectern = analysed[0]!;
    console.log(`\n${compareAreas(scenario.name, analysed)}`);
    console.log(`\n${describeLectern(`${scenario.name}, Lectern`, lectern.analysis, lectern.responses)}`);
  });
  console.log(`\nThe profiles are in ${directory} (open them in Chrome DevTools, Performance tab).`);
}

async function main(): Promise<void> {
  const options = readOptions();
  const began = performance.now();
  const date = new Date();
  const machine = describeMachine();
  const autocannonPackage = JSON.parse(
    await readFile(path.join(ROOT, 'node_modules', 'autocannon', 'package.json'), 'utf8'),
  ) as { version: string };
  const settings: Settings = {
    durationSeconds: options.duration,
    warmupSeconds: options.warmup,
    connections: options.connections,
    pipelining: 1,
    rounds: options.rounds,
    autocannonVersion: autocannonPackage.version,
    requestHeaders: BROWSER_HEADERS,
  };
  console.log(
    `Benchmark: ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ` +
      `${settings.durationSeconds} s per target and server; ${machine.cpu}, ${machine.cores} cores, ` +
      `Node ${machine.node}, load ${machine.loadAtStart}`,
  );

  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-bench-'));
  const lecternOrigin = `http://127.0.0.1:${await freePort()}`;
  // Kept after the run, unlike the data directory: it is what --profile produces.
  profileDir = options.profile ? await mkdtemp(path.join(os.tmpdir(), 'lectern-profile-')) : undefined;
  const profiling = (role: Server['role']) =>
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, role)}`] : [];
  // Importing anything makes the database non-empty, so the sample goes in by hand first.
  const withSchedule = existsSync(SCHEDULE_FILE);
  if (withSchedule) {
    await runLecternCli(dataDir, [
      'import',
      'talks-page',
      path.join(ROOT, 'samples', 'pybay-2016-talks.txt'),
      '--event',
      EVENT,
      '--name',
      'PyBay 2016',
    ]);
    await runLecternCli(dataDir, ['import', 'frab', SCHEDULE_FILE, '--event', '38c3', '--name', '38C3']);
    console.log('Imported PyBay 2016 and the 38C3 schedule');
  } else {
    console.log(`No ${SCHEDULE_FILE}: measuring without a released schedule`);
  }
  const lectern = track(startLectern(Number(new URL(lecternOrigin).port), dataDir, profiling('lectern')));
  await waitUntilAnswering(lectern, `${lecternOrigin}/${EVENT}`);
  console.log(`Lectern (pid ${lectern.child.pid}) answers at ${lecternOrigin}`);

  // What a browser gets from Lectern, byte for byte: the bare server will replay exactly this.
  const scenarios: Scenario[] = [];
  const targets = [...TARGETS];
  if (withSchedule) {
    const agendaFeed = await createSharedAgenda(lecternOrigin, '38c3');
    console.log(`Created a shared agenda of ${AGENDA_TALKS} 38C3 talks: ${agendaFeed.path}`);
    targets.push(...SCHEDULE_TARGETS, agendaFeed);
  }
  for (const target of targets) {
    const headers = requestHeaders(target);
    const recorded = await fetchRaw(lecternOrigin, target.path, headers);
    if (recorded.statusCode !== 200) {
      throw new BenchmarkFailure(
        `${target.name}: GET ${target.path} answered ${recorded.statusCode}, not 200:\n${readableBody(recorded)}`,
      );
    }
    scenarios.push({ name: target.name, request: target.path, headers, recorded });
  }
  const eventPage = scenarios[0]!;
  const etag = headerValue(eventPage.recorded.rawHeaders, 'etag');
  if (!etag) throw new BenchmarkFailure(`${eventPage.request} has no ETag, so it cannot answer If-None-Match`);
  const conditionalHeaders = requestHeaders(TARGETS[0]!, { 'if-none-match': etag });
  const conditional = await fetchRaw(lecternOrigin, eventPage.request, conditionalHeaders);
  if (conditional.statusCode !== 304) {
    throw new BenchmarkFailure(
      `If-None-Match: ${etag} on ${eventPage.request} answered ${conditional.statusCode}, not 304`,
    );
  }
  scenarios.push({
    name: 'Event page, If-None-Match',
    request: eventPage.request,
    headers: conditionalHeaders,
    recorded: conditional,
  });

  const recordings = scenarios.map((scenario) => scenario.recorded);
  const servers: Server[] = [{ role: 'lectern', label: 'Lectern', started: lectern, origin: lecternOrigin }];
  const yardsticks: [Server['role'], Yardstick, string][] = [['bare', 'node:http', 'bare']];
  if (options.fastify) yardsticks.unshift(['fastify', 'fastify', 'bare Fastify']);
  for (const [role, kind, label] of yardsticks) {
    const { started, port } = await startBareServer(recordings, kind, profiling(role));
    track(started);
    const origin = `http://127.0.0.1:${port}`;
    for (const scenario of scenarios) {
      const replayed = await fetchRaw(origin, scenario.request, scenario.headers);
      const difference = describeDifference(scenario.recorded, replayed);
      if (difference)
        throw new BenchmarkFailure(`The ${label} server's ${scenario.name} is not Lectern's: ${difference}`);
    }
    console.log(`The ${started.name} (pid ${started.child.pid}) serves the same bytes at ${origin}`);
    servers.push({ role, label, started, origin });
  }
  console.log('');

  const rows: Row[] = [];
  const measuredByTarget: Map<Server['role'], Measured>[] = [];
  for (const scenario of scenarios) {
    const measured = await measureTarget(scenario, servers, options);
    measuredByTarget.push(measured);
    rows.push({
      target: scenario.name,
      request: scenario.request,
      response: describeResponse(scenario.recorded),
      lectern: measured.get('lectern')!.measurement,
      bare: measured.get('bare')!.measurement,
      fastify: measured.get('fastify')?.measurement,
    });
  }

  if (profileDir) {
    await printProfiles(profileDir, servers, scenarios, measuredByTarget);
    keepProfile = true;
    console.log(`\n${resultsTable(rows)}\n\nNo report written: the profiler slows the servers down.`);
    return;
  }

  const totalSeconds = (performance.now() - began) / 1000;
  console.log(`\n${resultsTable(rows)}\n\nCPU during the measured seconds (100 % = one core):\n\n${cpuTable(rows)}\n`);
  await writeFile(
    options.output,
    benchmarksMarkdown({ date, machine, settings, rows, totalSeconds, loadAtEnd: loadAverage(), note: options.note }) +
      (await keptSections(options.output)),
  );
  const below = rows.filter((row) => ratioOf(row) < 0.8);
  console.log(
    below.length === 0
      ? 'Every ratio Lectern/bare is at least 0.80.'
      : `Below the 0.80 aim: ${below.map((row) => `${row.target} (${ratioOf(row).toFixed(3)})`).join(', ')}.`,
  );
  console.log(
    `Wrote ${path.relative(process.cwd(), options.output) || options.output} (run took ${Math.round(totalSeconds)} s).`,
  );
}

/** Sections of the report that other measurements wrote (the 38C3 import, the schedule solver, scale): kept as they are. */
const KEPT_SECTIONS = ['## 38C3 import', '## Schedule solver', '## Scale (issue 12)'];

async function keptSections(file: string): Promise<string> {
  const previous = await readFile(file, 'utf8').catch(() => '');
  const starts = KEPT_SECTIONS.map((heading) => previous.indexOf(`\n${heading}\n`)).filter((i) => i >= 0);
  return starts.length === 0 ? '' : `\n${previous.slice(Math.min(...starts) + 1).trimEnd()}\n`;
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  // After Ctrl-C the interrupted load fails too, which is no news: the signal handler exits with 130.
  if (!stopping) {
    if (error instanceof BenchmarkFailure) console.error(`\nBenchmark failed: ${error.message}`);
    else console.error('\nBenchmark failed:', error);
  }
} finally {
  await cleanUp();
}
