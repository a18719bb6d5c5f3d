/**
 * The scale benchmark's tables: printed as the run ends, and written as the "Scale (issue 12)"
 * section of docs/benchmarks.md, leaving the other sections as they are.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { table, type Machine } from '../report.js';
import { describeWait, formatMs, type Waited } from './client.js';
import type { Latency, Probed, Watched } from './measure.js';

export const HEADING = '## Scale (issue 12)';

/** What one scenario of N events measured; a step that failed leaves its fields out. */
export interface EventsResult {
  events: number;
  dataMs?: number;
  cloneMs?: number;
  startMs?: number;
  rssStart?: number | undefined;
  visited?: { pages: number; events: number; ms: number; p50Ms: number; maxMs: number; slowest: string };
  rssVisited?: number | undefined;
  latency?: { perPath: Latency[]; overall: { p50: number; p95: number; requests: number } };
  secondStartMs?: number;
  rssSecond?: number | undefined;
  propagation?: Waited[];
  kill?: {
    connections: number;
    readyA?: Waited;
    backOfficeA?: Watched;
    backOfficeB?: Watched;
    saved?: Waited;
    propagated?: Waited;
    /** From the kill until the change showed on the other instance. */
    sinceKillMs?: number;
    rssA?: number | undefined;
    rssB?: number | undefined;
  };
  error?: string;
}

/** What the scenario of one event with T talks measured. */
export interface TalksResult {
  talks: number;
  shape?: string;
  importMs?: number;
  importTimes?: string;
  startMs?: number;
  rssStart?: number | undefined;
  eventPage?: Probed;
  apiTalks?: Probed;
  eventPageAgainMs?: number;
  rssAfter?: number | undefined;
  error?: string;
}

export interface Run {
  date: Date;
  seconds: number;
  machine: Machine;
  loadAtEnd: string;
  settings: string[];
  events: EventsResult[];
  talks: TalksResult[];
  note?: string | undefined;
}

const count = new Intl.NumberFormat('en-US');
export const mib = (bytes: number | undefined) => (bytes === undefined ? '–' : `${Math.round(bytes / 2 ** 20)} MiB`);
const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : formatMs(value));
/** Milliseconds, with a decimal below 10 (a cached page takes less than one); seconds from 10 s. */
export const whole = (value: number) =>
  value >= 10_000 ? formatMs(value) : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

export function eventsLabel(n: number): string {
  return n === 1 ? '1 event' : `${count.format(n)} events`;
}

export function eventsTable(results: EventsResult[]): string {
  const cell = (read: (r: EventsResult) => string) => results.map((r) => (r.error && read(r) === '–' ? '✗' : read(r)));
  const rows: [string, string[]][] = [
    ['Data built (import + clone)', cell((r) => ms(r.dataMs))],
    ['Start: spawn until `/` answers 200', cell((r) => ms(r.startMs))],
    ['Memory (RSS) after start', cell((r) => mib(r.rssStart))],
    [
      'Visiting 200 events (event page + a talk page each, 4 at a time): time, slowest page',
      cell((r) => (r.visited ? `${ms(r.visited.ms)}, ${ms(r.visited.maxMs)}` : '–')),
    ],
    ['Memory (RSS) after visiting them', cell((r) => mib(r.rssVisited))],
    [
      'Cached pages p50 / p95 (all paths)',
      cell((r) => (r.latency ? `${whole(r.latency.overall.p50)} / ${whole(r.latency.overall.p95)}` : '–')),
    ],
    ['Second instance: start', cell((r) => ms(r.secondStartMs))],
    [
      'Propagation: a talk retitled on A shows on B (each change, from opening the form)',
      cell((r) => (r.propagation?.length ? r.propagation.map(describeWait).join(', ') : '–')),
    ],
    ['Connections killed', cell((r) => (r.kill ? String(r.kill.connections) : '–'))],
    ['… then `/readyz` on A answers 200', cell((r) => describeWait(r.kill?.readyA))],
    [
      '… the back office (`/orga/<event>/talks`) first answers 200 on A / B',
      cell((r) =>
        r.kill?.backOfficeA && r.kill.backOfficeB
          ? `${describeWait(r.kill.backOfficeA.firstOk)} / ${describeWait(r.kill.backOfficeB.firstOk)}`
          : '–',
      ),
    ],
    [
      '… its slowest answer during the recovery on A / B (requests, of which not 200)',
      cell((r) =>
        r.kill?.backOfficeA && r.kill.backOfficeB
          ? [r.kill.backOfficeA, r.kill.backOfficeB]
              .map((w) => `${formatMs(w.slowestMs)} (${w.requests}, ${w.failures})`)
              .join(' / ')
          : '–',
      ),
    ],
    [
      '… then a talk retitled on A: saved / shown on B (from opening the form) / shown on B from the kill',
      cell((r) =>
        r.kill?.saved
          ? `${describeWait(r.kill.saved)} / ${describeWait(r.kill.propagated)} / ${ms(r.kill.sinceKillMs)}`
          : '–',
      ),
    ],
    [
      'Memory (RSS) of A / B after the recovery',
      cell((r) => (r.kill ? `${mib(r.kill.rssA)} / ${mib(r.kill.rssB)}` : '–')),
    ],
  ];
  return table(
    ['', ...results.map((r) => eventsLabel(r.events))],
    rows.map(([label, cells]) => [label, ...cells]),
    [false, ...results.map(() => true)],
  );
}

