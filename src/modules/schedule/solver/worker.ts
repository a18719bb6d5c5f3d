import { Worker } from 'node:worker_threads';
import type { ScheduleProblem } from './instance.js';
import type { ProposeProgress, ProposeResult } from './propose.js';

/**
 * Runs `proposeSchedule` in a worker thread, so that minutes of search never block the thread
 * that asked (a web server's, say): progress comes back as messages, an aborted signal asks the
 * worker to stop, and the worker answers with the best schedule it had.
 */

export interface WorkerOptions {
  timeLimitMs?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ProposeProgress) => void;
}

/** What the worker posts. */
export type WorkerMessage =
  | { type: 'progress'; progress: ProposeProgress }
  | { type: 'result'; result: ProposeResult }
  | { type: 'error'; message: string };

/** What the worker is started with. */
export interface WorkerInput {
  problem: ScheduleProblem;
  timeLimitMs?: number;
  seed?: number;
}

// The worker loads TypeScript through tsx's loader, as bin/lectern.js does: a worker inherits no
// loader from the thread that starts it (nor from vitest), so it registers one before importing.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });
`;

export function proposeScheduleInWorker(problem: ScheduleProblem, options: WorkerOptions = {}): Promise<ProposeResult> {
  return new Promise((resolve, reject) => {
    const input: WorkerInput = { problem, timeLimitMs: options.timeLimitMs, seed: options.seed };
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        tsx: import.meta.resolve('tsx/esm/api'),
        entry: new URL('./worker-thread.ts', import.meta.url).href,
        input,
      },
    });
    let settled = false;
    const stop = (): void => worker.postMessage('stop');
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    const finish = (): void => {
      settled = true;
      options.signal?.removeEventListener('abort', stop);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'result') {
        finish();
        resolve(message.result);
      } else {
        finish();
        reject(new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      finish();
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) {
        finish();
        reject(new Error(`the solver's worker stopped (exit code ${code}) without a result`));
      }
    });
  });
}
