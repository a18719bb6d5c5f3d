import { type ChildProcess, execFile, fork, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedResponse } from './raw-http.js';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** A process the benchmark started, with the tail of its output for when something goes wrong. */
export interface Started {
  name: string;
  child: ChildProcess;
  output(): string;
}

const OUTPUT_TAIL = 16_384;

function keepOutput(child: ChildProcess): () => string {
  let tail = '';
  const append = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => tail;
}

/** Asks the kernel for a free loopback port. Lectern logs nothing at LOG_LEVEL=warn, so we pick it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Lectern the way `npm start` does, but as `node --import tsx` directly, so the PID we
 * hold is the server's own and not a wrapper's. DATABASE_URL is dropped: the benchmark always
 * runs on a fresh embedded database holding only the sample program.
 */
export function startLectern(port: number, dataDir: string, nodeOptions: string[] = []): Started {
  return startLecternWith({ PORT: String(port), LECTERN_DATA_DIR: dataDir, LECTERN_SAMPLE_DATA: 'on' }, nodeOptions);
}

/**
 * Starts Lectern as startLectern does, on the settings given over the quiet defaults below
 * (a setting given as undefined is removed from the environment).
 */
export function startLecternWith(
  settings: Record<string, string | undefined>,
  nodeOptions: string[] = [],
  name = 'Lectern',
): Started {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LOG_REQUESTS: 'off',
    NODE_ENV: 'production',
    DATABASE_URL: undefined,
    ...settings,
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { name, child, output: keepOutput(child) };
}

/** Runs `lectern ARGS` on the benchmark's embedded database, before the server holds its lock. */
export async function runLecternCli(dataDir: string, args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, LECTERN_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin', 'lectern.js'), ...args], {
    cwd: ROOT,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

export type Yardstick = 'node:http' | 'fastify';

/** Forks a bare server (bench/bare-server.ts), hands it the recorded responses and resolves with its port. */
export async function startBareServer(
  responses: RecordedResponse[],
  kind: Yardstick = 'node:http',
  nodeOptions: string[] = [],
): Promise<{ started: Started; port: number }> {
  const child = fork(path.join(ROOT, 'bench', 'bare-server.ts'), kind === 'fastify' ? ['--fastify'] : [], {
    cwd: ROOT,
    execArgv: [...nodeOptions, '--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const started: Started = { name: `bare ${kind} server`, child, output: keepOutput(child) };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${started.name} did not start within 20 s`)), 20_000);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${started.name} exited with code ${code} before listening:\n${started.output()}`));
    });
    child.send({ responses });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { started, port };
}

/** Polls until `url` answers 200, failing early if the process dies first. */
export async function waitUntilAnswering(started: Started, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new Error(
        `${started.name} exited (${started.child.exitCode ?? started.child.signalCode}):\n${started.output()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`${started.name} did not answer ${url} within ${timeoutMs / 1000} s:\n${started.output()}`);
    }
    await sleep(200);
  }
}

/** Stops one process by its PID: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(started: Started, graceMs = 5_000): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!inTime) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * CPU seconds a process has used so far, from /proc (Linux only; undefined elsewhere).
 * Comparing a server's CPU with autocannon's shows which side was the bottleneck.
 */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
