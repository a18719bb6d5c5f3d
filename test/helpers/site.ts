import type { LightMyRequestResponse } from 'fastify';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { eventMembers, events, outbox, type TeamRole } from '../../src/db/schema.js';
import { hashPassword } from '../../src/modules/accounts/passwords.js';
import { users } from '../../src/db/schema.js';
import type { App } from '../../src/web/types.js';
import { TEST_PUBLIC_URL } from './app.js';

/**
 * Factories and a browser-like client for the signed-in site: accounts with roles, and a
 * cookie jar that logs in through the real login form and posts forms with their CSRF token.
 */

export const TEST_PASSWORD = 'a perfectly long password';

/** Hashing with argon2 takes a while: one hash, reused by every test user. */
let passwordHash: Promise<string> | undefined;

/**
 * An account. With a password it is verified (its owner proved the address) unless the trait
 * `verified: false` says otherwise; without one it is an invited address that has not yet.
 */
export async function createUser(
  db: Database,
  traits: { email: string; name?: string; password?: boolean; verified?: boolean },
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const verified = traits.verified ?? traits.password !== false;
  const [user] = await db
    .insert(users)
    .values({
      email: traits.email.toLowerCase(),
      name: traits.name ?? traits.email.split('@')[0]!,
      passwordHash: traits.password === false ? null : await passwordHash,
      emailVerifiedAt: verified ? new Date() : null,
    })
    .returning();
  return user!;
}

/** The newest mail queued for an address (undefined when there is none). */
export async function latestMailTo(db: Database, email: string) {
  const [mail] = await db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, email.toLowerCase()))
    .orderBy(desc(outbox.id))
    .limit(1);
  return mail;
}

/** The site path of the first link in a mail's text that starts with `prefix` ("/signup/verify/"). */
export function linkInMail(body: string, prefix: string): string {
  const match = new RegExp(`https?://[^/\\s]+(${prefix.replace(/[/]/g, '\\/')}[^\\s]+)`).exec(body);
  if (!match) throw new Error(`no ${prefix} link in the mail:\n${body}`);
  return match[1]!;
}

/**
 * Signs up through the real form, then follows the verification link mailed to the address,
 * as its owner would: the account is verified and the browser logged in. Returns the answer
 * to the confirmation (a 303 to `next`).
 */
export async function signUpAndVerify(
  browser: Browser,
  db: Database,
  person: { name: string; email: string; password?: string; next?: string },
): Promise<LightMyRequestResponse> {
  const next = person.next ?? '/';
  await browser.get(`/signup?next=${encodeURIComponent(next)}`);
  const signup = await browser.post('/signup', {
    name: person.name,
    email: person.email,
    password: person.password ?? TEST_PASSWORD,
    next,
  });
  if (signup.statusCode !== 303) throw new Error(`signup as ${person.email} failed: ${signup.statusCode}`);
  return followVerificationLink(browser, db, person.email);
}

/** Opens the newest verification link mailed to `email` and confirms it. */
export async function followVerificationLink(
  browser: Browser,
  db: Database,
  email: string,
): Promise<LightMyRequestResponse> {
  const mail = await latestMailTo(db, email);
  if (!mail) throw new Error(`no mail to ${email}`);
  const link = linkInMail(mail.body, '/signup/verify/');
  const page = await browser.get(link);
  if (page.statusCode !== 200) throw new Error(`the verification link answered ${page.statusCode}`);
  const confirmed = await browser.post(link, {});
  if (confirmed.statusCode !== 303) throw new Error(`confirming the address failed: ${confirmed.statusCode}`);
  return confirmed;
}

export async function addToTeam(
  db: Database,
  eventSlug: string,
  userId: number,
  role: TeamRole,
  trackIds: number[] = [],
) {
  const [event] = await db.select().from(events).where(eq(events.slug, eventSlug));
  if (!event) throw new Error(`no event ${eventSlug}`);
  await db.insert(eventMembers).values({ eventId: event.id, userId, role, trackIds });
}

export async function createOrganiserUser(db: Database, eventSlug: string, email = 'orga@example.com') {
  const user = await createUser(db, { email, name: 'Olga Organiser' });
  await addToTeam(db, eventSlug, user.id, 'organiser');
  return user;
}

/** A browser: keeps cookies, reads CSRF tokens from the forms it is shown. */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(readonly app: App) {}

  get #loggedIn(): boolean {
    return [...this.cookies.keys()].some((name) => name.endsWith('lectern_session'));
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  #remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()))
        this.cookies.delete(cookie.name);
      // Kept as sent: light-my-request hands cookie values over decoded.
      else this.cookies.set(cookie.name, encodeURIComponent(cookie.value));
    }
    // A new CSRF secret (set at login and logout) makes the tokens of earlier pages void.
    if (response.cookies.some((cookie) => cookie.name.endsWith('lectern_csrf'))) this.csrf = undefined;
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match) this.csrf = match[1];
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader, ...headers } });
    this.#remember(response);
    return response;
  }

  /** Posts a form as a browser would, with the CSRF token of the last page shown (or fetched from `formUrl`). */
  async post(url: string, form: Record<string, string | string[]>, options: { formUrl?: string; csrf?: boolean } = {}) {
    if (options.csrf !== false && (options.formUrl || !this.csrf)) {
      if (options.formUrl) await this.get(options.formUrl);
      // Any form of the site will do: the login page for a visitor, the account page once
      // logged in (the login page only redirects then).
      if (!this.csrf || !options.formUrl) await this.get(this.#loggedIn ? '/account' : '/login');
    }
    const body = new URLSearchParams();
    if (options.csrf !== false && this.csrf) body.append('_csrf', this.csrf);
    for (const [name, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      // Browsers name the page's origin with every POST; the public site's forms check it.
      headers: {
        cookie: this.cookieHeader,
        'content-type': 'application/x-www-form-urlencoded',
        origin: TEST_PUBLIC_URL,
      },
      payload: body.toString(),
    });
    this.#remember(response);
    return response;
  }

  /**
   * Posts a form with a file as a browser does (multipart/form-data, built by the platform's
   * FormData), with the CSRF token of the last page shown unless `csrf: false`.
   */
  async postMultipart(
    url: string,
    form: Record<string, string | { data: Buffer; filename: string; type: string }>,
    options: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    if (options.csrf !== false && !this.csrf) await this.get(this.#loggedIn ? '/account' : '/login');
    const data = new FormData();
    if (options.csrf !== false && this.csrf) data.append('_csrf', this.csrf);
    for (const [name, value] of Object.entries(form)) {
      if (typeof value === 'string') data.append(name, value);
      else data.append(name, new Blob([new Uint8Array(value.data)], { type: value.type }), value.filename);
    }
    const encoded = new Request('http://localhost/', { method: 'POST', body: data });
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: this.cookieHeader,
        'content-type': encoded.headers.get('content-type')!,
        origin: TEST_PUBLIC_URL,
      },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    this.#remember(response);
    return response;
  }

  async login(email: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    const response = await this.post('/login', { email, password, next: '/orga' }, { formUrl: '/login' });
    if (response.statusCode !== 303) throw new Error(`login as ${email} failed: ${response.statusCode}`);
    // Login renews the CSRF secret: see a page, as a browser would, to hold a token that works.
    await this.get('/account');
    return response;
  }
}

export async function loggedIn(app: App, email: string): Promise<Browser> {
  const browser = new Browser(app);
  await browser.login(email);
  return browser;
}
