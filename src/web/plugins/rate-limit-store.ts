import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';

interface RateLimitState {
  current: number;
  ttl: number;
}
type Callback = (error: Error | null, state?: RateLimitState) => void;

/**
 * A @fastify/rate-limit store in PostgreSQL, so that a limit holds across all app instances:
 * ten login attempts are ten whichever instance answers them. One statement per hit.
 */
export function postgresRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    readonly #prefix: string;
    constructor(options: { routeInfo?: { method?: string; url?: string }; keysNamed?: boolean } = {}) {
      if (options.keysNamed) this.#prefix = '';
      else this.#prefix = options.routeInfo ? `${options.routeInfo.method} ${options.routeInfo.url}|` : 'global|';
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const id = `${this.#prefix}${key}`;
      db.execute(
        sql`
        insert into rate_limits (key, count, reset_at)
        values (${id}, 1, now() + ${timeWindow} * interval '1 millisecond')
        on conflict (key) do update set
          count = case when rate_limits.reset_at <= now() then 1 else rate_limits.count + 1 end,
          reset_at = case when rate_limits.reset_at <= now()
            then now() + ${timeWindow} * interval '1 millisecond' else rate_limits.reset_at end
        returning count, greatest(0, extract(epoch from (reset_at - now())) * 1000)::integer as ttl
      `,
      ).then(
        (result) => {
          const row = (result as unknown as { rows: { count: number; ttl: number }[] }).rows[0]!;
          callback(null, { current: Number(row.count), ttl: Number(row.ttl) });
        },
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // @fastify/rate-limit passes the route's limit settings, with the route itself as routeInfo:
      // each route counts on its own ("POST /login|203.0.113.9"). A limiter made apart from any
      // route (app.createRateLimit) has none: its keys name what they count themselves.
      const { routeInfo } = routeOptions as { routeInfo?: { method?: string | string[]; url?: string } };
      if (routeInfo?.url === undefined) return new PostgresRateLimitStore({ keysNamed: true });
      return new PostgresRateLimitStore({ routeInfo: { method: String(routeInfo.method), url: routeInfo.url } });
    }
  };
}
