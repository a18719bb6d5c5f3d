/**
 * How long building a cached response holds the event loop, and what compression buys, by body
 * size: `npx tsx bench/compression.ts [small|large|loop]` (all three unless one is named; the
 * thresholds in src/web/http-cache.ts come from it). Not a timed test: numbers depend on the
 * machine, and on a busy one the wall times grow while the loop's CPU times stay. The
 * bodies are synthetic program pages (talk cards with titles, speakers and abstracts drawn at
 * random, seeded, from the PyBay sample's words), so that they compress like real pages rather
 * than like one page repeated.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { buildCachedResponse } from '../src/web/http-cache.js';

const words = readFileSync(new URL('../samples/pybay-2016-talks.txt', import.meta.url), 'utf8')
  .split(/\s+/)
  .filter((word) => /^[\p{L}'-]{2,}$/u.test(word));

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A program page of about `bytes` bytes. */
export function syntheticPage(bytes: number, seed = 1): string {
  const next = random(seed);
  const pick = (n: number) => Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(' ');
  const parts = [
    '<!doctype html><html lang="en"><head><title>A large event</title></head><body><main><ul class="talks">',
  ];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const title = pick(3 + Math.floor(next() * 6));
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const card =
      `<li class="talk" id="t${i}"><a href="/big-event/talks/${slug}-${i}"><h3>${title}</h3></a>` +
      `<p class="speakers">${pick(2)}, ${pick(2)}</p><p class="meta"><span class="track">Track ${Math.floor(next() * 12)}</span> ` +
      `<time datetime="2026-07-${10 + Math.floor(next() * 4)}T${10 + Math.floor(next() * 8)}:${next() < 0.5 ? '00' : '30'}">` +
      `</time> Room ${Math.floor(next() * 30)}</p><p class="abstract">${pick(20 + Math.floor(next() * 60))}</p></li>`;
    parts.push(card);
    size += Buffer.byteLength(card);
  }
  parts.push('</ul></main></body></html>');
  return parts.join('');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timed(run: () => unknown, times: number): number {
  return median(
    Array.from({ length: times }, () => {
      const start = performance.now();
      run();
      return performance.now() - start;
    }),
  );
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

function brotli(body: Buffer, quality: number): Buffer {
  return brotliCompressSync(body, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
}

/** Where synchronous gzip 9 + brotli 11 stops being cheap. */
function smallBodies(): void {
  console.log('\nSynchronous compression at the best settings (median of 5):');
  console.log('body      gzip 9    brotli 11  both      brotli 5  sha256');
  for (const size of [4, 8, 16, 32, 48, 64, 96, 128, 256].map((k) => k * 1024)) {
    const body = Buffer.from(syntheticPage(size));
    const gzip = timed(() => gzipSync(body, { level: 9 }), 5);
    const br = timed(() => brotli(body, 11), 5);
    const br5 = timed(() => brotli(body, 5), 5);
    const sha = timed(() => createHash('sha256').update(body).digest(), 5);
    console.log(
      `${kb(size).padEnd(10)}${ms(gzip).padEnd(10)}${ms(br).padEnd(11)}${ms(gzip + br).padEnd(10)}${ms(br5).padEnd(10)}${ms(sha)}`,
    );
  }
}

/** Bytes and (thread) time of each setting on a large body. */
function largeBodies(sizes: number[], qualities: number[]): void {
  for (const size of sizes) {
    const body = Buffer.from(syntheticPage(size));
    console.log(
      `\n${kb(body.length)} body (sha256 ${ms(timed(() => createHash('sha256').update(body).digest(), 3))}):`,
    );
    for (const level of [6, 9]) {
      const start = performance.now();
      const out = gzipSync(body, { level });
      console.log(`  gzip ${level}:     ${kb(out.length).padEnd(10)} ${ms(performance.now() - start)}`);
    }
    for (const quality of qualities) {
      const start = performance.now();
      const out = brotli(body, quality);
      console.log(
        `  brotli ${String(quality).padEnd(3)}:  ${kb(out.length).padEnd(10)} ${ms(performance.now() - start)}`,
      );
    }
  }
}

/** CPU time of this thread alone (not the thread pool's), in ms: what the event loop spends. */
function loopCpu(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/**
 * The longest the event loop waited while buildCachedResponse built and compressed a body: a
 * 1 ms timer's longest gap (wall time, longer on a busy machine), and the CPU time this thread
 * spent (wall-independent: the event loop's own share of the work).
 */
async function loopBlock(size: number): Promise<void> {
  const text = syntheticPage(size);
  let longestTimerGap = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    longestTimerGap = Math.max(longestTimerGap, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 50));
  longestTimerGap = 0;
  const start = performance.now();
  const cpuAtStart = loopCpu();
  const response = buildCachedResponse(text, { contentType: 'text/html; charset=utf-8' });
  const returned = performance.now() - start;
  const cpuToReturn = loopCpu() - cpuAtStart;
  await response.compressed.pending;
  const ready = performance.now() - start;
  const cpuWhileCompressing = loopCpu() - cpuAtStart - cpuToReturn;
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(probe);
  const { br, gzip } = response.compressed;
  console.log(
    `${kb(Buffer.byteLength(text)).padEnd(10)} returned after ${ms(returned)} (loop CPU ${ms(cpuToReturn)}), ` +
      `compressed after ${ms(ready)} (loop CPU meanwhile ${ms(cpuWhileCompressing)}); ` +
      `longest timer gap ${ms(longestTimerGap)}; br ${br ? kb(br.length) : '-'}, gzip ${gzip ? kb(gzip.length) : '-'}`,
  );
}

const only = process.argv[2];
if (!only || only === 'small') smallBodies();
if (!only || only === 'large') largeBodies([5 * 1024 * 1024, 20 * 1024 * 1024], [4, 5, 6, 7]);
if (!only || only === 'loop') {
  console.log('\nbuildCachedResponse on large bodies:');
  // Three times each: on a shared machine the least of them is the nearest to the code's own cost.
  for (const size of [5 * 1024 * 1024, 20 * 1024 * 1024]) {
    for (let run = 0; run < 3; run++) await loopBlock(size);
    const text = syntheticPage(size);
    const encode = timed(() => Buffer.from(text, 'utf8'), 3);
    const body = Buffer.from(text, 'utf8');
    const hash = timed(() => createHash('sha256').update(body).digest(), 3);
    console.log(`  of which: the string to UTF-8 bytes ${ms(encode)}, sha256 (the ETag) ${ms(hash)} (medians of 3)`);
  }
}
