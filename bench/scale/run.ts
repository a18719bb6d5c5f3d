/**
 * `npm run bench:scale` (issue 12): does the cost of serving stay flat as the database grows?
 *
 * For each scenario it creates a fresh PostgreSQL database (`lectern_bench_scale`, on
 * DATABASE_URL's server; dropped after), fills it, starts real servers on it and measures them
 * through HTTP, /proc and SQL only:
 *
 * - N events (1, 1,000, 5,000): the PyBay 2016 sample imported with `lectern import talks-page`,
 *   cloned N − 1 times with set-based SQL (bench/scale/database.ts). Start time, memory after
 *   start and after visiting 200 events, cached pages' p50/p95 (autocannon), a second instance's
 *   start, propagation of a talk retitled in the back office of one instance to the other's
 *   public page, and recovery after every database connection is killed.
 * - One event of T talks (20,000): a seeded c3voc schedule.json (bench/scale/generate.ts)
 *   imported with `lectern import schedule-json` beside the sample. The longest wait of a cached
 *   page asked every 5 ms while the big event's page and API talk list are built cold, and the
 *   event-loop lag /metrics reports meanwhile.
 *
 * Prints the tables and writes them as the "Scale (issue 12)" section of docs/benchmarks.md.
 * Every process it starts is stopped by its PID, also on failure or Ctrl-C; the run lowers its
 * own priority (nice 10), which the servers inherit.
 *
 * Options (after `npm run bench:scale --`):
 *   --quick              N = 1, 1,000 and T = 5,000, and no report written unless --output is given
 *   --events 1,1000,5000 the numbers of events (`none` for no such scenario)
 *   --talks 20000        the talks of the big event (0 for none)
 *   --seconds 10         autocannon's seconds for the cached pages, shared between the paths
 *   --connections 4      autocannon's connections
 *   --changes 3          talks retitled to time propagation (stops early after a slow one)
 *   --patience 120       seconds to wait for anything but a start (then "> 120 s" is reported)
 *   --start-patience 300 seconds a server may take to start
 *   --seed N             the big program's seed
 *   --output FILE        where the report goes (docs/benchmarks.md)
 *   --note TEXT          a remark for the report
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, type Started, stopProcess } from '../processes.js';
import { describeMachine, loadAverage } from '../report.js';
import { type BrowserSession, describeWait, formatMs, ScaleFailure, timedGet, waitFor } from './client.js';
import {
  cloneEvent,
  createScenarioDatabase,
  DEFAULT_DATABASE_URL,
  dropScenarioDatabase,
  runLectern,
  SCENARIO_DATABASE,
  withClient,
} from './database.js';
import { generateProgram, PROGRAM_SEED } from './generate.js';
import {
  cachedLatency,
  failIfExited,
  firstTalk,
  type Instance,
  killConnections,
  logInOrganiser,
  probeDuringColdBuild,
  type Probed,
  retitleTalk,
  rssBytes,
  startInstance,
  visit,
  waitForTitle,
  watchBackOffice,
} from './measure.js';
import {
  eventsLabel,
  eventsTable,
  type EventsResult,
  latencyTable,
  mib,
  type Run,
  section,
  talksTable,
  type TalksResult,
  targetsTable,
  whole,
  writeSection,
} from './report.js';

const EVENT = 'pybay-2016';
const SAMPLE = path.join(ROOT, 'samples', 'pybay-2016-talks.txt');
const VISITED_EVENTS = 200;
const PROBE_INTERVAL_MS = 5;
/** After a change that took this long to propagate, the others would only repeat it. */
const SLOW_PROPAGATION_MS = 10_000;
/** The back office is watched for at least this long after connections are killed. */
const MIN_RECOVERY_WATCH_MS = 15_000;

function readOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      events: { type: 'string' },
      talks: { type: 'string' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '4' },
      changes: { type: 'string', default: '3' },
      patience: { type: 'string', default: '120' },
      'start-patience': { type: 'string', default: '300' },
      seed: { type: 'string', default: String(PROGRAM_SEED) },
      output: { type: 'string' },
      note: { type: 'string' },
    },
  });
  const wholeNumber = (name: string, raw: string, min: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new ScaleFailure(`--${name} must be a whole number ≥ ${min}`);
    return value;
  };
  const eventsRaw = values.events ?? (values.quick ? '1,1000' : '1,1000,5000');
  const events = eventsRaw === 'none' ? [] : eventsRaw.split(',').map((raw) => wholeNumber('events', raw.trim(), 1));
  const talks = wholeNumber('talks', values.talks ?? (values.quick ? '5000' : '20000'), 0);
  // A quick run is a check, not a result: it leaves the report alone unless told where to write.
  const output =
    values.output !== undefined || !values.quick
      ? path.resolve(ROOT, values.output ?? 'docs/benchmarks.md')
      : undefined;
  return {
    events,
    talks,
    seconds: wholeNumber('seconds', values.seconds, 1),
    connections: wholeNumber('connections', values.connections, 1),
    changes: wholeNumber('changes', values.changes, 1),
    patienceMs: wholeNumber('patience', values.patience, 1) * 1000,
    startPatienceMs: wholeNumber('start-patience', values['start-patience'], 1) * 1000,
    seed: wholeNumber('seed', values.seed, 0),
    output,
    note: values.note,
  };
}
type Options = ReturnType<typeof readOptions>;

const serverUrl = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;

// Everything that must be undone, whatever happens: the servers, the database, the temporary files.
const processes = new Set<Started>();
const temporaryDirs = new Set<string>();
let stopping = false;

function track(started: Started): Started {
  processes.add(started);
  return started;
}

async function stopAll(): Promise<void> {
  const running = [...processes];
  processes.clear();
  await Promise.all(running.map((started) => stopProcess(started)));
}

