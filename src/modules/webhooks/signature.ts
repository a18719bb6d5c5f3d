import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature scheme (README, "Webhooks"): `v1=` and the hex HMAC-SHA256, keyed with the
 * endpoint's secret, of the timestamp (Unix seconds, as in the Lectern-Webhook-Timestamp
 * header), a full stop, and the body exactly as sent.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (and the tests do): recompute, compare in constant time. */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  if (!/^[0-9]{1,12}$/.test(timestamp)) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
