import { createHmac } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { events, talks, webhookDeliveries, webhookEndpoints, type WebhookEvent } from '../../src/db/schema.js';
import { changeTalkState } from '../../src/modules/program/index.js';
import {
  enqueueWebhook,
  verifyWebhookSignature,
  WebhookWorker,
  type WebhookLogger,
  type WebhookWorkerOptions,
} from '../../src/modules/webhooks/index.js';
import { testDatabase } from '../helpers/database.js';
import { createUser } from '../helpers/site.js';
import { HookReceiver } from './receiver.js';

const PUBLIC_URL = 'https://lectern.example.org';
const SECRET = 'whsec_test-secret-of-the-endpoint';
const NOW = 1_800_000_000;

function memoryLog(): WebhookLogger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (_details, message) => lines.push({ level: 'info', message }),
    warn: (_details, message) => lines.push({ level: 'warn', message }),
    error: (_details, message) => lines.push({ level: 'error', message }),
  };
}

const workers: WebhookWorker[] = [];
const receivers: HookReceiver[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

async function newReceiver(...statuses: number[]): Promise<HookReceiver> {
  const receiver = await new HookReceiver().answer(...statuses).start();
  receivers.push(receiver);
  return receiver;
}

/** Retries are due at once (backoff 0), the poll never fires on its own, the clock is fixed. */
async function newWorker(options: Partial<WebhookWorkerOptions> = {}) {
  const database = await testDatabase();
  const log = memoryLog();
  const worker = new WebhookWorker({
    database,
    publicUrl: PUBLIC_URL,
    log,
    allowLocal: true,
    backoffBaseMs: 0,
    pollIntervalMs: 3_600_000,
    now: () => NOW,
    ...options,
  });
  workers.push(worker);
  return { worker, log };
}

/** Conf 2030 with one endpoint at `url`, subscribed to `subscribed`. */
async function endpointAt(url: string, subscribed: WebhookEvent[] = ['proposal.state_changed', 'proposal.submitted']) {
  const { db } = await testDatabase();
  const [event] = await db
    .insert(events)
    .values({ slug: 'conf-2030', name: 'Conf 2030', timezone: 'Europe/Paris' })
    .returning();
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({ eventId: event!.id, url, events: subscribed, secret: SECRET })
    .returning();
  return { db, event: event!, endpoint: endpoint! };
}

async function deliveries() {
  const { db } = await testDatabase();
  return db.select().from(webhookDeliveries).orderBy(asc(webhookDeliveries.id));
}

async function ping(db: Awaited<ReturnType<typeof endpointAt>>['db'], eventId: number, n: number) {
  await db.transaction((tx) =>
    enqueueWebhook(tx, { eventId, type: 'proposal.submitted', data: { proposal: { code: `P${n}` } } }),
  );
}

describe('webhook worker', () => {
  it('POSTs a state change with its exact payload and headers, signed with the endpoint secret', async () => {
    const receiver = await newReceiver(204);
    const { db, event } = await endpointAt(`${receiver.url}/hooks/lectern?x=1`);
    const organiser = await createUser(db, { email: 'olga@example.com', name: 'Olga' });
    const [talk] = await db
      .insert(talks)
      .values({
        eventId: event.id,
        slug: 'proposal-ab12cd34',
        code: 'AB12CD34',
        title: 'Café “quoted”',
        state: 'submitted',
        position: 1,
      })
      .returning();
    await db.transaction((tx) =>
      changeTalkState(tx, { id: talk!.id, state: 'submitted' }, 'accepted', {
        role: 'organiser',
        userId: organiser.id,
      }),
    );
    const { worker } = await newWorker();

    await worker.deliverDue();

    const [row] = await deliveries();
    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0]!;
    const expectedBody =
      `{"event":"proposal.state_changed","id":"${row!.uuid}","created_at":"${row!.createdAt.toISOString()}",` +
      `"event_slug":"conf-2030","data":{"proposal":{"code":"AB12CD34","guid":"${talk!.guid}","title":"Café “quoted”",` +
      `"state":"accepted"},"previous_state":"submitted",` +
      `"links":{"orga":"https://lectern.example.org/orga/conf-2030/proposals/AB12CD34"}}}`;
    expect(hook.body).toBe(expectedBody);
    expect(hook.method).toBe('POST');
    expect(hook.path).toBe('/hooks/lectern?x=1');
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.headers['lectern-webhook-id']).toBe(row!.uuid);
    expect(hook.headers['lectern-webhook-timestamp']).toBe(String(NOW));
    const hmac = createHmac('sha256', SECRET).update(`${NOW}.${expectedBody}`).digest('hex');
    expect(hook.headers['lectern-webhook-signature']).toBe(`v1=${hmac}`);
    expect(verifyWebhookSignature(SECRET, String(NOW), hook.body, `v1=${hmac}`)).toBe(true);
    expect(verifyWebhookSignature('another secret', String(NOW), hook.body, `v1=${hmac}`)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(NOW + 1), hook.body, `v1=${hmac}`)).toBe(false);
    expect(row).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatus: 204,
      lastError: null,
      lockedUntil: null,
    });
  });

  it('writes no delivery when the change rolls back, and nothing reaches the receiver', async () => {
    const receiver = await newReceiver();
    const { db, event } = await endpointAt(receiver.url);
    const organiser = await createUser(db, { email: 'olga@example.com', name: 'Olga' });
    const [talk] = await db
      .insert(talks)
      .values({ eventId: event.id, slug: 'p-1', code: 'ROLLBACK', title: 'Undone', state: 'submitted', position: 1 })
      .returning();

    await expect(
      db.transaction(async (tx) => {
        await changeTalkState(tx, { id: talk!.id, state: 'submitted' }, 'rejected', {
          role: 'organiser',
          userId: organiser.id,
        });
        throw new Error('something after the change failed');
      }),
    ).rejects.toThrow('something after the change failed');
    const { worker } = await newWorker();
    await worker.deliverDue();

    expect(await deliveries()).toEqual([]);
    expect(receiver.received).toEqual([]);
    const [stored] = await db.select({ state: talks.state }).from(talks).where(eq(talks.id, talk!.id));
    expect(stored!.state).toBe('submitted');
  });

  it('writes deliveries only for endpoints subscribed to the change', async () => {
    const receiver = await newReceiver();
    const { db, event } = await endpointAt(receiver.url, ['release.published']);
    await ping(db, event.id, 1);
    expect(await deliveries()).toEqual([]);
  });

  it('retries after a 500 and delivers the same body with the same id', async () => {
    const receiver = await newReceiver(500, 200);
    const { db, event } = await endpointAt(receiver.url);
    await ping(db, event.id, 1);
    const { worker } = await newWorker();

    await worker.deliverDue();
    const [afterFirst] = await deliveries();
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });

    await worker.deliverDue();
    const [afterSecond] = await deliveries();
    expect(afterSecond).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect(receiver.received[1]!.headers['lectern-webhook-id']).toBe(afterFirst!.uuid);
    const [endpoint] = await db.select().from(webhookEndpoints);
    expect(endpoint).toMatchObject({ status: 'active', consecutiveFailures: 0 });
  });

  it('waits 2, 4, 8 … minutes between attempts by default', async () => {
    const receiver = await newReceiver(503);
    const { db, event } = await endpointAt(receiver.url);
    await ping(db, event.id, 1);
    const { worker } = await newWorker({ backoffBaseMs: undefined, random: () => 1 });

    await worker.deliverDue();

    const [row] = await deliveries();
    const wait = row!.nextAttemptAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan(110_000);
    expect(wait).toBeLessThanOrEqual(120_000);
    expect(receiver.received).toHaveLength(1);
  });

  it('pauses the endpoint when a delivery fails every attempt, and sends what waited once it is resumed', async () => {
    const receiver = await newReceiver(500);
    const { db, event, endpoint } = await endpointAt(receiver.url);
    await ping(db, event.id, 1);
    const { worker, log } = await newWorker({ maxAttempts: 3 });

    for (let i = 0; i < 3; i++) await worker.deliverDue();

    const [failed] = await deliveries();
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatus: 500 });
    const [paused] = await db.select().from(webhookEndpoints);
    expect(paused).toMatchObject({
      status: 'paused',
      consecutiveFailures: 3,
      pausedReason: 'Paused by Lectern: 3 attempts in a row failed, the last with "HTTP 500".',
    });
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      'webhook endpoint paused after repeated failures',
    ]);

    // A paused endpoint gets no new deliveries, and nothing waiting is sent.
    await ping(db, event.id, 2);
    await worker.deliverDue();
    expect(receiver.received).toHaveLength(3);
    expect(await deliveries()).toHaveLength(1);

    // Delivered before the pause: a pending one waits while paused, and goes once resumed.
    await db
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0 })
      .where(eq(webhookDeliveries.id, failed!.id));
    await worker.deliverDue();
    expect(receiver.received).toHaveLength(3);
    receiver.answer(200);
    await db
      .update(webhookEndpoints)
      .set({ status: 'active', pausedReason: null, pausedAt: null, consecutiveFailures: 0 })
      .where(eq(webhookEndpoints.id, endpoint.id));
    await worker.deliverDue();
    expect(receiver.received).toHaveLength(4);
    expect((await deliveries()).map((d) => d.status)).toEqual(['delivered']);
  });

  it('does not pause an endpoint that received another delivery during the failing one’s attempts', async () => {
    const receiver = await newReceiver(500, 500, 200, 500);
    const { db, event } = await endpointAt(receiver.url);
    await ping(db, event.id, 1);
    const { worker } = await newWorker({ maxAttempts: 3 });
    await worker.deliverDue();
    await worker.deliverDue();
    // A second delivery succeeds between the first one's second and third attempts.
    await db.update(webhookDeliveries).set({ nextAttemptAt: new Date(Date.now() + 3_600_000) });
    await ping(db, event.id, 2);
    await worker.deliverDue();
    await db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date() })
      .where(eq(webhookDeliveries.status, 'pending'));
    await worker.deliverDue();

    expect((await deliveries()).map((d) => [d.status, d.attempts])).toEqual([
      ['failed', 3],
      ['delivered', 1],
    ]);
    const [endpoint] = await db.select().from(webhookEndpoints);
    expect(endpoint).toMatchObject({ status: 'active', consecutiveFailures: 1 });
  });

  it('delivers each of many deliveries exactly once when two workers race', async () => {
    const receiver = await newReceiver();
    const { db, event } = await endpointAt(receiver.url);
    for (let n = 1; n <= 30; n++) await ping(db, event.id, n);
    const { worker: first } = await newWorker({ batchSize: 4 });
    const { worker: second } = await newWorker({ batchSize: 4 });

    await Promise.all([first.deliverDue(), second.deliverDue(), first.deliverDue(), second.deliverDue()]);

    const stored = await deliveries();
    expect(stored.map((d) => [d.status, d.attempts])).toEqual(stored.map(() => ['delivered', 1]));
    expect(receiver.received.map((r) => r.headers['lectern-webhook-id']).sort()).toEqual(
      stored.map((d) => d.uuid).sort(),
    );
    expect(
      receiver.received
        .map((r) => (JSON.parse(r.body) as { data: { proposal: { code: string } } }).data.proposal.code)
        .sort(),
    ).toEqual(Array.from({ length: 30 }, (_, i) => `P${i + 1}`).sort());
  });

  it('takes over a delivery whose worker died while sending it, and fails one that died on its last attempt', async () => {
    const receiver = await newReceiver();
    const { db, event } = await endpointAt(receiver.url);
    for (let n = 1; n <= 3; n++) await ping(db, event.id, n);
    const [crashed, leased, last] = await deliveries();
    await db
      .update(webhookDeliveries)
      .set({ status: 'sending', attempts: 1, lockedUntil: sql`now() - interval '1 minute'` })
      .where(eq(webhookDeliveries.id, crashed!.id));
    await db
      .update(webhookDeliveries)
      .set({ status: 'sending', attempts: 1, lockedUntil: sql`now() + interval '1 hour'` })
      .where(eq(webhookDeliveries.id, leased!.id));
    await db
      .update(webhookDeliveries)
      .set({ status: 'sending', attempts: 10, lockedUntil: sql`now() - interval '1 minute'` })
      .where(eq(webhookDeliveries.id, last!.id));
    const { worker } = await newWorker();

    await worker.deliverDue();

    expect((await deliveries()).map((d) => [d.status, d.attempts, d.lastError])).toEqual([
      ['delivered', 2, null],
      ['sending', 1, null],
      ['failed', 10, 'The delivery was interrupted (the app stopped while sending) on the last allowed attempt.'],
    ]);
    expect(receiver.received.map((r) => r.headers['lectern-webhook-id'])).toEqual([crashed!.uuid]);
  });

  it('gives back the rest of its batch when stopped during a POST, and finishes that one', async () => {
    const receiver = await newReceiver();
    const { db, event } = await endpointAt(receiver.url);
    for (let n = 1; n <= 3; n++) await ping(db, event.id, n);
    const { worker } = await newWorker();
    let stopped: Promise<void> | undefined;
    receiver.onRequest = () => (stopped ??= worker.stop());

    await worker.deliverDue();
    await stopped;

    expect(receiver.received).toHaveLength(1);
    expect((await deliveries()).map((d) => [d.status, d.attempts, d.lockedUntil])).toEqual([
      ['delivered', 1, null],
      ['pending', 0, null],
      ['pending', 0, null],
    ]);
  });

  it('does not follow a redirect: the attempt fails with the status', async () => {
    const receiver = await newReceiver(302);
    const { db, event } = await endpointAt(receiver.url);
    await ping(db, event.id, 1);
    const { worker } = await newWorker();

    await worker.deliverDue();

    expect(receiver.received.map((r) => r.path)).toEqual(['/']);
    const [row] = await deliveries();
    expect(row).toMatchObject({
      status: 'pending',
      lastStatus: 302,
      lastError: 'HTTP 302: redirects are not followed',
    });
  });

  it('refuses to deliver to a loopback address unless local delivery is allowed', async () => {
    const receiver = await newReceiver();
    const { db, event } = await endpointAt(receiver.url);
    await ping(db, event.id, 1);
    const { worker } = await newWorker({ allowLocal: false });

    await worker.deliverDue();

    expect(receiver.received).toEqual([]);
    const [row] = await deliveries();
    expect(row).toMatchObject({
      status: 'pending',
      lastStatus: null,
      lastError: 'refused: 127.0.0.1 is a private or local address',
    });
  });

  it('refuses a name that resolves to a loopback address', async () => {
    const receiver = await newReceiver();
    const { db, event } = await endpointAt(receiver.url.replace('127.0.0.1', 'localhost'));
    await ping(db, event.id, 1);
    const { worker } = await newWorker({ allowLocal: false });

    await worker.deliverDue();

    expect(receiver.received).toEqual([]);
    const [row] = await deliveries();
    expect(row!.lastError).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a private or local address$/);
  });
});
