import dns from 'node:dns';
import net from 'node:net';
import { InvalidInputError } from '../../shared/errors.js';

/**
 * Where webhooks may go. An endpoint's address is typed by an organiser but fetched by the
 * server, so it must not reach what only the server can: its own loopback, the private network
 * behind it, link-local addresses (cloud metadata at 169.254.169.254). Addresses are checked
 * where the connection is made (the DNS answer itself, so a name that resolves to a private
 * address later is refused too), and redirects are never followed.
 */

const MAX_URL_LENGTH = 2000;

/** Addresses that are not the public Internet's (IANA special-purpose registries). */
const NOT_PUBLIC = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is loopback, private, link-local or otherwise not on the public Internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return NOT_PUBLIC.check(mapped[1]!, 'ipv4');
  return NOT_PUBLIC.check(address, 'ipv6');
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));
}

/**
 * Checks an endpoint address as an organiser types it: an absolute `https://` URL without a
 * user name or password (they would end up in logs). With `allowLocal` (development and tests:
 * LECTERN_WEBHOOKS_ALLOW_LOCAL), `http://` to this machine's loopback is allowed too.
 * Returns the URL as WHATWG normalises it.
 */
export function validateEndpointUrl(raw: string, options: { allowLocal: boolean }): string {
  const text = raw.trim();
  if (text === '') throw new InvalidInputError('give the address to send to (https://…)', 'url');
  if (text.length > MAX_URL_LENGTH) throw new InvalidInputError(`is longer than ${MAX_URL_LENGTH} characters`, 'url');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError('is not an address (expected https://host/path)', 'url');
  }
  if (url.protocol === 'http:') {
    if (!(options.allowLocal && isLoopbackHost(url.hostname))) {
      throw new InvalidInputError('must start with https:// (webhooks carry signed data, never in clear text)', 'url');
    }
  } else if (url.protocol !== 'https:') {
    throw new InvalidInputError('must start with https://', 'url');
  }
  if (url.username || url.password) {
    throw new InvalidInputError('may not contain a user name or password; authenticate by the signature', 'url');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowLocal && (host === 'localhost' || (net.isIP(host) !== 0 && isNonPublicAddress(host)))) {
    throw new InvalidInputError('points at a private or local address, which webhooks may not reach', 'url');
  }
  url.hash = '';
  return url.toString();
}

/** A refused destination: never retried any differently, but reported like any failed attempt. */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for node:http(s) that refuses non-public answers: the check happens on the very
 * address the socket connects to, so DNS cannot answer one thing to a check and another later.
 */
export function guardedLookup(allowLocal: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = allowLocal ? undefined : addresses.find((a) => isNonPublicAddress(a.address));
      if (refused) {
        return callback(
          new RefusedAddressError(`${hostname} resolves to ${refused.address}, a private or local address`),
          [],
        );
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/** For an address that is an IP literal: node:net connects without asking `lookup`. */
export function refuseLiteralAddress(url: URL, allowLocal: boolean): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowLocal && net.isIP(host) !== 0 && isNonPublicAddress(host)) {
    throw new RefusedAddressError(`${host} is a private or local address`);
  }
}
