import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { eventMembers, events, users } from '../../src/db/schema.js';
import { announceSetupLink } from '../../src/first-run.js';
import { issueSetupToken } from '../../src/modules/accounts/index.js';
import { importPyBay, TEST_PUBLIC_URL, TEST_SECRET, testAppPerFile } from '../helpers/app.js';
import { Browser, createOrganiserUser } from '../helpers/site.js';
import { decodeEntities } from './html.js';

const world = testAppPerFile(importPyBay);

const INVALID =
  'This setup link does not work: it was used already, it expired, or Lectern has an organiser already. While there is no organiser, each start of the server logs a new link.';
const FORM = { name: 'Ada Lovelace', email: 'Ada@Example.com', password: 'correct horse battery staple' };

/** Text of the page as a visitor reads it, tags removed. */
function text(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

describe('the first run', () => {
  it('logs a one-time setup link while no organiser exists, and none once one does', async () => {
    const lines: string[] = [];
    const log = { info: (message: string) => lines.push(message) };
    const link = await announceSetupLink(world.db, log, TEST_PUBLIC_URL);
    expect(link).toMatch(/^http:\/\/lectern\.test\/setup\/[A-Za-z0-9_-]{43}$/);
    expect(lines).toEqual([
      `Set up Lectern: ${link}`,
      'No organiser yet: open the link above to create the first one (it works once, for 24 hours), or use npx lectern create-organiser.',
    ]);
    await createOrganiserUser(world.db, 'pybay-2016');
    lines.length = 0;
    expect(await announceSetupLink(world.db, log, TEST_PUBLIC_URL)).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it('issues no setup link while there is no event to organise', async () => {
    await world.db.delete(events);
    expect(await issueSetupToken(world.db)).toBeUndefined();
  });

  it('creates the first organiser of every event from the setup link, logs them in and spends the link', async () => {
    const token = (await issueSetupToken(world.db))!;
    const browser = new Browser(world.app);
    const form = await browser.get(`/setup/${token}`);
    expect(form.statusCode).toBe(200);
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    expect(text(form.body)).toContain("Set up Lectern Create the first organiser's account.");
    const created = await browser.post(`/setup/${token}`, FORM);
    expect([created.statusCode, created.headers.location]).toEqual([303, '/orga']);
    const home = await browser.get('/orga');
    expect(home.statusCode).toBe(200);
    expect(text(home.body)).toContain('Welcome, Ada Lovelace: you organise every event here now.');
    expect(text(home.body)).toContain('PyBay 2016');
    const [ada] = await world.db.select().from(users).where(eq(users.email, 'ada@example.com'));
    expect(ada!.emailVerifiedAt).not.toBeNull();
    const roles = await world.db.select({ role: eventMembers.role }).from(eventMembers);
    expect(roles).toEqual([{ role: 'organiser' }]);
    // Used once: the link answers 404, and so does a second post.
    const again = await new Browser(world.app).get(`/setup/${token}`);
    expect(again.statusCode).toBe(404);
    expect(text(again.body)).toContain(INVALID);
    expect((await browser.post(`/setup/${token}`, { ...FORM, email: 'eve@example.com' })).statusCode).toBe(404);
    expect(await world.db.$count(users)).toBe(1);
  });

  it('refuses a wrong, replaced or expired setup link with 404', async () => {
    const first = (await issueSetupToken(world.db))!;
    const second = (await issueSetupToken(world.db))!;
    const browser = new Browser(world.app);
    expect((await browser.get('/setup/not-the-token')).statusCode).toBe(404);
    expect((await browser.get(`/setup/${first}`)).statusCode).toBe(404);
    expect((await browser.get(`/setup/${second}`)).statusCode).toBe(200);
    const expired = (await issueSetupToken(world.db, new Date(Date.now() - 24 * 3_600_000 - 1000)))!;
    const page = await browser.get(`/setup/${expired}`);
    expect([page.statusCode, text(page.body).includes(INVALID)]).toEqual([404, true]);
  });

  it('refuses the setup link once an organiser exists, made with create-organiser say', async () => {
    const token = (await issueSetupToken(world.db))!;
    await createOrganiserUser(world.db, 'pybay-2016');
    const browser = new Browser(world.app);
    expect((await browser.get(`/setup/${token}`)).statusCode).toBe(404);
    expect((await browser.post(`/setup/${token}`, FORM)).statusCode).toBe(404);
  });

  it('refuses a setup form without its CSRF token, and a weak password or a bad address, naming the field', async () => {
    const token = (await issueSetupToken(world.db))!;
    const browser = new Browser(world.app);
    const forged = await browser.post(`/setup/${token}`, FORM, { csrf: false });
    expect(forged.statusCode).toBe(403);
    await browser.get(`/setup/${token}`);
    const weak = await browser.post(`/setup/${token}`, { ...FORM, password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(text(weak.body)).toContain('Password: must be at least 10 characters long');
    expect(weak.body).toContain('value="Ada Lovelace"');
    const guessable = await browser.post(`/setup/${token}`, { ...FORM, password: 'password1234' });
    expect(guessable.statusCode).toBe(400);
    expect(text(guessable.body)).toContain('Password: is too easy to guess');
    const address = await browser.post(`/setup/${token}`, { ...FORM, email: 'not an address' });
    expect(address.statusCode).toBe(400);
    expect(text(address.body)).toContain('Email: "not an address" is not an email address');
    expect(await world.db.$count(users)).toBe(0);
    // The link still works after refused forms.
    expect((await browser.get(`/setup/${token}`)).statusCode).toBe(200);
  });

  it('tells a visitor of /orga where the setup link is while no organiser exists, and asks for a login after', async () => {
    const page = await new Browser(world.app).get('/orga');
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain(
      'Lectern has no organiser yet. When the server started, it wrote a one-time setup link to its log, on a line that begins “Set up Lectern:”. Open that link to create the first organiser.',
    );
    await createOrganiserUser(world.db, 'pybay-2016');
    const after = await new Browser(world.app).get('/orga');
    expect([after.statusCode, after.headers.location]).toEqual([303, '/login?next=%2Forga']);
  });

  it('keeps the setup token out of request logs', async () => {
    const token = (await issueSetupToken(world.db))!;
    let logged = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const app = await buildApp({
      agenda: world.agenda,
      db: world.db,
      secret: TEST_SECRET,
      publicUrl: TEST_PUBLIC_URL,
      logRequests: true,
      logger: { level: 'info', stream },
    });
    try {
      expect((await app.inject({ method: 'GET', url: `/setup/${token}` })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    expect(logged).toContain('"url":"/setup/[redacted]"');
    expect(logged).not.toContain(token);
  });
});
