import path from 'node:path';

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
  /** What the response cache (built public pages and API answers) may hold, in bytes. */
  responseCacheBytes: number;
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

/** The response cache's budget, in whole megabytes: 64 unless set. */
function readResponseCacheBytes(env: NodeJS.ProcessEnv): number {
  const raw = env.LECTERN_RESPONSE_CACHE_MB?.trim();
  if (raw === undefined || raw === '') return 64 * 1024 * 1024;
  const megabytes = Number(raw);
  if (!/^\d+$/.test(raw) || megabytes < 1 || megabytes > 65536) {
    throw new ConfigError(
      `LECTERN_RESPONSE_CACHE_MB must be a whole number of megabytes from 1 to 65536, got "${raw}"`,
    );
  }
  return megabytes * 1024 * 1024;
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
    responseCacheBytes: readResponseCacheBytes(env),
  };
}
