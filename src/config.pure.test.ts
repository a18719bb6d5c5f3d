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