let cleanedUp: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleanedUp ??= (async () => {
    stopping = true;
    await stopAll();
    await dropScenarioDatabase(serverUrl).catch((error: Error) =>
      console.error(`Could not drop ${SCENARIO_DATABASE}: ${error.message}`),
    );
    await Promise.all([...temporaryDirs].map((dir) => rm(dir, { recursive: true, force: true })));
  })();
  return cleanedUp;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and dropping ${SCENARIO_DATABASE}`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Events to visit, spread over all of them, each with its first talk's page. */
async function pagesToVisit(url: string): Promise<{ events: number; paths: string[] }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ slug: string; talk: string | null }>(
      `with numbered as (select id, slug, row_number() over (order by id) as n, count(*) over () as total
                         from events where published)
       select slug, (select t.slug from talks t where t.event_id = numbered.id and t.state = 'confirmed'
                     order by t.position, t.id limit 1) as talk
       from numbered where (n - 1) % greatest(1, total / $1::int) = 0 order by n limit $1::int`,
      [VISITED_EVENTS],
    );
    const paths = rows.flatMap((row) => [`/${row.slug}`, ...(row.talk ? [`/${row.slug}/talks/${row.talk}`] : [])]);
    return { events: rows.length, paths };
  });
}

async function eventsScenario(n: number, options: Options): Promise<EventsResult> {
  const result: EventsResult = { events: n };
  const instances: Instance[] = [];
  try {
    log(`${eventsLabel(n)}: creating ${SCENARIO_DATABASE} and importing the PyBay 2016 sample`);
    const url = await createScenarioDatabase(serverUrl);
    const began = performance.now();
    await runLectern(url, ['import', 'talks-page', SAMPLE, '--event', EVENT, '--name', 'PyBay 2016']);
    const clone = await cloneEvent(url, n - 1);
    result.dataMs = performance.now() - began;
    result.cloneMs = clone.ms;
    log(
      `${eventsLabel(n)}: built in ${formatMs(result.dataMs)} (clone ${formatMs(clone.ms)}: ${Object.entries(clone.rows)
        .map(([table, rows]) => `${table} ${rows}`)
        .join(', ')}${clone.changedColumns.length ? `; fresh values for ${clone.changedColumns.join(', ')}` : ''})`,
    );
    const talk = await firstTalk(url, EVENT);
    const talkPath = `/${EVENT}/talks/${talk.slug}`;
    const visits = await pagesToVisit(url);

    const a = await startInstance('Lectern A', url, options.startPatienceMs, track);
    instances.push(a.instance);
    result.startMs = a.startMs;
    result.rssStart = rssBytes(a.instance.pid);
    log(
      `${eventsLabel(n)}: A (pid ${a.instance.pid}) answered / after ${formatMs(a.startMs)}, RSS ${mib(result.rssStart)}`,
    );

    const visited = await visit(a.instance.origin, visits.paths, 4, a.instance.started);
    result.visited = { pages: visits.paths.length, events: visits.events, ...visited };
    result.rssVisited = rssBytes(a.instance.pid);
    log(
      `${eventsLabel(n)}: visited ${visits.events} events (${visits.paths.length} pages) in ${formatMs(visited.ms)}, ` +
        `slowest ${formatMs(visited.maxMs)} (${visited.slowest}); RSS ${mib(result.rssVisited)}`,
    );

    const paths = ['/', '/api/events', `/${EVENT}`, talkPath, `/api/events/${EVENT}/talks`];
    if (n > 1) paths.push(`/${EVENT}-${Math.ceil(n / 2)}`);
    result.latency = await cachedLatency(a.instance.origin, paths, {
      seconds: options.seconds,
      connections: options.connections,
    });
    failIfExited(a.instance.started);
    log(
      `${eventsLabel(n)}: cached pages p50 ${whole(result.latency.overall.p50)}, p95 ${whole(result.latency.overall.p95)} ` +
        `(${result.latency.overall.requests} responses)`,
    );

    const b = await startInstance('Lectern B', url, options.startPatienceMs, track);
    instances.push(b.instance);
    result.secondStartMs = b.startMs;
    result.rssSecond = rssBytes(b.instance.pid);
    log(`${eventsLabel(n)}: B (pid ${b.instance.pid}) answered / after ${formatMs(b.startMs)}`);

    const session: BrowserSession = await logInOrganiser(url, a.instance.origin, EVENT);
    result.propagation = [];
    for (let i = 1; i <= options.changes; i++) {
      const title = `Scale bench ${n} change ${i}`;
      const saved = await retitleTalk(session, a.instance.origin, EVENT, talk, title, options.patienceMs);
      if (!('ms' in saved.waited)) throw new ScaleFailure(`the talk form on A was not saved: ${saved.waited.last}`);
      const shown = await waitForTitle(b.instance.origin, talkPath, title, saved.sentAt, options.patienceMs);
      result.propagation.push(shown);
      log(`${eventsLabel(n)}: change ${i} saved on A, shown on B after ${describeWait(shown)}`);
      if (!('ms' in shown) || shown.ms > SLOW_PROPAGATION_MS) break;
    }
    for (const instance of instances) failIfExited(instance.started);

    const killedAt = performance.now();
    const connections = await killConnections(url);
    result.kill = { connections };
    log(`${eventsLabel(n)}: killed ${connections} database connections`);
    // The back office of both instances is asked one request at a time from the kill until the
    // change below shows on B (and for at least 15 s), to see how soon it answers and how slow it gets.
    const watchers = [a.instance, b.instance].map((instance) =>
      watchBackOffice(session, instance.origin, `/orga/${EVENT}/talks`, {
        since: killedAt,
        minMs: MIN_RECOVERY_WATCH_MS,
        patienceMs: options.patienceMs,
      }),
    );
    const readyA = await waitFor(
      async () => (await timedGet(a.instance.origin, '/readyz', { timeoutMs: options.patienceMs })).status === 200,
      { patienceMs: options.patienceMs, intervalMs: 50, since: killedAt },
    );
    result.kill.readyA = readyA;
    const [firstA, firstB] = await Promise.all(watchers.map((watcher) => watcher.firstOk));
    log(
      `${eventsLabel(n)}: after the kill, /readyz on A after ${describeWait(readyA)}; the back office first ` +
        `answered on A after ${describeWait(firstA)}, on B after ${describeWait(firstB)}`,
    );
    try {
      const title = `Scale bench ${n} after the kill`;
      const saved = await retitleTalk(session, a.instance.origin, EVENT, talk, title, options.patienceMs);
      result.kill.saved = saved.waited;
      if ('ms' in saved.waited) {
        const shown = await waitForTitle(b.instance.origin, talkPath, title, saved.sentAt, options.patienceMs);
        result.kill.propagated = shown;
        if ('ms' in shown) result.kill.sinceKillMs = saved.sentAt + shown.ms - killedAt;
        log(
          `${eventsLabel(n)}: a change after the kill: saved on A after ${describeWait(saved.waited)}, ` +
            `shown on B after ${describeWait(shown)} (both from opening the form)`,
        );
      } else {
        log(`${eventsLabel(n)}: the talk form on A was not saved after the kill: ${describeWait(saved.waited)}`);
      }
    } finally {
      for (const watcher of watchers) watcher.stop();
      const [watchedA, watchedB] = await Promise.all(watchers.map((watcher) => watcher.done));
      Object.assign(result.kill, { backOfficeA: watchedA, backOfficeB: watchedB });
      log(
        `${eventsLabel(n)}: the back office's slowest answer during the recovery: A ${formatMs(watchedA!.slowestMs)} ` +
          `(${watchedA!.requests} requests, ${watchedA!.failures} not 200), B ${formatMs(watchedB!.slowestMs)} ` +
          `(${watchedB!.requests} requests, ${watchedB!.failures} not 200)`,
      );
    }
    result.kill.rssA = rssBytes(a.instance.pid);
    result.kill.rssB = rssBytes(b.instance.pid);
    for (const instance of instances) failIfExited(instance.started);
  } catch (error) {
    if (stopping) throw error;
    result.error = error instanceof ScaleFailure ? error.message : String((error as Error).stack ?? error);
    console.error(`${eventsLabel(n)} failed: ${result.error}`);
  } finally {
    await stopAll();
    await dropScenarioDatabase(serverUrl);
  }
  return result;
}