export function talksTable(results: TalksResult[]): string {
  const probed = (p: Probed | undefined) =>
    p === undefined
      ? '–'
      : p.cold
        ? `${ms(p.cold.ms)} (${count.format(p.cold.bytes)} B compressed)`
        : `> ${ms(p.patienceMs)} (given up)`;
  const probe = (p: Probed | undefined) =>
    p === undefined
      ? '–'
      : p.probeCut
        ? `> ${whole(p.probeMax)} (cut off with the build)`
        : `${whole(p.probeMax)} (p50 ${whole(p.probeP50)}, ${p.probes} probes)`;
  const lag = (p: Probed | undefined) => (p?.lagMaxMs === undefined ? '–' : whole(p.lagMaxMs));
  const cell = (read: (r: TalksResult) => string) => results.map((r) => (r.error && read(r) === '–' ? '✗' : read(r)));
  const rows: [string, string[]][] = [
    ['Program', cell((r) => r.shape ?? '–')],
    ['Import (`lectern import schedule-json`, wall)', cell((r) => ms(r.importMs))],
    ['Start: spawn until `/` answers 200', cell((r) => ms(r.startMs))],
    ['Memory (RSS) after start', cell((r) => mib(r.rssStart))],
    ['Cold event page `/<event>`: first answer', cell((r) => probed(r.eventPage))],
    ['… a cached talk page asked every 5 ms meanwhile: longest wait', cell((r) => probe(r.eventPage))],
    ['… `nodejs_eventloop_lag_max_seconds` meanwhile', cell((r) => lag(r.eventPage))],
    ['Cold API talk list `/api/events/<event>/talks`: first answer', cell((r) => probed(r.apiTalks))],
    ['… a cached talk page asked every 5 ms meanwhile: longest wait', cell((r) => probe(r.apiTalks))],
    ['… `nodejs_eventloop_lag_max_seconds` meanwhile', cell((r) => lag(r.apiTalks))],
    ['The event page again (cached)', cell((r) => ms(r.eventPageAgainMs))],
    ['Memory (RSS) at the end', cell((r) => mib(r.rssAfter))],
  ];
  return table(
    ['', ...results.map((r) => `${count.format(r.talks)} talks`)],
    rows.map(([label, cells]) => [label, ...cells]),
    [false, ...results.map(() => true)],
  );
}

export function latencyTable(results: EventsResult[]): string {
  const rows: string[][] = [];
  for (const result of results) {
    for (const latency of result.latency?.perPath ?? []) {
      rows.push([
        eventsLabel(result.events),
        `\`${latency.path}\``,
        count.format(latency.bytes),
        count.format(latency.requests),
        whole(latency.p50),
        whole(latency.p95),
        whole(latency.max),
      ]);
    }
  }
  return table(['Scenario', 'Path', 'Bytes (compressed)', 'Responses', 'p50', 'p95', 'max'], rows, [
    false,
    false,
    true,
    true,
    true,
    true,
    true,
  ]);
}

/** The longest a back-office user waited: for the first answer, or for the slowest one. */
function worstWait(watched: Watched): number {
  const first = 'ms' in watched.firstOk ? watched.firstOk.ms : Number.POSITIVE_INFINITY;
  return Math.max(first, watched.slowestMs);
}

interface Target {
  target: string;
  measured: string;
  met: boolean | undefined;
}

