import { describe, expect, it } from 'vitest';
import { isNonPublicAddress, validateEndpointUrl } from './addresses.js';

describe('webhook addresses', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not an address',
  ])('finds %s not public', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])(
    'finds %s public',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(false);
    },
  );

  it('keeps an https address as WHATWG writes it, without its fragment', () => {
    expect(validateEndpointUrl(' https://Hooks.Example.org:8443/a b?x=1#frag ', { allowLocal: false })).toBe(
      'https://hooks.example.org:8443/a%20b?x=1',
    );
  });

  it('allows http:// to loopback only when local delivery is allowed', () => {
    expect(validateEndpointUrl('http://127.0.0.1:9000/hook', { allowLocal: true })).toBe('http://127.0.0.1:9000/hook');
    expect(validateEndpointUrl('http://localhost/hook', { allowLocal: true })).toBe('http://localhost/hook');
    expect(validateEndpointUrl('http://[::1]:81/', { allowLocal: true })).toBe('http://[::1]:81/');
    expect(() => validateEndpointUrl('http://10.0.0.1/hook', { allowLocal: true })).toThrow(
      'url: must start with https:// (webhooks carry signed data, never in clear text)',
    );
    expect(() => validateEndpointUrl('http://127.0.0.1/hook', { allowLocal: false })).toThrow(
      'url: must start with https://',
    );
  });

  it('refuses an empty address and one too long, naming the field', () => {
    expect(() => validateEndpointUrl('  ', { allowLocal: false })).toThrow(
      'url: give the address to send to (https://…)',
    );
    expect(() => validateEndpointUrl(`https://x.example/${'a'.repeat(2000)}`, { allowLocal: false })).toThrow(
      'url: is longer than 2000 characters',
    );
  });
});
