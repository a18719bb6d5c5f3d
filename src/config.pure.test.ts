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

describe('LECTERN_RESPONSE_CACHE_MB', () => {
  it('gives the response cache 64 MB unless set', () => {
    expect(loadConfig({}).responseCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ LECTERN_RESPONSE_CACHE_MB: ' ' }).responseCacheBytes).toBe(64 * 1024 * 1024);
  });

  it('is read in whole megabytes', () => {
    expect(loadConfig({ LECTERN_RESPONSE_CACHE_MB: ' 256\n' }).responseCacheBytes).toBe(256 * 1024 * 1024);
    expect(loadConfig({ LECTERN_RESPONSE_CACHE_MB: '1' }).responseCacheBytes).toBe(1024 * 1024);
  });

  it.each(['0', '-5', '1.5', '64MB', '65537', 'lots'])('refuses %j', (value) => {
    expect(() => loadConfig({ LECTERN_RESPONSE_CACHE_MB: value })).toThrow(
      new ConfigError(`LECTERN_RESPONSE_CACHE_MB must be a whole number of megabytes from 1 to 65536, got "${value}"`),
    );
  });
});
