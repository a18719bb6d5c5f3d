/** What the loop needs of the database handle (db/client.ts's DatabaseHandle has it). */
interface Listener {
  listen(channel: string, handler: () => void, onReconnect?: () => void): Promise<() => Promise<void>>;
}

export interface DueWorkLoopOptions {
  database: Listener;
  /** The NOTIFY channel a change that queues work signals on. */
  channel: string;
  /** Look for due work this often even without a notification (retries come due this way). */
  pollIntervalMs: number;
  /** Rows claimed per batch: a full batch means there may be more. */
  batchSize: number;
  /** Claims one batch of due rows and handles it; returns how many it claimed. */
  batch: () => Promise<number>;
  /** The batch could not be claimed (the database is unreachable, say): the next wake-up tries again. */
  onError: (error: unknown) => void;
}

/**
 * The scheduling both outboxes' workers share (mail and webhooks): woken by NOTIFY on their
 * channel and by a poll, they claim and handle batches until none is full, and their runs never
 * overlap. What a batch is, the worker says (`batch`); it checks `stopping` between rows.
 */
export class DueWorkLoop {
  readonly #options: DueWorkLoopOptions;
  #running: Promise<void> | undefined;
  #again = false;
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  #unlisten: (() => Promise<void>) | undefined;

  constructor(options: DueWorkLoopOptions) {
    this.#options = options;
  }

  /** True once stop was called: a batch gives back the rows it has not handled yet. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** Listens on the channel, polls, and handles what is due now. */
  async start(): Promise<void> {
    const wake = () => void this.runDue();
    this.#unlisten = await this.#options.database.listen(this.#options.channel, wake, wake);
    this.#timer = setInterval(wake, this.#options.pollIntervalMs);
    this.#timer.unref();
    wake();
  }

  /**
   * Handles every due row, in batches, and resolves when none is left. Called during a run, it
   * asks that run to look once more when it is done, and waits for that.
   */
  runDue(): Promise<void> {
    if (this.#stopping) return this.#running ?? Promise.resolve();
    this.#again = true;
    this.#running ??= this.#run();
    return this.#running;
  }

  /** Stops taking new work and waits for the run under way (which gives back the rest of its batch). */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#unlisten?.();
    await this.#running;
  }

  async #run(): Promise<void> {
    // Let runDue keep this promise before the run can end (and forget it).
    await Promise.resolve();
    try {
      while (this.#again && !this.#stopping) {
        this.#again = false;
        try {
          let claimed: number;
          do claimed = await this.#options.batch();
          while (claimed === this.#options.batchSize && !this.#stopping);
        } catch (error) {
          this.#options.onError(error);
        }
      }
    } finally {
      // In the same tick as the loop's last check: a wake-up after this starts a new run.
      this.#running = undefined;
    }
  }
}

/**
 * The wait before attempt `attempt + 1` of a row that failed: base, 2×base, 4×base, … capped
 * at `maxMs`, then "equal jitter" (between half and all of it) so that rows that failed
 * together (a mail server or a receiver down) do not all come back at the same moment.
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
