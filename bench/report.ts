import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  os: string;
  loadAtStart: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() || 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
    loadAtStart: loadAverage(),
  };
}

/** The 1, 5 and 15-minute load averages: anything near the core count means a noisy run. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
}

export interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** CPU the server used, as a share of one core, during the measured seconds. */
  serverCpu: number | undefined;
  /** CPU the benchmark process (autocannon) used, as a share of one core. */
  clientCpu: number;
  requests: number;
}

export interface Row {
  target: string;
  request: string;
  response: string;
  lectern: Measurement;
  bare: Measurement;
  /** The bare Fastify route, when the run measured it (--fastify). */
  fastify?: Measurement | undefined;
}

export interface Settings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  pipelining: number;
  rounds: number;
  autocannonVersion: string;
  requestHeaders: Record<string, string>;
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ms = (value: number) => `${value} ms`;
const percent = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value * 100)} %`);

export const ratioOf = (row: Row) => row.lectern.requestsPerSecond / row.bare.requestsPerSecond;

/** A Markdown table whose columns are padded, so the same text reads well in a terminal. */
export function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (rightAligned[i] ? `${'-'.repeat(width + 1)}:` : `:${'-'.repeat(width + 1)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const withFastify = (rows: Row[]) => rows.some((row) => row.fastify);

export function resultsTable(rows: Row[]): string {
  const fastify = withFastify(rows);
  const header = ['Target', 'Response', 'Lectern req/s', 'Lectern p50', 'Lectern p99'];
  if (fastify) header.push('Fastify req/s', 'Fastify p50', 'Fastify p99');
  header.push('Bare req/s', 'Bare p50', 'Bare p99', 'Lectern/bare');
  if (fastify) header.push('Lectern/Fastify');
  return table(
    header,
    rows.map((row) => {
      const cells = [`${row.target} \`${row.request}\``, row.response, ...figures(row.lectern)];
      if (fastify) cells.push(...(row.fastify ? figures(row.fastify) : ['', '', '']));
      cells.push(...figures(row.bare), ratioOf(row).toFixed(2));
      if (fastify)
        cells.push(row.fastify ? (row.lectern.requestsPerSecond / row.fastify.requestsPerSecond).toFixed(2) : '');
      return cells;
    }),
    header.map((_, i) => i >= 2),
  );
}

function figures(m: Measurement): string[] {
  return [number.format(m.requestsPerSecond), ms(m.p50), ms(m.p99)];
}

/** Server CPU time per response, in microseconds: unlike req/s, it holds even when autocannon is the bottleneck. */
const microsPerResponse = (m: Measurement | undefined) =>
  m?.serverCpu === undefined ? 'n/a' : `${((m.serverCpu / m.requestsPerSecond) * 1e6).toFixed(1)} µs`;

/** The bare server's CPU per response over Lectern's: read like Lectern/bare in req/s, 1 being no overhead. */
function cpuRatio(row: Row): string {
  const cost = (m: Measurement) => (m.serverCpu === undefined ? undefined : m.serverCpu / m.requestsPerSecond);
  const lectern = cost(row.lectern);
  const bare = cost(row.bare);
  return lectern === undefined || bare === undefined ? 'n/a' : (bare / lectern).toFixed(2);
}

export function cpuTable(rows: Row[]): string {
  const fastify = withFastify(rows);
  const header = ['Target', 'Lectern CPU', 'Lectern CPU/response'];
  if (fastify) header.push('Fastify CPU', 'Fastify CPU/response');
  header.push(
    'Bare CPU',
    'Bare CPU/response',
    'Bare/Lectern CPU/response',
    `autocannon CPU (${fastify ? 'Lectern / Fastify / bare' : 'Lectern / bare'} run)`,
  );
  return table(
    header,
    rows.map((row) => {
      const measured = fastify ? [row.lectern, row.fastify, row.bare] : [row.lectern, row.bare];
      return [
        row.target,
        ...measured.flatMap((m) => [percent(m?.serverCpu), microsPerResponse(m)]),
        cpuRatio(row),
        measured.map((m) => percent(m?.clientCpu)).join(' / '),
      ];
    }),
    header.map((_, i) => i >= 1),
  );
}

export function benchmarksMarkdown(options: {
  date: Date;
  machine: Machine;
  settings: Settings;
  rows: Row[];
  totalSeconds: number;
  loadAtEnd: string;
  note: string | undefined;
}): string {
  const { date, machine, settings, rows, note } = options;
  const worst = Math.min(...rows.map(ratioOf));
  const headers = Object.entries(settings.requestHeaders)
    .map(([name, value]) => `\`${name}: ${value}\``)
    .join(', ');
  return `# Benchmarks

Generated by \`npm run bench\` (bench/run.ts) on ${date.toISOString().slice(0, 10)} at ${date.toISOString().slice(11, 19)} UTC; the run took ${Math.round(options.totalSeconds)} s. Run it again to replace this file.

## Results

${resultsTable(rows)}

Lowest ratio: **${worst.toFixed(2)}** (aim: at least 0.80 on cached responses).
${note ? `\n> ${note.replaceAll('\n', '\n> ')}\n` : ''}
CPU used during the measured seconds (100 % is one full core), and each server's CPU time per response:

${cpuTable(rows)}

## Machine

- CPU: ${machine.cpu}, ${machine.cores} logical cores
- Memory: ${machine.memory}
- Node.js: ${machine.node}
- OS: ${machine.os}
- Load average (1 / 5 / 15 min) when the run started: ${machine.loadAtStart}; when it ended: ${options.loadAtEnd}

## Settings

- Lectern: \`node --import tsx src/server.ts\` on a fresh embedded PGlite database (a temporary \`LECTERN_DATA_DIR\`) holding the PyBay 2016 sample program, with \`LOG_LEVEL=warn\` and \`NODE_ENV=production\`.
- Bare server: bench/bare-server.ts, a \`node:http\` server in its own process that answers each request with the status, headers and body bytes Lectern returned for it, checked byte for byte before measuring.${
    withFastify(rows)
      ? `
- Bare Fastify (\`--fastify\`): the same replay through one Fastify route with Lectern's router options and no plugins, in its own process. Lectern/Fastify is the cost of Lectern's own code; Fastify/bare the cost of the framework.`
      : ''
  }
- Load: autocannon ${settings.autocannonVersion} in the benchmark's own process, over loopback (127.0.0.1), ${settings.connections} connections, pipelining ${settings.pipelining}. Per target and per server: ${settings.warmupSeconds} s of warm-up (not counted), then ${settings.durationSeconds} s measured, cut into ${settings.rounds} rounds of ${settings.durationSeconds / settings.rounds} s in which the servers take turns (Lectern first, then the other way round, and so on), so that other work on the machine weighs on both alike.
- Request headers, the same for every server: ${headers}, and \`accept\` (\`text/html,…\` for pages, \`application/json\` for the API, \`text/calendar\` for the agenda's calendar feed, \`*/*\` for the widget script and schedule.xml). The conditional row adds \`if-none-match\` with the event page's ETag.
- A run fails, rather than reports, when any response has another status than expected (200, or 304 for the conditional row), or any request errors or times out.

## Running it

\`npm run bench\` takes about three and a half minutes and rewrites this file. Options go after \`--\`:

- \`--duration\`, \`--warmup\`, \`--connections\` and \`--rounds\` change the settings above; \`--output FILE\` writes the report elsewhere; \`--note TEXT\` adds a remark under the results.
- \`--fastify\` adds a third server, the same bytes sent from one bare Fastify route, to tell the framework's cost from Lectern's own (the run then takes about five minutes).
- \`--profile\` runs every server under \`--cpu-prof\` and prints, per target, each one's CPU time per response by area (Lectern's code, Fastify, pino, Node.js core, native code, garbage collector) and Lectern's costliest functions. It writes no report, since the profiler slows the servers down.

## How to read it

- **req/s** is the number of responses completed in the measured seconds divided by them; **p50/p99** are latency percentiles over all of those responses, as autocannon measures them (whole milliseconds).
- **Lectern/bare** is Lectern's req/s divided by the bare server's. The bare server does nothing but write bytes it already holds, so it is the ceiling for this machine, this Node.js and this response size: a ratio of 1 means Lectern adds no measurable cost to writing the response. Public pages and the public API are prebuilt and compressed once (src/web/http-cache.ts), search results are cached per query, and the widget script is built once, so these rows are cached responses and the aim is a ratio of **0.8 or more**. The shared agenda's calendar feed (a shared agenda of the first 10 talks of 38C3, created through \`POST /api/events/{event}/agendas\` before measuring; the feed needs a released schedule, which the PyBay sample lacks) is rendered once per agenda and program version and kept in memory until the agenda's owner replaces its talks, so it is a cached response too.
- Absolute numbers depend on the machine: compare ratios, and compare runs only on the same machine.
- autocannon runs on the same machine. With 2 cores it takes most of one, leaving the servers the other; when autocannon's CPU is near 100 %, it, not the server, is the limit, and req/s hides part of Lectern's overhead. **CPU/response** does not depend on which side is the bottleneck: the bare server's divided by Lectern's makes the same comparison from the server's side (1 means Lectern costs no more than writing the bytes).
- Other work on the machine makes a run noisy (see the load averages): run it again on an idle machine before drawing conclusions.
`;
}
