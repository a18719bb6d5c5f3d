import { parentPort, workerData } from 'node:worker_threads';
import { proposeSchedule } from './propose.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

// The worker's side (see worker.ts): solve, post progress and the result, stop when asked.
const port = parentPort!;
const { input } = workerData as { input: WorkerInput };
const controller = new AbortController();
port.on('message', (message) => {
  if (message === 'stop') controller.abort();
});
const post = (message: WorkerMessage): void => port.postMessage(message);

try {
  const result = await proposeSchedule(input.problem, {
    timeLimitMs: input.timeLimitMs,
    seed: input.seed,
    signal: controller.signal,
    onProgress: (progress) => post({ type: 'progress', progress }),
  });
  post({ type: 'result', result });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  port.close();
}
