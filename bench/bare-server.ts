/**
 * The benchmark's yardsticks: a server that answers each recorded request with the very status,
 * headers and bytes Lectern gave, doing nothing else. It runs in its own process (forked by
 * bench/run.ts), so it never shares a thread with autocannon.
 *
 * `node:http` (the default) is the ceiling. `--fastify` answers through one bare Fastify 5 route
 * with Lectern's router options, which separates the cost of the framework from the cost of
 * Lectern's own code.
 *
 * Protocol: the parent sends { responses: RecordedResponse[] }; this process listens on a free
 * port of 127.0.0.1 and replies { port }. It exits when the parent goes away.
 */
import Fastify from 'fastify';
import http from 'node:http';
import { replayableHeaders, type RecordedResponse } from './raw-http.js';

interface Replay {
  statusCode: number;
  headers: string[];
  body: Buffer;
}

/** Fastify's default, and so Lectern's: with it the Keep-Alive header, and every byte on the wire, match. */
const KEEP_ALIVE_TIMEOUT = 72_000;

const keyOf = (path: string, ifNoneMatch: string | undefined) => `${path}\n${ifNoneMatch ?? ''}`;

function replaysOf(responses: RecordedResponse[]): Map<string, Replay> {
  const replays = new Map<string, Replay>();
  for (const r of responses) {
    replays.set(keyOf(r.path, r.ifNoneMatch), {
      statusCode: r.statusCode,
      headers: replayableHeaders(r.rawHeaders),
      body: Buffer.from(r.body, 'base64'),
    });
  }
  return replays;
}

function listening(server: http.Server): void {
  const address = server.address();
  if (typeof address === 'object' && address) process.send?.({ port: address.port });
}

function serveWithNodeHttp(replays: Map<string, Replay>): void {
  const server = http.createServer((request, response) => {
    const replay = replays.get(keyOf(request.url ?? '', request.headers['if-none-match']));
    if (!replay) {
      response.writeHead(404, { 'content-length': '0' }).end();
      return;
    }
    response.writeHead(replay.statusCode, replay.headers);
    response.end(replay.body);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT;
  server.listen(0, '127.0.0.1', () => listening(server));
}

async function serveWithFastify(replays: Map<string, Replay>): Promise<void> {
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 } });
  const headerObjects = new Map<Replay, Record<string, string>>();
  for (const replay of replays.values()) {
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < replay.headers.length; i += 2) headers[replay.headers[i]!] = replay.headers[i + 1]!;
    headerObjects.set(replay, headers);
  }
  app.get('/*', (request, reply) => {
    const replay = replays.get(keyOf(request.url, request.headers['if-none-match']));
    if (!replay) return reply.code(404).send();
    reply.code(replay.statusCode).headers(headerObjects.get(replay)!);
    // An empty Buffer would make Fastify add content-type and content-length to a 304; Lectern sends none.
    return replay.body.length === 0 ? reply.send() : reply.send(replay.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  listening(app.server);
}

if (!process.send) {
  console.error('bench/bare-server.ts is started by bench/run.ts, not by hand.');
  process.exit(1);
}
const useFastify = process.argv.includes('--fastify');
process.once('message', (message: { responses: RecordedResponse[] }) => {
  const replays = replaysOf(message.responses);
  if (useFastify) void serveWithFastify(replays);
  else serveWithNodeHttp(replays);
});
process.once('disconnect', () => process.exit(0));
// Exiting, rather than being killed by the signal, is what lets --cpu-prof write its profile.
process.once('SIGTERM', () => process.exit(0));
