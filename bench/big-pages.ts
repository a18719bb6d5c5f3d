/**
 * How long the public pages of one big event take to build, the first time each is asked for:
 * `DATABASE_URL=… npx tsx bench/big-pages.ts EVENT [PATH…]` (paths relative to /EVENT; the
 * defaults are the pages whose size grows with the program). It builds the whole app on that
 * database, loads the event's program, then asks for each page twice through app.inject:
 * the first answer is rendered, compressed and kept; the second comes from the response cache.
 * Since rendering and compressing are one synchronous stretch, the first answer's time is how
 * long it held the event loop. The compression of the body alone (brotli 11 and gzip, as the
 * response cache does for a public page) is timed apart, so that the rendering shows too.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { Agenda } from '../src/modules/agenda/index.js';

const DEFAULT_PATHS = [
  '',
  '?page=2',
  '?track=data',
  '/speakers',
  '/speakers?page=2',
  '/tracks',
  '/tracks/data',
  '/search?q=data',
  '/search?q=data&page=2',
  '/agenda',
  '/embed',
  '/schedule',
  '/offline',
];
const API_PATHS = ['/api/events/EVENT/speakers', '/api/events/EVENT/pages', '/api/events/EVENT/talks'];

const [event = 'big', ...asked] = process.argv.slice(2);
const paths = asked.length
  ? asked.map((path) => (path.startsWith('/api/') ? path.replace('EVENT', event) : `/${event}${path}`))
  : [...DEFAULT_PATHS.map((path) => `/${event}${path}`), ...API_PATHS.map((path) => path.replace('EVENT', event))];

const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, migrate: false });
const agenda = new Agenda(handle.db);
const app = await buildApp({
  agenda,
  db: handle.db,
  secret: 'bench-secret-that-is-long-enough-for-cookies-0123456789',
  publicUrl: 'http://lectern.test',
});
await app.ready();

const began = performance.now();
await app.inject(`/${event}/brand.css`);
console.log(`program loaded in ${Math.round(performance.now() - began)} ms`);

function compressMs(body: Buffer): number {
  const start = performance.now();
  brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  gzipSync(body, { level: 9 });
  return performance.now() - start;
}

console.log('| page | status | body | first answer (ms) | of which compressing ≈ | rendering ≈ | cached (ms) |');
console.log('|---|---|---|---|---|---|---|');
for (const path of paths) {
  const headers = { 'accept-encoding': 'identity' };
  const start = performance.now();
  const first = await app.inject({ url: path, headers });
  const firstMs = performance.now() - start;
  const again = performance.now();
  await app.inject({ url: path, headers });
  const cachedMs = performance.now() - again;
  const body = first.rawPayload;
  // Search answers are compressed fast, not at brotli 11: their share is not estimated.
  const compressing = path.includes('/search') ? NaN : compressMs(body);
  const kb = (body.length / 1024).toFixed(0);
  console.log(
    `| ${path} | ${first.statusCode} | ${kb} KB | ${firstMs.toFixed(0)} | ${compressing.toFixed(0)} | ${(firstMs - compressing).toFixed(0)} | ${cachedMs.toFixed(1)} |`,
  );
}

await app.close();
await handle.close();
