/**
 * The part of autocannon 8's programmatic API the benchmark uses (the package ships no types).
 * Shapes follow node_modules/autocannon/README.md ("API" and "Results").
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      pipelining?: number;
      /** Seconds to wait for a response before counting a timeout. */
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      title?: string;
      /** Resolve with a RawResult, to be merged with others by aggregateResult. */
      skipAggregateResult?: boolean;
    }

    /** Percentiles and moments of one statistic; latency is in milliseconds. */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p2_5: number;
      p50: number;
      p75: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
    }

    interface Result {
      title?: string;
      url: string;
      latency: Histogram;
      /** Requests completed per second (one sample a second). */
      requests: Histogram & { sent: number };
      /** Bytes received per second, headers included. */
      throughput: Histogram;
      /** Seconds. */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      statusCodeStats: Record<string, { count: number }>;
      connections: number;
      pipelining: number;
    }

    /** One run's counts and encoded histograms, before aggregation (skipAggregateResult). */
    interface RawResult {
      totalCompletedRequests: number;
      totalRequests: number;
      totalBytes: number;
      /** Seconds. */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
    }

    interface Instance<R = Result> extends EventEmitter, PromiseLike<R> {
      stop(): void;
    }

    /** Merges raw results; only latency and the counts are meaningful in the merged result. */
    function aggregateResult(results: RawResult[], options: Options): Result;
  }

  function autocannon(
    options: autocannon.Options & { skipAggregateResult: true },
  ): autocannon.Instance<autocannon.RawResult>;
  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
