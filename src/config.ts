import path from 'node:path';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from './db/client.js';
import { DEFAULT_TALK_SEARCH_LIMITS, type TalkSearchLimits } from './modules/program/index.js';

/**
 * The process configuration, read once from the environment.
 * Every variable is listed in the README's configuration table.
 */
export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL connection string; when unset, Lectern uses embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Import the bundled PyBay 2016 program into an empty database at start. */
  sampleData: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Log one line per request (off by default: a reverse proxy usually keeps access logs). */
  logRequests: boolean;
  /** The address people reach Lectern at, for links in mails; https makes cookies Secure. */
  publicUrl: string;
  /** Signs cookies; generated and kept in the database when unset. */
  secret: string | undefined;
  /** Where mail goes (smtp:// or smtps://); unset: mail is written to the log and kept in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Trust X-Forwarded-For from this many proxies in front (for rate limits by client address). */
  trustProxy: number;
  /**
   * Webhooks may go to this machine and private networks (http:// to loopback too): for
   * development and tests only, since organisers could otherwise reach internal services.
   */
  webhooksAllowLocal: boolean;
  /** The Bearer token /metrics asks for; unset, /metrics answers loopback only. */
  metricsToken: string | undefined;
  /** The limits every database connection works under (PostgreSQL; see DatabaseLimits). */
  database: DatabaseLimits;
  /** Talk searches running at once in this process, and how many more may wait for one to end. */
  search: TalkSearchLimits;
  /** Memory the published programs held for public pages may take, in MiB: the least recently asked for are dropped beyond it. */
  programMemoryMb: number;
  /** Events whose programs are loaded in the background after start, so that their first visitors do not wait. */
  warmEvents: number;
  /** What the response cache (built public pages and API answers) may hold, in MiB. */
  responseCacheMb: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be "on" or "off", got "${env[name]}"`);
}

function readWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function readPort(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT?.trim();
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function readDatabaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL (expected postgres://user@host:5432/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  return raw;
}

function readUrl(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function readMetricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.METRICS_TOKEN?.trim();
  if (!raw) return undefined;
  if (!/^[\x21-\x7e]{16,}$/.test(raw)) {
    throw new ConfigError(
      'METRICS_TOKEN must be at least 16 characters, without spaces (e.g. the output of `openssl rand -hex 24`)',
    );
  }
  return raw;
}

/** A whole number from `min` to `max`, or `fallback` when the variable is unset or blank. */

function readDatabaseLimits(env: NodeJS.ProcessEnv): DatabaseLimits {
  const d = DEFAULT_DATABASE_LIMITS;
  return {
    poolMax: readWholeNumber(env, 'LECTERN_DB_POOL_MAX', d.poolMax, 1, 1000),
    backgroundPoolMax: readWholeNumber(env, 'LECTERN_DB_BACKGROUND_POOL_MAX', d.backgroundPoolMax, 1, 1000),
    connectTimeoutMs: readWholeNumber(env, 'LECTERN_DB_CONNECT_TIMEOUT_MS', d.connectTimeoutMs, 1, 600_000),
    statementTimeoutMs: readWholeNumber(env, 'LECTERN_STATEMENT_TIMEOUT_MS', d.statementTimeoutMs, 0, 86_400_000),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const port = readPort(env);
  const host = env.HOST?.trim() || '127.0.0.1';
  const publicUrl =
    readUrl(env, 'LECTERN_PUBLIC_URL', ['http:', 'https:']) ??
    `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const secret = env.LECTERN_SECRET?.trim() || undefined;
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError(
      'LECTERN_SECRET must be at least 32 characters long (e.g. the output of `openssl rand -base64 48`)',
    );
  }
  const trustProxy = Number(env.TRUST_PROXY?.trim() || '0');
  if (!Number.isInteger(trustProxy) || trustProxy < 0 || trustProxy > 10) {
    throw new ConfigError(
      `TRUST_PROXY must be the number of proxies in front of Lectern (0 to 10), got "${env.TRUST_PROXY}"`,
    );
  }
  return {
    publicUrl: publicUrl.replace(/\/+$/, ''),
    secret,
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM?.trim() || 'Lectern <lectern@localhost>',
    trustProxy,
    port,
    host,
    databaseUrl: readDatabaseUrl(env),
    dataDir: path.resolve(env.LECTERN_DATA_DIR?.trim() || './data'),
    sampleData: readBoolean(env, 'LECTERN_SAMPLE_DATA', true),
    logLevel,
    logRequests: readBoolean(env, 'LOG_REQUESTS', false),
    webhooksAllowLocal: readBoolean(env, 'LECTERN_WEBHOOKS_ALLOW_LOCAL', false),
    metricsToken: readMetricsToken(env),
    database: readDatabaseLimits(env),
    search: {
      maxConcurrent: readWholeNumber(
        env,
        'LECTERN_SEARCH_CONCURRENCY',
        DEFAULT_TALK_SEARCH_LIMITS.maxConcurrent,
        1,
        1000,
      ),
      maxQueued: readWholeNumber(env, 'LECTERN_SEARCH_QUEUE', DEFAULT_TALK_SEARCH_LIMITS.maxQueued, 0, 10_000),
    },
    programMemoryMb: readWholeNumber(env, 'LECTERN_PROGRAM_MEMORY_MB', 256, 1, 1_048_576),
    warmEvents: readWholeNumber(env, 'LECTERN_WARM_EVENTS', 10, 0, 100_000),
    responseCacheMb: readWholeNumber(env, 'LECTERN_RESPONSE_CACHE_MB', 64, 1, 65_536),
  };
}