async function talksScenario(talks: number, options: Options): Promise<TalksResult> {
  const result: TalksResult = { talks };
  const slug = `scale-${talks}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-scale-'));
  temporaryDirs.add(dir);
  try {
    log(`${talks} talks: creating ${SCENARIO_DATABASE}, importing the sample and a generated program`);
    const url = await createScenarioDatabase(serverUrl);
    await runLectern(url, ['import', 'talks-page', SAMPLE, '--event', EVENT, '--name', 'PyBay 2016']);
    const program = generateProgram({ talks, seed: options.seed, acronym: slug });
    const file = path.join(dir, `${slug}.json`);
    await writeFile(file, JSON.stringify(program.json));
    const count = (value: number) => value.toLocaleString('en-US');
    result.shape = `${count(program.talks)} talks, ${count(program.speakers)} speakers, ${program.rooms} rooms, ${program.days} days`;
    const began = performance.now();
    const { stdout } = await runLectern(url, [
      'import',
      'schedule-json',
      file,
      '--event',
      slug,
      '--name',
      `Scale ${talks}`,
    ]);
    result.importMs = performance.now() - began;
    result.importTimes = /^Time: .*$/m.exec(stdout)?.[0];
    log(`${talks} talks: imported in ${formatMs(result.importMs)} (${result.importTimes ?? 'no times printed'})`);
    const talk = await firstTalk(url, EVENT);
    const probePath = `/${EVENT}/talks/${talk.slug}`;

    const a = await startInstance('Lectern', url, options.startPatienceMs, track);
    result.startMs = a.startMs;
    result.rssStart = rssBytes(a.instance.pid);
    log(`${talks} talks: answered / after ${formatMs(a.startMs)}, RSS ${mib(result.rssStart)}`);
    let instance = a.instance;
    const describe = (probed: Probed) =>
      `${probed.cold ? formatMs(probed.cold.ms) : `more than ${formatMs(probed.patienceMs)}`}; the probe waited ` +
      `${probed.probeCut ? 'more than' : 'at most'} ${formatMs(probed.probeMax)}; lag max ` +
      `${probed.lagMaxMs === undefined ? '–' : whole(probed.lagMaxMs)}`;
    const probing = () => ({
      intervalMs: PROBE_INTERVAL_MS,
      patienceMs: options.patienceMs,
      started: instance.started,
    });
    result.eventPage = await probeDuringColdBuild(instance.origin, `/${slug}`, probePath, probing());
    log(`${talks} talks: cold event page in ${describe(result.eventPage)}`);
    if (!result.eventPage.cold) {
      // It may still be building the page it gave up on: measure the next build on a fresh server.
      await stopAll();
      instance = (await startInstance('Lectern (again)', url, options.startPatienceMs, track)).instance;
      log(`${talks} talks: restarted the server (pid ${instance.pid}), the event page having timed out`);
    }
    result.apiTalks = await probeDuringColdBuild(instance.origin, `/api/events/${slug}/talks`, probePath, probing());
    log(`${talks} talks: cold API talk list in ${describe(result.apiTalks)}`);
    if (result.eventPage.cold && result.apiTalks.cold) {
      const again = await timedGet(instance.origin, `/${slug}`, { timeoutMs: options.patienceMs });
      result.eventPageAgainMs = again.ms;
    }
    result.rssAfter = rssBytes(instance.pid);
    failIfExited(instance.started);
  } catch (error) {
    if (stopping) throw error;
    result.error = error instanceof ScaleFailure ? error.message : String((error as Error).stack ?? error);
    console.error(`${talks} talks failed: ${result.error}`);
  } finally {
    await stopAll();
    await dropScenarioDatabase(serverUrl);
    await rm(dir, { recursive: true, force: true });
    temporaryDirs.delete(dir);
  }
  return result;
}

async function main(): Promise<void> {
  const options = readOptions();
  // Other work on the machine comes first; the servers inherit this.
  if (os.getPriority() < 10) os.setPriority(10);
  const date = new Date();
  const began = performance.now();
  const machine = describeMachine();
  log(
    `Scale benchmark: ${options.events.length ? `${options.events.join(', ')} events` : 'no events scenario'}` +
      `${options.talks ? `, one event of ${options.talks} talks` : ''}; PostgreSQL at ${new URL(serverUrl).host}; ` +
      `${machine.cores} cores, load ${machine.loadAtStart}`,
  );
  const events: EventsResult[] = [];
  for (const n of options.events) events.push(await eventsScenario(n, options));
  const talks: TalksResult[] = [];
  if (options.talks > 0) talks.push(await talksScenario(options.talks, options));

  const run: Run = {
    date,
    seconds: (performance.now() - began) / 1000,
    machine,
    loadAtEnd: loadAverage(),
    note: options.note,
    events,
    talks,
    settings: [
      `Database: a fresh PostgreSQL database \`${SCENARIO_DATABASE}\` per scenario on DATABASE_URL's server, dropped after it; migrated by the CLI's first import (Lectern's openDatabase).`,
      'Many events: `lectern import talks-page samples/pybay-2016-talks.txt --event pybay-2016`, then N − 1 copies in one transaction of set-based SQL (bench/scale/database.ts: every table hanging off the event, read from the catalogue, copied with `INSERT … SELECT … CROSS JOIN generate_series`; ids shifted, talk GUIDs fresh, slugs `pybay-2016-<k>`, every copy published; indexes built after). The sample has no released schedule, so the copies have none.',
      `One event with many talks: a c3voc \`schedule.json\` from bench/scale/generate.ts (seed ${options.seed}: titles, abstracts, descriptions and biographies of random words, one speaker per 1.25 talks, one talk in ten with two, 36 twenty-minute slots a day over 5 days in as many rooms as needed), imported with \`lectern import schedule-json\` (which releases its schedule) next to the PyBay sample.`,
      'Servers: `node --import tsx src/server.ts` (as `npm start`), `NODE_ENV=production`, `LOG_LEVEL=warn`, `LOG_REQUESTS=off`, `LECTERN_SAMPLE_DATA=off`, on a free loopback port; memory is VmRSS from /proc/<pid>/status. Start time runs from spawn until `/` first answers 200.',
      `Visits: the event page and the first talk's page of ${VISITED_EVENTS} events spread over all of them (all of them when fewer), 4 requests at a time, each its first request.`,
      `Cached pages: each path asked twice, then autocannon (${options.connections} connections, ${Math.max(1, Math.round(options.seconds / 6))}–${Math.max(1, Math.round(options.seconds / 5))} s per path, ${options.seconds} s in all) with a browser's headers (\`accept-encoding: gzip, deflate, br\`); p50/p95 over every response's own time.`,
      `Propagation: two instances on one database; an organiser (made with \`lectern create-organiser\`, logged in through its set-password link) retitles a talk in the back office of A (the talk form, with its CSRF token); B's public talk page is read every 20 ms until it shows the new title. Up to ${options.changes} changes.`,
      "Killed connections: `pg_terminate_backend` on every connection to the database but the benchmark's own; then `/readyz` on A and the back office's talk list on A and B are asked every 50 ms until they answer 200, then a talk is retitled on A and read on B as above.",
      `Event-loop block: a cached PyBay talk page is asked on a connection of its own every ${PROBE_INTERVAL_MS} ms (after its previous answer) while the big event's page, then its API talk list, are requested for the first time; the longest wait is how long a cached page waited behind the build (a few ms of it are the probe's own). \`nodejs_eventloop_lag_max_seconds\` is read from /metrics (loopback) just before (prom-client resets it at each scrape) and just after each build.`,
      "Running it: `npm run bench:scale` needs PostgreSQL (DATABASE_URL's server, by default postgres://postgres@127.0.0.1:5432/test, where it creates and drops `lectern_bench_scale`); `-- --quick` runs 1 and 1,000 events and 5,000 talks and writes no report unless given `--output FILE`; `--events`, `--talks`, `--seconds`, `--connections`, `--changes`, `--patience`, `--start-patience`, `--seed` and `--note` are described at the top of bench/scale/run.ts.",
      `Waits are given up after ${options.patienceMs / 1000} s (shown as "> ${options.patienceMs / 1000} s"), starts after ${options.startPatienceMs / 1000} s. The run's own process and the servers run at nice 10.`,
    ],
  };
  const tables = [
    targetsTable(run),
    ...(events.length ? [eventsTable(events), latencyTable(events)] : []),
    ...(talks.length ? [talksTable(talks)] : []),
  ];
  console.log(`\n${tables.join('\n\n')}\n`);
  if (options.output) {
    await writeSection(options.output, section(run));
    log(`Wrote the "Scale (issue 12)" section of ${path.relative(process.cwd(), options.output) || options.output}`);
  } else {
    log('A quick run: no report written (--output FILE writes one)');
  }
  if ([...events, ...talks].some((r) => r.error)) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  if (!stopping) console.error('\nScale benchmark failed:', error instanceof ScaleFailure ? error.message : error);
} finally {
  await cleanUp();
}
