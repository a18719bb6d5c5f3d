import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, reviews, talks } from '../../src/db/schema.js';
import { buildTestApp } from '../helpers/app.js';
import { createProposal } from '../helpers/proposals.js';
import { Browser, createUser } from '../helpers/site.js';
import { createReviewEvent, createReviewTeam, stateOf, writeReview } from './review-fixtures.js';

async function setUp() {
  const { app, db } = await buildTestApp();
  const { event, web } = await createReviewEvent(db);
  const team = await createReviewTeam(db, event.slug, [web.id]);
  const ada = await createUser(db, { email: 'ada@example.com', name: 'Ada' });
  const alpha = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Alpha <engines>',
    trackSlug: 'web',
    levelSlug: 'beginner',
    speakers: [{ name: 'Ada Lovelace', userId: ada.id }, { name: 'Imported Irma' }],
  });
  const beta = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Beta',
    trackSlug: 'data',
    speakers: [{ name: 'Bob Data' }],
  });
  const login = async (email: string) => {
    const browser = new Browser(app);
    await browser.login(email);
    return browser;
  };
  return { app, db, event, team, alpha, beta, login };
}

describe('proposal pages', () => {
  it('lists proposals for organisers with escaped titles, speakers, scores, counts and a bulk decision form', async () => {
    const { db, alpha, beta, login } = await setUp();
    await writeReview(db, alpha.id, 'rita@example.com', 1);
    await writeReview(db, alpha.id, 'orga@example.com', 2);
    await writeReview(db, alpha.id, 'x@example.com', 2);
    await writeReview(db, alpha.id, 'y@example.com', 3);
    const orga = await login('orga@example.com');
    const page = await orga.get('/orga/conf-2030/proposals');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<a href="/orga/conf-2030/proposals/${alpha.code}">Alpha &lt;engines></a>`);
    expect(page.body).not.toContain('Alpha <engines>');
    expect(page.body).toContain('Ada Lovelace, Imported Irma');
    expect(page.body).toContain(
      '<strong>2</strong><a href="/orga/conf-2030/proposals?state=submitted&sort=mean&direction=desc">Submitted</a>',
    );
    expect(page.body).toContain(`<input type="checkbox" name="proposals" value="${alpha.code}"`);
    expect(page.body).toContain(`value="${beta.code}"`);
    expect(page.body).toContain('<legend>Decide the chosen proposals</legend>');
    // count 4, mean 2, median 2, spread 0.71
    expect(page.body).toMatch(
      /<td class="number">4<\/td><td class="number">2<\/td><td class="number">2<\/td><td class="number">0\.71<\/td>/,
    );
  });

  it('filters the list from its query and shows a bad filter as a field error', async () => {
    const { login } = await setUp();
    const orga = await login('orga@example.com');
    const data = await orga.get('/orga/conf-2030/proposals?track=data&state=&minMean=');
    expect(data.body).toContain('>Beta</a>');
    expect(data.body).not.toContain('Alpha &lt;engines></a>');
    const bad = await orga.get('/orga/conf-2030/proposals?minMean=lots');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Mean score at least: must be a number from 0 to 3');
  });

  it('shows a reviewer the list without checkboxes or decision form, and a track-limited reviewer only their track', async () => {
    const { alpha, beta, login } = await setUp();
    const rita = await login('rita@example.com');
    const list = await rita.get('/orga/conf-2030/proposals');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('name="proposals"');
    expect(list.body).not.toContain('Decide the chosen proposals');
    const wendy = await login('wendy@example.com');
    const limited = await wendy.get('/orga/conf-2030/proposals');
    expect(limited.body).toContain(alpha.code);
    expect(limited.body).not.toContain(beta.code);
    expect((await wendy.get(`/orga/conf-2030/proposals/${beta.code}`)).statusCode).toBe(404);
    expect((await wendy.get(`/orga/conf-2030/proposals/${alpha.code}`)).statusCode).toBe(200);
  });

  it('shows a proposal with its reviews and lets a reviewer save and then change their review', async () => {
    const { db, alpha, team, login } = await setUp();
    const rita = await login('rita@example.com');
    const page = await rita.get(`/orga/conf-2030/proposals/${alpha.code}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Alpha &lt;engines></h1>');
    expect(page.body).toContain('The other reviews are hidden until you have reviewed this proposal yourself.');
    expect(page.body).not.toContain('<h2 id="decision">');
    const saved = await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review`, {
      score: '3',
      comment: 'Solid <b>plan</b>',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/orga/conf-2030/proposals/${alpha.code}`);
    const after = await rita.get(`/orga/conf-2030/proposals/${alpha.code}`);
    expect(after.body).toContain('Your review is saved.');
    expect(after.body).toContain('Rita Reviewer (you): 3 of 3');
    expect(after.body).toContain('<div class="prose review-comment"><p>Solid &lt;b&gt;plan&lt;/b&gt;</p>');
    expect(after.body).toContain('Change your review');
    await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review`, { score: '1', comment: '' });
    expect(await db.select({ userId: reviews.userId, score: reviews.score }).from(reviews)).toEqual([
      { userId: team.rita.id, score: 1 },
    ]);
  });

  it('refuses a score off the scale with the form shown again, writing nothing', async () => {
    const { db, alpha, login } = await setUp();
    const rita = await login('rita@example.com');
    await rita.get(`/orga/conf-2030/proposals/${alpha.code}`);
    const response = await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review`, {
      score: '7',
      comment: 'Too kind',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Score: must be a whole number from 0 to 3');
    expect(response.body).toContain('Too kind</textarea>');
    expect(await db.$count(reviews)).toBe(0);
  });

  it('tells a reviewer who is a speaker of the proposal that they may not review it, and refuses a forced post', async () => {
    const { app, db, team } = await setUp();
    const own = await createProposal(db, {
      eventSlug: 'conf-2030',
      title: 'Mine',
      trackSlug: 'web',
      speakers: [{ name: 'Rita R', userId: team.rita.id }],
    });
    const rita = new Browser(app);
    await rita.login('rita@example.com');
    const page = await rita.get(`/orga/conf-2030/proposals/${own.code}`);
    expect(page.body).toContain('You are a speaker of this proposal, so you may not review it.');
    expect(page.body).not.toContain('Save review');
    const forced = await rita.post(`/orga/conf-2030/proposals/${own.code}/review`, { score: '3', comment: '' });
    expect(forced.statusCode).toBe(403);
    expect(await db.$count(reviews)).toBe(0);
  });

  it('lets an organiser decide one proposal from its page, mailing its speakers once', async () => {
    const { db, alpha, login } = await setUp();
    const orga = await login('orga@example.com');
    const page = await orga.get(`/orga/conf-2030/proposals/${alpha.code}`);
    expect(page.body).toContain('<h2 id="decision">Decision</h2>');
    const response = await orga.post(`/orga/conf-2030/proposals/${alpha.code}/decision`, { decision: 'accept' });
    expect(response.statusCode).toBe(303);
    const after = await orga.get(`/orga/conf-2030/proposals/${alpha.code}`);
    expect(after.body).toContain(
      'Accepted &#34;Alpha &lt;engines>&#34;. 1 mail is a draft in the outbox: nothing is sent until you send the drafts. Not mailed (no account): Imported Irma.',
    );
    expect((await stateOf(db, alpha.id)).state).toBe('accepted');
    await orga.post(`/orga/conf-2030/proposals/${alpha.code}/decision`, { decision: 'accept' });
    const mails = await db.select({ to: outbox.recipient, subject: outbox.subject }).from(outbox);
    expect(mails).toEqual([
      { to: 'ada@example.com', subject: '[Conf 2030] Your proposal "Alpha <engines>" was accepted' },
    ]);
  });

  it('decides in bulk from the list, and decides nothing when one chosen proposal cannot be decided', async () => {
    const { db, alpha, beta, login } = await setUp();
    const withdrawn = await createProposal(db, { eventSlug: 'conf-2030', title: 'Gone', state: 'withdrawn' });
    const orga = await login('orga@example.com');
    const list0 = await orga.get('/orga/conf-2030/proposals');
    expect(list0.body).toContain(`value="${alpha.code}"`);
    expect(list0.body).not.toContain(`value="${withdrawn.code}"`);
    // A stale or forged form may still name it.
    const refused = await orga.post('/orga/conf-2030/proposals/decisions', {
      proposals: [alpha.code, withdrawn.code],
      decision: 'reject',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      `Nothing was decided: &#34;Gone&#34; (${withdrawn.code}) is withdrawn and cannot be decided: only submitted, wait-listed, accepted or rejected proposals can.</p>`,
    );
    expect((await stateOf(db, alpha.id)).state).toBe('submitted');
    expect(await db.$count(outbox)).toBe(0);

    const none = await orga.post('/orga/conf-2030/proposals/decisions', { decision: 'reject' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Nothing was decided: choose at least one proposal.');

    const done = await orga.post('/orga/conf-2030/proposals/decisions', {
      proposals: [alpha.code, beta.code],
      decision: 'waitlist',
    });
    expect(done.statusCode).toBe(303);
    const list = await orga.get('/orga/conf-2030/proposals');
    expect(list.body).toContain(
      'Wait-listed 2 proposals. 1 mail is a draft in the outbox: nothing is sent until you send the drafts. Not mailed (no account): Imported Irma, Bob Data.',
    );
    expect(
      (
        await db
          .select({ state: talks.state })
          .from(talks)
          .where(eq(talks.eventId, alpha.eventId))
          .orderBy(asc(talks.id))
      ).map((t) => t.state),
    ).toEqual(['waitlisted', 'waitlisted', 'withdrawn']);
  });

  it('refuses decisions by reviewers and by organisers of another event', async () => {
    const { db, alpha, login } = await setUp();
    for (const email of ['rita@example.com', 'otto@example.com']) {
      const browser = await login(email);
      await browser.get('/account');
      const response = await browser.post(`/orga/conf-2030/proposals/${alpha.code}/decision`, { decision: 'accept' });
      expect(response.statusCode).toBe(403);
      const bulk = await browser.post('/orga/conf-2030/proposals/decisions', {
        proposals: alpha.code,
        decision: 'accept',
      });
      expect(bulk.statusCode).toBe(403);
    }
    expect((await stateOf(db, alpha.id)).state).toBe('submitted');
    const otto = await login('otto@example.com');
    expect((await otto.get('/orga/conf-2030/proposals')).statusCode).toBe(403);
    expect((await otto.get(`/orga/conf-2030/proposals/${alpha.code}`)).statusCode).toBe(403);
    expect((await otto.get('/orga/conf-2030/review')).statusCode).toBe(403);
  });

  it('sends anonymous visitors to the login page', async () => {
    const { app, alpha } = await setUp();
    const browser = new Browser(app);
    for (const url of [
      '/orga/conf-2030/proposals',
      `/orga/conf-2030/proposals/${alpha.code}`,
      '/orga/conf-2030/review',
    ]) {
      const response = await browser.get(url);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
  });
});

describe('review dashboard', () => {
  it('draws score distributions per track, reviews per reviewer and progress, with the same numbers in tables', async () => {
    const { db, alpha, beta, login } = await setUp();
    await writeReview(db, alpha.id, 'rita@example.com', 3);
    await writeReview(db, alpha.id, 'orga@example.com', 3);
    await writeReview(db, alpha.id, 'wendy@example.com', 1);
    await writeReview(db, beta.id, 'rita@example.com', 0);
    const orga = await login('orga@example.com');
    const page = await orga.get('/orga/conf-2030/review');
    expect(page.statusCode).toBe(200);
    const svgs = page.body.match(/<svg [^>]*role="img"[^>]*>/g) ?? [];
    expect(svgs.length).toBe(2 + 2 + 1);
    expect(page.body).toContain('aria-label="Scores given in All things Web"');
    expect(page.body).toContain('<title>Scores given in All things Web</title>');
    expect(page.body).toContain(
      '<desc id="chart-scores-0-desc">How many reviews gave each score from 0 to 3: 0 × 0, 1 × 1, 0 × 2, 2 × 3.</desc>',
    );
    expect(page.body).toContain(
      '<desc id="chart-reviewers-desc">Rita Reviewer: 2; Olga Organiser: 1; Wendy Webreviewer: 1.</desc>',
    );
    expect(page.body).toContain('<desc id="chart-progress-desc">1 of 2 proposals awaiting a decision (50%).</desc>');
    expect(page.body).toContain('<caption>Reviews done per reviewer</caption>');
    expect(page.body).toContain('<th scope="row">Rita Reviewer</th><td class="number">2</td>');
    expect(page.body).toContain('Proposals lacking reviews: 1');
    expect(page.body).toContain(`<a href="/orga/conf-2030/proposals/${beta.code}">Beta</a>`);
  });

  it('limits a track-limited reviewer to their tracks', async () => {
    const { db, alpha, beta, login } = await setUp();
    await writeReview(db, alpha.id, 'rita@example.com', 2);
    await writeReview(db, beta.id, 'rita@example.com', 0);
    const wendy = await login('wendy@example.com');
    const page = await wendy.get('/orga/conf-2030/review');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Scores given in All things Web');
    expect(page.body).not.toContain('Dealing with Data');
    expect(page.body).not.toContain(beta.code);
    expect(page.body).toContain('Rita Reviewer: 1;');
    expect(page.body).toContain('<desc id="chart-mine-desc">0 of 1 proposals you may review (0%).</desc>');
  });
});
