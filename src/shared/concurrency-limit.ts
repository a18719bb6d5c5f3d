/** How much of some work may run at once, and how much may wait for its turn. */
export interface ConcurrencyLimits {
  /** Tasks running at once (at least 1). */
  maxConcurrent: number;
  /** Tasks waiting for one of those to end; beyond them a task is refused at once. */
  maxQueued: number;
}

/**
 * Runs at most `maxConcurrent` tasks at once, lets at most `maxQueued` more wait (first come,
 * first served), and refuses the rest at once with the error `refuse` makes: a short queue
 * keeps a burst from failing, a bound keeps the wait (and memory) from growing without end.
 */
export class ConcurrencyLimit {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly limits: ConcurrencyLimits,
    private readonly refuse: () => Error,
  ) {
    if (!Number.isInteger(limits.maxConcurrent) || limits.maxConcurrent < 1) {
      throw new RangeError(`maxConcurrent must be a whole number of at least 1, got ${limits.maxConcurrent}`);
    }
    if (!Number.isInteger(limits.maxQueued) || limits.maxQueued < 0) {
      throw new RangeError(`maxQueued must be a whole number of at least 0, got ${limits.maxQueued}`);
    }
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for their turn. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `task` when its turn comes; rejects with the refusal at once when the queue is full too. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limits.maxConcurrent) {
      if (this.#waiting.length >= this.limits.maxQueued) throw this.refuse();
      // The task that ends hands its place over directly, so `running` never drops in between
      // and a newcomer cannot overtake those waiting.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
