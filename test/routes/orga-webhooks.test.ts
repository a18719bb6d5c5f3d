import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { talks, webhookDeliveries, webhookEndpoints } from '../../src/db/schema.js';
import { createApiToken, loadActor } from '../../src/modules/accounts/index.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import { WebhookWorker } from '../../src/modules/webhooks/index.js';
import { buildTestApp, TEST_PUBLIC_URL, TEST_SECRET } from '../helpers/app.js';
import { testDatabase } from '../helpers/database.js';
import { loggedIn } from '../helpers/site.js';
import { createMailEvents } from '../mail/fixtures.js';
import { HookReceiver } from '../webhooks/receiver.js';

const ALL_EVENTS = ['release.published', 'proposal.submitted', 'proposal.state_changed', 'talk.updated'];

const receivers: HookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

async function setUp() {
  const { app, db } = await buildTestApp();
  const team = await createMailEvents(db);
  return { app, db, ...team };
}

async function endpoints() {
  const { db } = await testDatabase();
  return db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id));
}

async function deliveries() {
  const { db } = await testDatabase();
  return db.select().from(webhookDeliveries).orderBy(asc(webhookDeliveries.id));
}

describe('the webhooks pages', () => {
  it('registers an https endpoint with a new secret and shows it, its events and status', async () => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/webhooks');

    const response = await browser.post('/orga/conf-2030/webhooks', {
      url: ' https://hooks.example.org/lectern?team=video ',
      events: ['talk.updated', 'release.published'],
    });

    const [endpoint] = await endpoints();
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/orga/conf-2030/webhooks/${endpoint!.id}`);
    expect(endpoint).toMatchObject({
      url: 'https://hooks.example.org/lectern?team=video',
      events: ['release.published', 'talk.updated'],
      status: 'active',
      pausedReason: null,
      consecutiveFailures: 0,
    });
    expect(endpoint!.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const page = await browser.get(response.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The endpoint is registered.');
    expect(page.body).toContain('<code>https://hooks.example.org/lectern?team=video</code>');
    expect(page.body).toContain(`value="${endpoint!.secret}"`);
    expect(page.body).toContain('<dd>release.published, talk.updated</dd>');
    expect(page.body).toContain('Nothing was sent to this endpoint yet.');
    const list = await browser.get('/orga/conf-2030/webhooks');
    expect(list.body).toContain(
      `<a href="/orga/conf-2030/webhooks/${endpoint!.id}">https://hooks.example.org/lectern?team=video</a>`,
    );
    expect(list.body).toContain('<span class="state state--accepted">Active</span>');
  });

  it.each([
    [
      'http://hooks.example.org/x',
      ALL_EVENTS,
      'url',
      'must start with https:// (webhooks carry signed data, never in clear text)',
    ],
    [
      'http://127.0.0.1:9000/x',
      ALL_EVENTS,
      'url',
      'must start with https:// (webhooks carry signed data, never in clear text)',
    ],
    ['ftp://hooks.example.org/x', ALL_EVENTS, 'url', 'must start with https://'],
    ['not an address', ALL_EVENTS, 'url', 'is not an address (expected https://host/path)'],
    ['https://10.1.2.3/x', ALL_EVENTS, 'url', 'points at a private or local address, which webhooks may not reach'],
    [
      'https://169.254.169.254/latest',
      ALL_EVENTS,
      'url',
      'points at a private or local address, which webhooks may not reach',
    ],
    ['https://[::1]/x', ALL_EVENTS, 'url', 'points at a private or local address, which webhooks may not reach'],
    ['https://localhost/x', ALL_EVENTS, 'url', 'points at a private or local address, which webhooks may not reach'],
    [
      'https://user:pw@hooks.example.org/x',
      ALL_EVENTS,
      'url',
      'may not contain a user name or password; authenticate by the signature',
    ],
    ['https://hooks.example.org/x', [], 'events', 'choose at least one event to send'],
    ['https://hooks.example.org/x', ['talk.updated', 'talk.deleted'], 'events', 'unknown event "talk.deleted"'],
  ])('refuses %s with %j: a 400 naming the field, and nothing stored', async (url, events, field, message) => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/webhooks');

    const response = await browser.post('/orga/conf-2030/webhooks', { url, events });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p class="error" id="${field}-error">${message.replaceAll('"', '&#34;')}</p>`);
    expect(await endpoints()).toEqual([]);
  });

  it('answers 400 naming the field for input no form sends', async () => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/webhooks');

    const response = await browser.post('/orga/conf-2030/webhooks', { url: `https://x.example/${'a'.repeat(4000)}` });
    const page = await browser.get('/orga/conf-2030/webhooks/abc');

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('url');
    expect(page.statusCode).toBe(400);
    expect(await endpoints()).toEqual([]);
  });

  it('writes a talk.updated delivery in the same transaction as an organiser’s edit of a talk', async () => {
    const { app, db, conf } = await setUp();
    const [talk] = await db
      .insert(talks)
      .values({
        eventId: conf.id,
        slug: 'fast-apis',
        code: 'FAST0001',
        title: 'Fast APIs',
        state: 'confirmed',
        position: 1,
      })
      .returning();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/webhooks');
    await browser.post('/orga/conf-2030/webhooks', { url: 'https://hooks.example.org/a', events: ['talk.updated'] });
    await browser.post('/orga/conf-2030/webhooks', {
      url: 'https://hooks.example.org/b',
      events: ['release.published'],
    });
    await browser.get('/orga/conf-2030/talks/FAST0001');

    const response = await browser.post('/orga/conf-2030/talks/FAST0001', {
      title: 'Faster APIs',
      description: 'How.',
      abstract: '',
      trackId: '',
      levelId: '',
      durationMinutes: '',
    });

    expect(response.statusCode).toBe(303);
    const [first] = await endpoints();
    const rows = await deliveries();
    expect(rows.map((d) => [d.endpointId, d.eventType, d.status, d.attempts])).toEqual([
      [first!.id, 'talk.updated', 'pending', 0],
    ]);
    expect(rows[0]!.data).toEqual({
      talk: { code: 'FAST0001', guid: talk!.guid, slug: 'fast-apis', title: 'Faster APIs', state: 'confirmed' },
      links: { talk: '/conf-2030/talks/fast-apis', orga: '/orga/conf-2030/talks/FAST0001' },
    });
  });

  it('sends a test ping to a local receiver, and shows the delivery in the log', async () => {
    const receiver = await new HookReceiver().start();
    receivers.push(receiver);
    const database = await testDatabase();
    const { db } = database;
    await createMailEvents(db);
    const agenda = new Agenda(db);
    await agenda.loadAll();
    const app = await buildApp({
      agenda,
      db,
      secret: TEST_SECRET,
      publicUrl: TEST_PUBLIC_URL,
      webhooksAllowLocal: true,
    });
    const worker = new WebhookWorker({
      database,
      publicUrl: TEST_PUBLIC_URL,
      allowLocal: true,
      log: { info() {}, warn() {}, error() {} },
      pollIntervalMs: 3_600_000,
    });
    try {
      const browser = await loggedIn(app, 'olga@example.com');
      await browser.get('/orga/conf-2030/webhooks');
      const created = await browser.post('/orga/conf-2030/webhooks', {
        url: `${receiver.url}/hook`,
        events: ['release.published'],
      });
      expect(created.statusCode).toBe(303);
      const [endpoint] = await endpoints();
      await browser.get(`/orga/conf-2030/webhooks/${endpoint!.id}`);

      const ping = await browser.post(`/orga/conf-2030/webhooks/${endpoint!.id}/ping`, {});
      await worker.deliverDue();

      expect(ping.statusCode).toBe(303);
      const [delivery] = await deliveries();
      expect(receiver.received).toHaveLength(1);
      expect(JSON.parse(receiver.received[0]!.body)).toEqual({
        event: 'ping',
        id: delivery!.uuid,
        created_at: delivery!.createdAt.toISOString(),
        event_slug: 'conf-2030',
        data: {
          message: 'A test from Lectern for Conf 2030.',
          endpoint: { id: endpoint!.id, events: ['release.published'] },
        },
      });
      const page = await browser.get(`/orga/conf-2030/webhooks/${endpoint!.id}`);
      expect(page.body).toContain('A test ping is on its way; reload this page to see how it went.');
      expect(page.body).toContain('<code>ping</code>');
      expect(page.body).toContain('<span class="state state--accepted">Delivered</span>');
      expect(page.body).toContain('<td>HTTP 200</td>');

      const again = await browser.post(
        `/orga/conf-2030/webhooks/${endpoint!.id}/deliveries/${delivery!.id}/send-again`,
        {},
      );
      await worker.deliverDue();
      expect(again.statusCode).toBe(303);
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[1]!.headers['lectern-webhook-id']).toBe(delivery!.uuid);
      expect((await deliveries()).map((d) => [d.status, d.attempts])).toEqual([['delivered', 2]]);
    } finally {
      await worker.stop();
      await app.close();
    }
  });

  it('sends again only a delivery of this endpoint that is not being sent, and resumes an endpoint Lectern paused', async () => {
    const { app, db, conf, other } = await setUp();
    const [endpoint, elsewhere] = await db
      .insert(webhookEndpoints)
      .values([
        {
          eventId: conf.id,
          url: 'https://hooks.example.org/a',
          events: ['talk.updated'],
          secret: 'whsec_a',
          status: 'paused',
          pausedReason: 'Paused by Lectern: 10 attempts in a row failed, the last with "HTTP 500".',
          pausedAt: new Date(),
          consecutiveFailures: 10,
        },
        { eventId: other.id, url: 'https://hooks.example.org/b', events: ['talk.updated'], secret: 'whsec_b' },
      ])
      .returning();
    const [sending] = await db
      .insert(webhookDeliveries)
      .values({
        uuid: sql`gen_random_uuid()`,
        endpointId: endpoint!.id,
        eventType: 'talk.updated',
        data: {},
        status: 'sending',
        attempts: 1,
      })
      .returning();
    const browser = await loggedIn(app, 'olga@example.com');
    const base = `/orga/conf-2030/webhooks/${endpoint!.id}`;
    const list = await browser.get('/orga/conf-2030/webhooks');
    expect(list.body).toContain(
      '<span class="state state--rejected">Paused</span><br/><small>Paused by Lectern: 10 attempts in a row failed, the last with &#34;HTTP 500&#34;.</small>',
    );

    const busy = await browser.post(`${base}/deliveries/${sending!.id}/send-again`, {});
    expect(busy.statusCode).toBe(303);
    expect((await browser.get(base)).body).toContain(
      '<p class="flash flash--error" role="status">This delivery is being sent right now; look again in a moment.</p>',
    );
    expect((await browser.post(`${base}/deliveries/999999/send-again`, {})).statusCode).toBe(404);
    // Another event's endpoint is not found under this event.
    expect((await browser.get(`/orga/conf-2030/webhooks/${elsewhere!.id}`)).statusCode).toBe(404);
    expect((await browser.post(`/orga/conf-2030/webhooks/${elsewhere!.id}/delete`, {})).statusCode).toBe(404);

    await browser.post(`${base}/resume`, {});
    const [resumed] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint!.id));
    expect(resumed).toMatchObject({ status: 'active', pausedReason: null, pausedAt: null, consecutiveFailures: 0 });
    expect(await endpoints()).toHaveLength(2);
  });

  it('pauses, resumes and deletes an endpoint, saying so', async () => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/webhooks');
    await browser.post('/orga/conf-2030/webhooks', { url: 'https://hooks.example.org/a', events: ALL_EVENTS });
    const [endpoint] = await endpoints();
    const base = `/orga/conf-2030/webhooks/${endpoint!.id}`;

    await browser.post(`${base}/pause`, {});
    const paused = await browser.get(base);
    expect(paused.body).toContain('The endpoint is paused: changes wait for it until you resume it.');
    expect(paused.body).toContain(
      '<span class="state state--rejected">Paused</span> <span>Paused by an organiser.</span>',
    );
    expect((await endpoints())[0]).toMatchObject({ status: 'paused', pausedReason: 'Paused by an organiser.' });

    await browser.post(`${base}/pause`, {});
    expect((await browser.get(base)).body).toContain(
      '<p class="flash flash--error" role="status">This endpoint is paused already.</p>',
    );

    await browser.post(`${base}/ping`, {});
    expect((await browser.get(base)).body).toContain(
      'A test ping waits: the endpoint is paused, and gets it once you resume it.',
    );

    await browser.post(`${base}/resume`, {});
    expect((await browser.get(base)).body).toContain('The endpoint is active again: what waited for it is sent now.');
    expect((await endpoints())[0]).toMatchObject({ status: 'active', pausedReason: null, pausedAt: null });

    const deleted = await browser.post(`${base}/delete`, {});
    expect(deleted.headers.location).toBe('/orga/conf-2030/webhooks');
    expect(await endpoints()).toEqual([]);
    expect(await deliveries()).toEqual([]);
    expect((await browser.get(base)).statusCode).toBe(404);
  });

  it.each([
    ['a reviewer of the event', 'rita@example.com'],
    ['the organiser of another event', 'otto@example.com'],
  ])('answers 403 to %s, on every page and action, and changes nothing', async (_who, email) => {
    const { app, db, conf } = await setUp();
    const [endpoint] = await db
      .insert(webhookEndpoints)
      .values({ eventId: conf.id, url: 'https://hooks.example.org/a', events: ['talk.updated'], secret: 'whsec_x' })
      .returning();
    const browser = await loggedIn(app, email);
    const base = `/orga/conf-2030/webhooks/${endpoint!.id}`;

    const statuses = [
      (await browser.get('/orga/conf-2030/webhooks')).statusCode,
      (await browser.get(base)).statusCode,
      ...(await Promise.all(
        ['/orga/conf-2030/webhooks', `${base}/ping`, `${base}/pause`, `${base}/delete`].map(
          async (url) =>
            (await browser.post(url, { url: 'https://x.example/', events: 'talk.updated' }, { formUrl: '/account' }))
              .statusCode,
        ),
      )),
    ];

    expect(statuses).toEqual([403, 403, 403, 403, 403, 403]);
    expect(await endpoints()).toEqual([endpoint]);
    expect(await deliveries()).toEqual([]);
    const page = await browser.get(base);
    expect(page.body).not.toContain('whsec_x');
  });
});