/** The issue's targets, against what this run measured (undefined: not measured). */
export function targets(run: Run): Target[] {
  const list: Target[] = [];
  const one = run.events.find((r) => r.events === 1);
  const most = [...run.events].filter((r) => r.events > 1).sort((a, b) => b.events - a.events)[0];
  const ratio = (name: string, read: (r: EventsResult) => number | undefined, show: (v: number) => string) => {
    const a = one && read(one);
    const b = most && read(most);
    const measured =
      a !== undefined && b !== undefined
        ? `${show(b)} at ${count.format(most!.events)} events, ${show(a)} at 1: ${(b / a).toFixed(2)}×`
        : 'not measured';
    list.push({
      target: `${name} at ${most ? count.format(most.events) : 'N'} events within 1.5× of one event's`,
      measured,
      met: a !== undefined && b !== undefined ? b <= 1.5 * a : undefined,
    });
  };
  if (one && most) {
    ratio('Start time', (r) => r.startMs, formatMs);
    ratio('Memory after start', (r) => r.rssStart, mib);
  }
  for (const result of run.talks) {
    const probes = [result.eventPage, result.apiTalks].filter((p): p is Probed => p !== undefined);
    const lags = probes.map((p) => p.lagMaxMs).filter((v): v is number => v !== undefined);
    const longest = (values: number[]) => (values.length ? Math.max(...values) : undefined);
    // A build given up on has no lag reading: its probe's wait (a lower bound) speaks for it.
    const cut = probes.some((p) => p.probeCut);
    const block = cut
      ? longest(probes.map((p) => p.probeMax))
      : (longest(lags) ?? longest(probes.map((p) => p.probeMax)));
    list.push({
      target: `Longest event-loop block while a cold ${count.format(result.talks)}-talk page is built ≤ 50 ms`,
      measured:
        block === undefined
          ? 'not measured'
          : cut
            ? `> ${whole(block)} (the probe's wait, cut off with a build that was given up)`
            : `${whole(block)} (${lags.length ? 'nodejs_eventloop_lag_max_seconds' : "the probe's longest wait"})`,
      met: block === undefined ? undefined : block <= 50,
    });
    const wait = longest(probes.map((p) => p.probeMax));
    list.push({
      target: `A cached page waits ≤ 100 ms behind a cold ${count.format(result.talks)}-talk build`,
      measured: wait === undefined ? 'not measured' : `${cut ? '> ' : ''}${whole(wait)}`,
      met: wait === undefined ? undefined : wait <= 100,
    });
  }
  for (const result of run.events) {
    const kill = result.kill;
    const watched = [kill?.backOfficeA, kill?.backOfficeB].filter((w): w is Watched => w !== undefined);
    // Answering within 2 s: the first 200 comes within 2 s of the kill, and no request takes longer.
    const worst = watched.length === 2 ? Math.max(...watched.map(worstWait)) : undefined;
    list.push({
      target: `After connections are killed (${eventsLabel(result.events)}), the back office answers within 2 s`,
      measured:
        watched.length === 2
          ? `first 200 after ${describeWait(watched[0]!.firstOk)} on A, ${describeWait(watched[1]!.firstOk)} on B; ` +
            `slowest request ${formatMs(watched[0]!.slowestMs)} on A, ${formatMs(watched[1]!.slowestMs)} on B`
          : 'not measured',
      met: worst === undefined ? undefined : worst <= 2_000,
    });
    const propagated = kill?.propagated;
    list.push({
      target: `… and a change propagates within 5 s (${eventsLabel(result.events)})`,
      measured: propagated
        ? `shown on B ${describeWait(propagated)} after the talk form was opened on A (saved after ${describeWait(kill?.saved)})`
        : kill?.saved
          ? `not saved: ${describeWait(kill.saved)}`
          : 'not measured',
      met: propagated ? 'ms' in propagated && propagated.ms <= 5_000 : kill?.saved ? false : undefined,
    });
  }
  return list;
}

export function targetsTable(run: Run): string {
  return table(
    ['Target', 'Measured', 'Met'],
    targets(run).map((t) => [t.target, t.measured, t.met === undefined ? '–' : t.met ? 'yes' : '**no**']),
    [false, false, false],
  );
}

export function section(run: Run): string {
  const iso = run.date.toISOString();
  const failures = [...run.events, ...run.talks].filter((r) => r.error);
  const lines = [
    HEADING,
    '',
    `Generated by \`npm run bench:scale\` (bench/scale/run.ts) on ${iso.slice(0, 10)} at ${iso.slice(11, 19)} UTC; ` +
      `the run took ${Math.round(run.seconds)} s. Every figure is one measurement on a shared machine (see below), against ` +
      'real server processes on PostgreSQL: read the orders of magnitude, not the last digit.',
    '',
    '### Targets',
    '',
    targetsTable(run),
    '',
    ...(run.events.length
      ? [
          '### Many events',
          '',
          eventsTable(run.events),
          '',
          '### Cached pages, by path',
          '',
          latencyTable(run.events),
          '',
        ]
      : []),
    ...(run.talks.length ? ['### One event with many talks', '', talksTable(run.talks), ''] : []),
    ...(run.note ? [`> ${run.note}`, ''] : []),
    ...(failures.length
      ? [
          'Steps that failed (✗ above):',
          '',
          ...failures.map(
            (r) =>
              `- ${'events' in r ? eventsLabel(r.events) : `${count.format(r.talks)} talks`}: ${r.error!.split('\n')[0]}`,
          ),
          '',
        ]
      : []),
    '### How it is measured',
    '',
    ...run.settings.map((line) => `- ${line}`),
    `- Machine: ${run.machine.cpu}, ${run.machine.cores} logical cores, ${run.machine.memory} of memory, Node.js ${run.machine.node}, ${run.machine.os}. ` +
      `Load average (1 / 5 / 15 min) when the run started: ${run.machine.loadAtStart}; when it ended: ${run.loadAtEnd}. ` +
      'Other sessions share these 2 cores: a load above 2 means the servers got less than the run took.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes the section into the report, in place of an earlier one or at its end. */
export async function writeSection(file: string, text: string): Promise<void> {
  const previous = await readFile(file, 'utf8').catch(() => '');
  const start = previous.indexOf(`\n${HEADING}\n`);
  let next: string;
  if (start < 0) next = `${previous.trimEnd()}\n\n${text}`;
  else {
    const after = previous.indexOf('\n## ', start + HEADING.length + 2);
    next = `${previous.slice(0, start + 1)}${text}${after < 0 ? '' : `\n${previous.slice(after + 1)}`}`;
  }
  await writeFile(file, next);
}
