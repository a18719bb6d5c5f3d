import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit.js';

class Busy extends Error {}

/** A task that runs until the test opens its gate, and says when it started. */
function gatedTask(log: string[], name: string) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    task: async () => {
      log.push(`${name} started`);
      await gate;
      log.push(`${name} ended`);
      return name;
    },
  };
}

/** Lets every queued microtask and promise reaction run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  it('runs at most maxConcurrent tasks at once, queues maxQueued more and refuses the rest at once', async () => {
    const limit = new ConcurrencyLimit({ maxConcurrent: 2, maxQueued: 1 }, () => new Busy('busy'));
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => gatedTask(log, name));

    const running = [limit.run(a!.task), limit.run(b!.task), limit.run(c!.task)];
    await expect(limit.run(d!.task)).rejects.toThrow(Busy);
    await settle();

    expect(log).toEqual(['a started', 'b started']);
    expect([limit.running, limit.queued]).toEqual([2, 1]);

    a!.open();
    await settle();
    expect(log).toEqual(['a started', 'b started', 'a ended', 'c started']);
    expect([limit.running, limit.queued]).toEqual([2, 0]);

    b!.open();
    c!.open();
    expect(await Promise.all(running)).toEqual(['a', 'b', 'c']);
    expect([limit.running, limit.queued]).toEqual([0, 0]);
  });

  it('gives a freed place to the first waiting, not to a newcomer', async () => {
    const limit = new ConcurrencyLimit({ maxConcurrent: 1, maxQueued: 1 }, () => new Busy('busy'));
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gatedTask(log, name));

    const first = limit.run(a!.task);
    const second = limit.run(b!.task);
    a!.open();
    await first;
    // b holds the place now; c arrives while b runs and the queue is empty again: it waits.
    const third = limit.run(c!.task);
    await settle();
    expect(log).toEqual(['a started', 'a ended', 'b started']);
    expect([limit.running, limit.queued]).toEqual([1, 1]);

    b!.open();
    c!.open();
    expect([await second, await third]).toEqual(['b', 'c']);
    expect(log).toEqual(['a started', 'a ended', 'b started', 'b ended', 'c started', 'c ended']);
  });

  it('frees the place of a task that fails', async () => {
    const limit = new ConcurrencyLimit({ maxConcurrent: 1, maxQueued: 0 }, () => new Busy('busy'));

    await expect(limit.run(() => Promise.reject(new Error('the query failed')))).rejects.toThrow('the query failed');

    expect(limit.running).toBe(0);
    expect(await limit.run(() => Promise.resolve('next'))).toBe('next');
  });

  it('refuses limits that would refuse everything or nothing', () => {
    expect(() => new ConcurrencyLimit({ maxConcurrent: 0, maxQueued: 1 }, () => new Busy())).toThrow(
      'maxConcurrent must be a whole number of at least 1, got 0',
    );
    expect(() => new ConcurrencyLimit({ maxConcurrent: 1, maxQueued: -1 }, () => new Busy())).toThrow(
      'maxQueued must be a whole number of at least 0, got -1',
    );
  });
});
