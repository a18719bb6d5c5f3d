import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('METRICS_TOKEN', () => {
  it('is unset by default: metrics answer loopback only', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: '  ' }).metricsToken).toBeUndefined();
  });

  it('is kept, trimmed, when it is at least 16 characters without spaces', () => {
    expect(loadConfig({ METRICS_TOKEN: ' 0123456789abcdef\n' }).metricsToken).toBe('0123456789abcdef');
  });

  it.each(['short-token', 'sixteen chars ok?', 'tab\tin-the-middle-of-it'])('refuses %j', (token) => {
    expect(() => loadConfig({ METRICS_TOKEN: token })).toThrow(
      new ConfigError(
        'METRICS_TOKEN must be at least 16 characters, without spaces (e.g. the output of `openssl rand -hex 24`)',
      ),
    );
  });
});

describe('database limits', () => {
  it('default to a pool of 10, a background pool of 2, 5 s to wait for a connection and 30 s per statement', () => {
    expect(loadConfig({}).database).toEqual({
      poolMax: 10,
      backgroundPoolMax: 2,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 30_000,
    });
  });

  it('are read from their variables, a statement timeout of 0 turning it off', () => {
    expect(
      loadConfig({
        LECTERN_DB_POOL_MAX: '20',
        LECTERN_DB_BACKGROUND_POOL_MAX: ' 3 ',
        LECTERN_DB_CONNECT_TIMEOUT_MS: '250',
        LECTERN_STATEMENT_TIMEOUT_MS: '0',
      }).database,
    ).toEqual({ poolMax: 20, backgroundPoolMax: 3, connectTimeoutMs: 250, statementTimeoutMs: 0 });
  });

  it.each([
    ['LECTERN_DB_POOL_MAX', '0', 'LECTERN_DB_POOL_MAX must be a whole number from 1 to 1000, got "0"'],
    [
      'LECTERN_DB_BACKGROUND_POOL_MAX',
      'two',
      'LECTERN_DB_BACKGROUND_POOL_MAX must be a whole number from 1 to 1000, got "two"',
    ],
    [
      'LECTERN_DB_CONNECT_TIMEOUT_MS',
      '1.5',
      'LECTERN_DB_CONNECT_TIMEOUT_MS must be a whole number from 1 to 600000, got "1.5"',
    ],
    [
      'LECTERN_STATEMENT_TIMEOUT_MS',
      '-1',
      'LECTERN_STATEMENT_TIMEOUT_MS must be a whole number from 0 to 86400000, got "-1"',
    ],
  ])('refuses %s=%j', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(message));
  });
});

describe('search limits', () => {
  it('default to 2 searches at once and 8 waiting', () => {
    expect(loadConfig({}).search).toEqual({ maxConcurrent: 2, maxQueued: 8 });
  });

  it('are read from LECTERN_SEARCH_CONCURRENCY and LECTERN_SEARCH_QUEUE, a queue of 0 refusing at once', () => {
    expect(loadConfig({ LECTERN_SEARCH_CONCURRENCY: '4', LECTERN_SEARCH_QUEUE: '0' }).search).toEqual({
      maxConcurrent: 4,
      maxQueued: 0,
    });
  });

  it('refuse no search at all', () => {
    expect(() => loadConfig({ LECTERN_SEARCH_CONCURRENCY: '0' })).toThrow(
      new ConfigError('LECTERN_SEARCH_CONCURRENCY must be a whole number from 1 to 1000, got "0"'),
    );
  });
});

describe('LECTERN_RESPONSE_CACHE_MB', () => {
  it('gives the response cache 64 MiB unless set', () => {
    expect(loadConfig({}).responseCacheMb).toBe(64);
    expect(loadConfig({ LECTERN_RESPONSE_CACHE_MB: ' ' }).responseCacheMb).toBe(64);
    expect(loadConfig({ LECTERN_RESPONSE_CACHE_MB: ' 256\n' }).responseCacheMb).toBe(256);
  });

  it.each(['0', '-5', '1.5', '64MB', '65537', 'lots'])('refuses %j', (value) => {
    expect(() => loadConfig({ LECTERN_RESPONSE_CACHE_MB: value })).toThrow(
      new ConfigError(`LECTERN_RESPONSE_CACHE_MB must be a whole number from 1 to 65536, got "${value}"`),
    );
  });
});
