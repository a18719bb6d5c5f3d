import { describe, expect, it } from 'vitest';
import { buildTestApp, importPyBay } from '../helpers/app.js';
import {
  Browser,
  createOrganiserUser,
  createUser,
  followVerificationLink,
  latestMailTo,
  linkInMail,
  TEST_PASSWORD,
} from '../helpers/site.js';
import { createCfpEvent } from './speaker-fixtures.js';

describe('accounts', () => {
  it('logs in with the right password, rotating the session, and shows the account page', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com', name: 'Ada' });
    const browser = new Browser(app);
    await browser.get('/login');
    const response = await browser.post('/login', {
      email: 'ADA@example.com ',
      password: TEST_PASSWORD,
      next: '/account',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account');
    const page = await browser.get('/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signed in as ada@example.com.');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a wrong password with 401 and the same message as for an unknown address', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const browser = new Browser(app);
    const wrong = await browser.post(
      '/login',
      { email: 'ada@example.com', password: 'nope nope nope' },
      { formUrl: '/login' },
    );
    const unknown = await browser.post(
      '/login',
      { email: 'who@example.com', password: 'nope nope nope' },
      { formUrl: '/login' },
    );
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('That email and password do not match an account.');
    expect(unknown.body).toContain('That email and password do not match an account.');
  });

  it('answers a form posted without its CSRF token with 403', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const browser = new Browser(app);
    const response = await browser.post(
      '/login',
      { email: 'ada@example.com', password: TEST_PASSWORD },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('This form was out of date or was not sent from this site.');
  });

  it('sends anonymous visitors of the back office to the login page and back', async () => {
    const { app, db } = await buildTestApp();
    await importPyBay(db);
    await createOrganiserUser(db, 'pybay-2016');
    const browser = new Browser(app);
    const response = await browser.get('/orga/pybay-2016');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Forga%2Fpybay-2016');
    await browser.post(
      '/login',
      { email: 'orga@example.com', password: TEST_PASSWORD, next: '/orga/pybay-2016' },
      { formUrl: '/login' },
    );
    const dashboard = await browser.get('/orga/pybay-2016');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('<h1>PyBay 2016</h1>');
  });

  it('keeps next in every log-in and sign-up link, the header’s too, and only for pages of this site', async () => {
    const { app, db } = await buildTestApp();
    await createCfpEvent(db);
    const browser = new Browser(app);
    const next = encodeURIComponent('/pycon-2099/cfp/submit');
    const login = await browser.get(`/login?next=${next}`);
    expect(login.body).toContain(`<a href="/login?next=${next}">Log in</a>`);
    expect(login.body).toContain(`<a href="/signup?next=${next}">Sign up</a>`);
    expect(login.body).toContain(`No account yet? <a href="/signup?next=${next}">Sign up</a>`);
    const signup = await browser.get(`/signup?next=${next}`);
    expect(signup.body).toContain(`<a href="/login?next=${next}">Log in</a>`);
    expect(signup.body).toContain(`<a href="/signup?next=${next}">Sign up</a>`);
    // A page open to visitors sends them back to itself.
    const cfp = await browser.get('/pycon-2099/cfp');
    expect(cfp.body).toContain(`<a href="/login?next=${encodeURIComponent('/pycon-2099/cfp')}">Log in</a>`);
    expect(cfp.body).toContain(`<a href="/signup?next=${encodeURIComponent('/pycon-2099/cfp')}">Sign up</a>`);
    // Another site's address is no next: the links fall back to the page's default.
    const elsewhere = await browser.get(`/signup?next=${encodeURIComponent('https://evil.example/')}`);
    expect(elsewhere.body).not.toContain('evil.example');
    expect(elsewhere.body).toContain('<a href="/signup?next=%2F">Sign up</a>');

    // Signing up with next lands there once the address is confirmed; with another site's, at home.
    await browser.post('/signup', {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      password: TEST_PASSWORD,
      next: '/pycon-2099/cfp/submit',
    });
    expect((await followVerificationLink(browser, db, 'grace@example.com')).headers.location).toBe(
      '/pycon-2099/cfp/submit',
    );
    // The used link's page offers to log in, still towards next.
    const used = await new Browser(app).get(
      linkInMail((await latestMailTo(db, 'grace@example.com'))!.body, '/signup/verify/'),
    );
    expect(used.statusCode).toBe(404);
    expect(used.body).toContain(`<a href="/login?next=${next}">Log in</a> to get a new one`);
    const other = new Browser(app);
    await other.post('/signup', {
      name: 'Mallory',
      email: 'mallory@example.com',
      password: TEST_PASSWORD,
      next: '//evil.example/x',
    });
    expect((await followVerificationLink(other, db, 'mallory@example.com')).headers.location).toBe('/');
  });

  it('ends the session at logout', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    await browser.get('/account');
    const out = await browser.post('/logout', {});
    expect(out.statusCode).toBe(303);
    const after = await browser.get('/account');
    expect(after.statusCode).toBe(303);
  });
});
