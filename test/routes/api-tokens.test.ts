import { describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/db/schema.js';
import { actorForApiToken, isOrganiser } from '../../src/modules/accounts/index.js';
import { hashToken } from '../../src/shared/tokens.js';
import { buildTestApp } from '../helpers/app.js';
import { loggedIn } from '../helpers/site.js';
import { createMailEvents } from '../mail/fixtures.js';

const PAGE = '/orga/conf-2030/api-tokens';

async function setUp() {
  const { app, db } = await buildTestApp();
  const team = await createMailEvents(db);
  return { app, db, ...team };
}

function secretIn(body: string): string {
  const match = /id="token-secret" type="text" readonly value="(lct_[A-Za-z0-9_-]+)"/.exec(body);
  if (!match) throw new Error('no token on the page');
  return match[1]!;
}

describe('the API tokens page', () => {
  it('creates a token and shows its secret once, on the answer to the form', async () => {
    const { app, db, conf, organiser } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);

    const created = await browser.post(PAGE, { name: 'Schedule export' });

    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body).toContain('Copy it now: it is shown only this once.');
    const token = secretIn(created.body);
    const [row] = await db.select().from(apiTokens);
    expect(row).toMatchObject({
      eventId: conf.id,
      userId: organiser.id,
      name: 'Schedule export',
      tokenHash: hashToken(token),
      prefix: token.slice(0, 10),
    });
    const later = await browser.get(PAGE);
    expect(later.body).not.toContain(token);
    expect(later.body).toContain('<td>Schedule export</td>');
    expect(later.body).toContain(`<code>${token.slice(0, 10)}…</code>`);
    expect(later.body).toContain('<td>olga@example.com</td>');
    expect(later.body).toContain('<td>never</td>');
    const found = await actorForApiToken(db, token);
    expect(found?.eventId).toBe(conf.id);
    expect(isOrganiser(found?.actor, conf.id)).toBe(true);
    expect((await browser.get(PAGE)).body).not.toContain('<td>never</td>');
  });

  it('refuses a token without a name, and creates nothing', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);

    const response = await browser.post(PAGE, { name: '   ' });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Name: give the token a name of 1 to 80 characters');
    expect(await db.select().from(apiTokens)).toEqual([]);
  });

  it('revokes a token: it opens nothing any more, and the list says since when', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);
    const token = secretIn((await browser.post(PAGE, { name: 'Script' })).body);
    const [row] = await db.select().from(apiTokens);
    const call = () =>
      app.inject({
        method: 'GET',
        url: '/api/events/conf-2030/proposals',
        headers: { authorization: `Bearer ${token}` },
      });
    const before = await call();

    const revoked = await browser.post(`${PAGE}/${row!.id}/revoke`, {});

    expect(before.statusCode).toBe(200);
    expect(revoked.statusCode).toBe(303);
    expect(await actorForApiToken(db, token)).toBeUndefined();
    expect((await call()).statusCode).toBe(401);
    const page = await browser.get(PAGE);
    expect(page.body).toContain('The token is revoked: calls made with it are refused from now on.');
    expect(page.body).toMatch(
      /<td><span>Revoked [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d GMT\+[12]<\/span><\/td>/,
    );
  });

  it('answers 404 when revoking a token twice', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);
    await browser.post(PAGE, { name: 'Script' });
    const [row] = await db.select().from(apiTokens);
    await browser.post(`${PAGE}/${row!.id}/revoke`, {}, { formUrl: PAGE });

    const again = await browser.post(`${PAGE}/${row!.id}/revoke`, {}, { formUrl: PAGE });

    expect(again.statusCode).toBe(404);
  });

  it("does not let the organiser of another event list or revoke this event's tokens", async () => {
    const { app, db } = await setUp();
    const olga = await loggedIn(app, 'olga@example.com');
    await olga.get(PAGE);
    const token = secretIn((await olga.post(PAGE, { name: 'Script' })).body);
    const [row] = await db.select().from(apiTokens);
    const otto = await loggedIn(app, 'otto@example.com');

    const list = await otto.get(PAGE);
    const revoke = await otto.post(`${PAGE}/${row!.id}/revoke`, {}, { formUrl: '/account' });
    const viaOwnEvent = await otto.post(
      `/orga/other-2031/api-tokens/${row!.id}/revoke`,
      {},
      { formUrl: '/orga/other-2031/api-tokens' },
    );

    expect([list.statusCode, revoke.statusCode, viaOwnEvent.statusCode]).toEqual([403, 403, 404]);
    expect(await actorForApiToken(db, token)).toBeDefined();
  });

  it('answers 403 to a reviewer, and creates nothing', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'rita@example.com');

    const list = await browser.get(PAGE);
    const create = await browser.post(PAGE, { name: 'Mine' }, { formUrl: '/account' });

    expect([list.statusCode, create.statusCode]).toEqual([403, 403]);
    expect(await db.select().from(apiTokens)).toEqual([]);
  });

  it('does not let a token create tokens: on the back office a token is no login', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);
    const token = secretIn((await browser.post(PAGE, { name: 'Script' })).body);

    const response = await app.inject({
      method: 'POST',
      url: PAGE,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=Another',
    });

    // Without a session it is an anonymous form post, without the form's CSRF token.
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('This form was out of date or was not sent from this site.');
    expect((await db.select().from(apiTokens)).map((t) => t.name)).toEqual(['Script']);
  });
});
