import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import type { Agenda } from '../modules/agenda/index.js';
import { poolUsage, type PoolUsage } from '../db/health.js';
import { builtOnce, type ResponseCache } from './http-cache.js';

/**
 * The process's own metrics (CPU, memory, handles, garbage collection, event-loop lag), in a
 * registry of their own made once per process: they describe the process, not an app, and
 * prom-client's event-loop and GC monitors run for as long as the process does, so a process
 * that builds many apps (the tests build hundreds) must start them once.
 */
const processRegistry = builtOnce(() => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
});

/** From a millisecond (a page served from memory) to ten seconds (an import, a slow query). */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route label of a request no route matched (a 404): real routes start with "/". */
export const UNMATCHED_ROUTE = 'unmatched';

type RequestLabel = 'method' | 'route' | 'status_code';

/** The `pool` label of the pool gauges: the pool requests use, and the one background work uses. */
type PoolName = 'requests' | 'background';

/**
 * One app's metrics, in its own registry (so that building a second app never meets "metric
 * already registered"): requests by method, route pattern and status, their durations, the
 * response cache's hits, misses, evictions and size, and the PostgreSQL pools' connections. Gauges and counters
 * kept elsewhere are read when scraped, so serving costs nothing between scrapes.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<RequestLabel>;
  readonly #durations: Histogram<RequestLabel>;

  /** `db` is the pool requests use; `background` the one background work uses, when it has its own. */
  constructor(options: {
    cache: ResponseCache;
    db: Database;
    background?: Database | undefined;
    agenda?: Agenda | undefined;
  }) {
    const registers = [this.registry];
    processRegistry();
    // The route is its pattern (/:event/talks/:talk), never the address asked for: addresses are
    // unbounded, and each distinct label value is a series Prometheus keeps.
    this.#requests = new Counter({
      name: 'lectern_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    });
    this.#durations = new Histogram({
      name: 'lectern_http_request_duration_seconds',
      help: 'Time from receiving a request to its response sent, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: DURATION_BUCKETS,
      registers,
    });

    const { cache, db } = options;
    new Counter({
      name: 'lectern_response_cache_hits_total',
      help: 'Public pages and API answers served from memory.',
      registers,
      collect() {
        this.reset();
        this.inc(cache.hits);
      },
    });
    new Counter({
      name: 'lectern_response_cache_misses_total',
      help: 'Public pages and API answers that had to be built.',
      registers,
      collect() {
        this.reset();
        this.inc(cache.misses);
      },
    });
    new Counter({
      name: 'lectern_response_cache_evictions_total',
      help: 'Answers dropped from the response cache, least recently used first, to make room for others.',
      registers,
      collect() {
        this.reset();
        this.inc(cache.evictions);
      },
    });
    new Gauge({
      name: 'lectern_response_cache_entries',
      help: 'Answers held in the response cache.',
      registers,
      collect() {
        this.set(cache.size);
      },
    });
    new Gauge({
      name: 'lectern_response_cache_bytes',
      help: 'Bytes the response cache holds, all encodings together.',
      registers,
      collect() {
        this.set(cache.bytes);
      },
    });
    new Gauge({
      name: 'lectern_response_cache_budget_bytes',
      help: 'Bytes the response cache may hold (LECTERN_RESPONSE_CACHE_MB).',
      registers,
      collect() {
        this.set(cache.maxBytes);
      },
    });

    const { agenda } = options;
    if (agenda) {
      const usage = (read: (usage: Agenda['usage']) => number) =>
        function (this: Gauge | Counter) {
          const value = read(agenda.usage);
          if (this instanceof Counter) {
            this.reset();
            this.inc(value);
          } else this.set(value);
        };
      new Gauge({
        name: 'lectern_agenda_programs',
        help: 'Published programs held in memory for public pages.',
        registers,
        collect: usage((u) => u.programs),
      });
      new Gauge({
        name: 'lectern_agenda_bytes',
        help: 'Memory the programs held take, estimated, in bytes (LECTERN_PROGRAM_MEMORY_MB bounds it).',
        registers,
        collect: usage((u) => u.bytes),
      });
      new Gauge({
        name: 'lectern_agenda_budget_bytes',
        help: 'The memory the programs held may take, in bytes.',
        registers,
        collect: usage((u) => u.budgetBytes),
      });
      new Counter({
        name: 'lectern_agenda_loads_total',
        help: 'Programs loaded from the database: first asked for, changed, or asked for again after eviction.',
        registers,
        collect: usage((u) => u.loads),
      });
      new Counter({
        name: 'lectern_agenda_evictions_total',
        help: 'Programs dropped from memory to stay within the budget.',
        registers,
        collect: usage((u) => u.evictions),
      });
    }

    const candidates: [PoolName, Database | undefined][] = [
      ['requests', db],
      // On PGlite background work has the same database: one pool, counted once.
      ['background', options.background === db ? undefined : options.background],
    ];
    // Only on PostgreSQL: the embedded database has one connection and no pool.
    const pools = candidates.filter(
      (entry): entry is [PoolName, Database] => entry[1] !== undefined && poolUsage(entry[1]) !== undefined,
    );
    if (pools.length > 0) {
      const pool = (read: (usage: PoolUsage) => number) =>
        function (this: Gauge<'pool'>) {
          for (const [name, poolDb] of pools) this.set({ pool: name }, read(poolUsage(poolDb)!));
        };
      new Gauge({
        name: 'lectern_db_pool_connections',
        help: 'Connections a PostgreSQL pool holds open, idle ones included, by pool (requests, background).',
        labelNames: ['pool'],
        registers,
        collect: pool((usage) => usage.total),
      });
      new Gauge({
        name: 'lectern_db_pool_idle_connections',
        help: 'Open PostgreSQL connections waiting for a query, by pool (requests, background).',
        labelNames: ['pool'],
        registers,
        collect: pool((usage) => usage.idle),
      });
      new Gauge({
        name: 'lectern_db_pool_waiting_queries',
        help: 'Queries waiting for a PostgreSQL connection, by pool (requests, background): the pool is exhausted while this is above 0.',
        labelNames: ['pool'],
        registers,
        collect: pool((usage) => usage.waiting),
      });
    }
  }

  /** Counts one answered request; `route` is the matched route's pattern, undefined when none matched. */
  observe(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    const labels = { method, route: route ?? UNMATCHED_ROUTE, status_code: statusCode };
    this.#requests.inc(labels);
    this.#durations.observe(labels, seconds);
  }

  /** The Prometheus text exposition: the process's metrics, then the app's. */
  async render(): Promise<string> {
    return (await processRegistry().metrics()) + (await this.registry.metrics());
  }
}
