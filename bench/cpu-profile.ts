import path from 'node:path';
import { ROOT } from './processes.js';

/** The parts of a V8 .cpuprofile (as written by `node --cpu-prof`) that the summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  /** Microseconds on the monotonic clock that process.hrtime() also reads (on Linux). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** [start, end] on the monotonic clock, in microseconds. */
export type Span = [number, number];

export const nowMicros = (): number => Number(process.hrtime.bigint() / 1000n);

interface Frame {
  name: string;
  area: string;
  parent: number | undefined;
}

/** Which package or part of Lectern a frame belongs to, so time can be added up per area. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native code)';
  if (url.startsWith('node:')) return 'Node.js core';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const marker = file.lastIndexOf('/node_modules/');
  if (marker >= 0) {
    const [first, second] = file.slice(marker + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? file);
  }
  const relative = path.relative(ROOT, file);
  return relative.startsWith('src/') ? `Lectern ${relative}` : relative;
}

function frameName(url: string, functionName: string, lineNumber: number): string {
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const marker = file.lastIndexOf('/node_modules/');
  const shown = marker >= 0 ? file.slice(marker + '/node_modules/'.length) : path.relative(ROOT, file) || file;
  return `${name} ${shown}:${lineNumber + 1}`;
}

const IDLE = new Set(['(idle)', '(root)']);

/** Where one server's CPU time went during a set of spans, in microseconds. */
export interface Analysis {
  busyMicros: number;
  idleMicros: number;
  selfByArea: Map<string, number>;
  selfByFunction: Map<string, number>;
  inclusiveByFunction: Map<string, number>;
}

const add = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);

/**
 * Self and inclusive time per area and per function for the samples inside `spans`: where
 * requests' time went, without the start-up and the other targets' load. Each sample weighs
 * the time since the previous one.
 */
export function analyseProfile(profile: CpuProfile, spans: Span[]): Analysis {
  const frames = new Map<number, Frame>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    frames.set(node.id, {
      name: frameName(url, functionName, lineNumber),
      area: areaOf(url, functionName),
      parent: undefined,
    });
  }
  for (const node of profile.nodes) for (const child of node.children ?? []) frames.get(child)!.parent = node.id;

  const analysis: Analysis = {
    busyMicros: 0,
    idleMicros: 0,
    selfByArea: new Map(),
    selfByFunction: new Map(),
    inclusiveByFunction: new Map(),
  };
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const weight = profile.timeDeltas[i] ?? 0;
    time += weight;
    if (!spans.some(([start, end]) => time >= start && time <= end)) continue;
    const leaf = frames.get(profile.samples[i]!)!;
    if (IDLE.has(leaf.area)) {
      analysis.idleMicros += weight;
      continue;
    }
    analysis.busyMicros += weight;
    add(analysis.selfByArea, leaf.area, weight);
    add(analysis.selfByFunction, leaf.name, weight);
    // Each function once per sample, even when it recurses.
    const seen = new Set<string>();
    for (
      let frame: Frame | undefined = leaf;
      frame;
      frame = frame.parent === undefined ? undefined : frames.get(frame.parent)
    ) {
      if (frame.area.startsWith('(') || seen.has(frame.name)) continue;
      seen.add(frame.name);
      add(analysis.inclusiveByFunction, frame.name, weight);
    }
  }
  return analysis;
}

function top(micros: Map<string, number>, responses: number, total: number, limit: number): string[] {
  return [...micros]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(
      ([name, value]) =>
        `  ${(value / responses).toFixed(2).padStart(6)} µs  ${((value / total) * 100).toFixed(1).padStart(5)} %  ${name}`,
    );
}

/** Where Lectern's time went for one target, per response and as a share of its busy time. */
export function describeLectern(label: string, analysis: Analysis, responses: number, limit = 20): string {
  const { busyMicros, idleMicros } = analysis;
  if (busyMicros === 0) return `${label}: no profile samples fell inside the measured spans.`;
  const lectern = new Map([...analysis.inclusiveByFunction].filter(([name]) => / src\//.test(name)));
  return [
    `${label}: ${(busyMicros / responses).toFixed(2)} µs of main-thread CPU per response, ` +
      `${((busyMicros / (busyMicros + idleMicros)) * 100).toFixed(0)} % busy`,
    'Self time by function (per response, share of busy time):',
    ...top(analysis.selfByFunction, responses, busyMicros, limit),
    "Inclusive time of Lectern's own functions:",
    ...top(lectern, responses, busyMicros, 10),
  ].join('\n');
}

/**
 * Self time per area and per response on each server, side by side: the areas where Lectern
 * spends more than the yardsticks are its overhead.
 */
export function compareAreas(
  label: string,
  servers: { name: string; analysis: Analysis; responses: number }[],
  limit = 14,
): string {
  const areas = new Map<string, number>();
  for (const { analysis } of servers) for (const [area, micros] of analysis.selfByArea) add(areas, area, micros);
  const order = [...areas].sort((a, b) => b[1] - a[1]).map(([area]) => area);
  const perResponse = (server: (typeof servers)[number], area?: string) => {
    const micros = area === undefined ? server.analysis.busyMicros : (server.analysis.selfByArea.get(area) ?? 0);
    return `${(micros / server.responses).toFixed(2)} µs`;
  };
  const width = Math.max(20, ...order.slice(0, limit).map((area) => area.length));
  const row = (name: string, cells: string[]) => `  ${name.padEnd(width)} ${cells.map((c) => c.padStart(14)).join('')}`;
  return [
    `${label}: main-thread CPU per response, by area`,
    row(
      '',
      servers.map((server) => server.name),
    ),
    row(
      'all',
      servers.map((server) => perResponse(server)),
    ),
    ...order.slice(0, limit).map((area) =>
      row(
        area,
        servers.map((server) => perResponse(server, area)),
      ),
    ),
  ].join('\n');
}

export function parseProfile(text: string): CpuProfile {
  return JSON.parse(text) as CpuProfile;
}