describe('the organiser API of webhooks', () => {
  async function apiSetUp() {
    const { app, db, conf, other, organiser } = await setUp();
    const actor = (await loadActor(db, organiser.id))!;
    const { token } = await createApiToken(db, actor, conf, 'hooks');
    const call = (method: 'GET' | 'POST', url: string, body?: object, bearer: string | null = token) =>
      app.inject({
        method,
        url,
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
        ...(body === undefined ? {} : { payload: body }),
      });
    return { db, conf, other, call };
  }

  it('registers an endpoint, answering 201 with its secret, and lists it without', async () => {
    const { call } = await apiSetUp();

    const created = await call('POST', '/api/events/conf-2030/webhooks', {
      url: 'https://hooks.example.org/api',
      events: ['proposal.submitted', 'release.published'],
    });
    const list = await call('GET', '/api/events/conf-2030/webhooks');

    const [stored] = await endpoints();
    expect(created.statusCode).toBe(201);
    const endpoint = {
      id: stored!.id,
      url: 'https://hooks.example.org/api',
      events: ['release.published', 'proposal.submitted'],
      status: 'active',
      pausedReason: null,
      createdAt: stored!.createdAt.toISOString(),
    };
    expect(created.json()).toEqual({ ...endpoint, secret: stored!.secret });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ endpoints: [endpoint] });
  });

  it('answers 400 naming the field for a bad address or event, 401 without a token, 403 at another event', async () => {
    const { call } = await apiSetUp();

    const http = await call('POST', '/api/events/conf-2030/webhooks', {
      url: 'http://x.example/',
      events: ['talk.updated'],
    });
    const unknown = await call('POST', '/api/events/conf-2030/webhooks', {
      url: 'https://x.example/',
      events: ['talk.deleted'],
    });
    const anonymous = await call('GET', '/api/events/conf-2030/webhooks', undefined, null);
    const elsewhere = await call('GET', '/api/events/other-2031/webhooks');

    expect(http.statusCode).toBe(400);
    expect(http.json()).toMatchObject({
      parameter: 'url',
      message: 'url: must start with https:// (webhooks carry signed data, never in clear text)',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('events');
    expect(anonymous.statusCode).toBe(401);
    expect(elsewhere.statusCode).toBe(403);
    expect(await endpoints()).toEqual([]);
  });
});
