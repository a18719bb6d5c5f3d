import { isMainThread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { evaluateAssignments } from './evaluate.js';
import { BENCH_SIZES, generateInstance } from './generate.js';
import type { ProposeProgress } from './propose.js';
import { proposeScheduleInWorker } from './worker.js';

/** The solver in a worker thread: progress as messages, the result at the end, a stop when asked. */

describe('proposeScheduleInWorker', () => {
  it('solves in a worker thread, reporting progress, and returns a valid schedule with its bound', async () => {
    const problem = generateInstance(BENCH_SIZES.S, 5);
    const progress: ProposeProgress[] = [];
    const result = await proposeScheduleInWorker(problem, {
      timeLimitMs: 3_000,
      seed: 1,
      onProgress: (p) => progress.push(p),
    });
    expect(isMainThread).toBe(true);
    expect(evaluateAssignments(problem, result.assignments)).toEqual({ terms: result.terms, violations: [] });
    expect(result.assignments).toHaveLength(30);
    expect(result.lowerBound).not.toBeNull();
    expect(result.terms.missed).toBeGreaterThanOrEqual(result.lowerBound!);
    // A bound of 0 (not proved in time on a busy machine) gives no gap: nothing is "within x%" of 0.
    const bound = result.lowerBound!;
    expect(result.gap).toBe(bound > 0 ? (result.terms.missed - bound) / bound : null);
    expect(progress.map((p) => p.phase)).toContain('bound');
  });

  it('stops when the signal is aborted and answers with the best schedule it had', async () => {
    const problem = generateInstance(BENCH_SIZES.M, 5);
    const controller = new AbortController();
    const started = performance.now();
    const result = await proposeScheduleInWorker(problem, {
      timeLimitMs: 120_000,
      seed: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.stoppedBy).toBe('signal');
    expect(evaluateAssignments(problem, result.assignments)).toEqual({ terms: result.terms, violations: [] });
    expect(result.terms.missed).toBeLessThanOrEqual(result.greedy.missed);
  });
});
