import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, questions, reviewCategories, reviews } from '../../src/db/schema.js';
import { buildTestApp } from '../helpers/app.js';
import { createProposal } from '../helpers/proposals.js';
import { Browser } from '../helpers/site.js';
import { createReviewEvent, createReviewTeam, writeReview } from './review-fixtures.js';

async function setUp() {
  const { app, db } = await buildTestApp();
  const { event, web } = await createReviewEvent(db);
  const team = await createReviewTeam(db, event.slug, [web.id]);
  const alpha = await createProposal(db, { eventSlug: event.slug, title: 'Alpha', trackSlug: 'web' });
  const beta = await createProposal(db, { eventSlug: event.slug, title: 'Beta', trackSlug: 'data' });
  const login = async (email: string) => {
    const browser = new Browser(app);
    await browser.login(email);
    return browser;
  };
  const eventRow = async () => (await db.select().from(events).where(eq(events.id, event.id)))[0]!;
  return { app, db, event, team, alpha, beta, login, eventRow };
}

const SETTINGS = {
  name: 'Conf 2030',
  slug: 'conf-2030',
  timezone: 'Europe/Paris',
  startsOn: '',
  endsOn: '',
  cfpOpensAt: '',
  cfpClosesAt: '',
  reviewScoreMin: '0',
  reviewScoreMax: '3',
};

describe('save and next', () => {
  it('goes through the proposals left to review in the chosen order, showing progress', async () => {
    const { alpha, beta, login } = await setUp();
    const rita = await login('rita@example.com');
    const list = await rita.get('/orga/conf-2030/proposals');
    expect(list.body).toContain('<p>0 of 2 reviewed by you.</p>');
    expect(list.body).toContain('<form method="get" action="/orga/conf-2030/review/next"');
    const start = await rita.get('/orga/conf-2030/review/next?order=newest');
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe(`/orga/conf-2030/proposals/${beta.code}?order=newest`);
    const page = await rita.get(`/orga/conf-2030/proposals/${beta.code}?order=newest`);
    expect(page.body).toContain('<p class="review-progress">0 of 2 reviewed by you.</p>');
    expect(page.body).toContain('<input type="hidden" name="order" value="newest"/>');
    expect(page.body).toContain('<button type="submit" name="next" value="1">Save and next</button>');
    const saved = await rita.post(`/orga/conf-2030/proposals/${beta.code}/review`, {
      score: '2',
      comment: '',
      next: '1',
      order: 'newest',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/orga/conf-2030/proposals/${alpha.code}?order=newest`);
    const next = await rita.get(saved.headers.location as string);
    expect(next.body).toContain('Your review is saved. 1 of 2 reviewed; here is the next.');
    expect(next.body).toContain('<p class="review-progress">1 of 2 reviewed by you.</p>');
    // The last one left: nothing to go on to.
    expect(next.body).not.toContain('Save and next');
    const last = await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review`, {
      score: '1',
      comment: '',
      next: '1',
      order: 'newest',
    });
    expect(last.headers.location).toBe('/orga/conf-2030/proposals');
    const done = await rita.get('/orga/conf-2030/proposals');
    expect(done.body).toContain('Your review is saved. 2 of 2 reviewed: none left for you to review.');
    expect((await rita.get('/orga/conf-2030/review/next')).headers.location).toBe('/orga/conf-2030/proposals');
  });

  it('refuses an unknown order by name', async () => {
    const { alpha, login } = await setUp();
    const rita = await login('rita@example.com');
    const bad = await rita.get('/orga/conf-2030/review/next?order=best');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('order');
    expect((await rita.get(`/orga/conf-2030/proposals/${alpha.code}?order=best`)).statusCode).toBe(400);
  });
});

describe('hidden reviews, deleting a review, and the review phase', () => {
  it("shows a reviewer others' reviews only after theirs, lets them delete theirs, and refuses once reviewing is closed", async () => {
    const { db, alpha, team, login, eventRow } = await setUp();
    await writeReview(db, alpha.id, 'orga@example.com', 3, 'Top <b>notch</b>');
    const rita = await login('rita@example.com');
    const before = await rita.get(`/orga/conf-2030/proposals/${alpha.code}`);
    expect(before.body).toContain('The other reviews are hidden until you have reviewed this proposal yourself.');
    expect(before.body).not.toContain('Top');
    expect(before.body).not.toContain('Delete your review');
    const list = await rita.get('/orga/conf-2030/proposals');
    expect(list.body).toContain('<td class="number" colspan="4">hidden until you review it</td>');

    await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review`, { score: '1', comment: 'Meh' });
    const after = await rita.get(`/orga/conf-2030/proposals/${alpha.code}`);
    expect(after.body).toContain('Olga Organiser: 3 of 3');
    expect(after.body).toContain('Top &lt;b&gt;notch&lt;/b&gt;');
    expect(after.body).toContain(`<form method="post" action="/orga/conf-2030/proposals/${alpha.code}/review/delete"`);

    const deleted = await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect((await rita.get(deleted.headers.location as string)).body).toContain('Your review is deleted.');
    expect(await db.select({ userId: reviews.userId }).from(reviews)).toEqual([{ userId: team.orga.id }]);
    expect((await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review/delete`, {})).statusCode).toBe(404);

    await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review`, { score: '2', comment: '' });
    const orga = await login('orga@example.com');
    const settings = await orga.get('/orga/conf-2030/settings');
    expect(settings.body).toContain('name="reviewClosed"');
    expect(settings.body).toContain('name="reviewsShownBeforeReviewing"');
    const closed = await orga.post('/orga/conf-2030/settings', { ...SETTINGS, reviewClosed: 'on' });
    expect(closed.statusCode).toBe(303);
    expect([(await eventRow()).reviewOpen, (await eventRow()).reviewsHiddenUntilReviewed]).toEqual([false, true]);

    const refusal = 'Reviewing is closed at this event: reviews can no longer be written, changed or deleted.';
    const page = await rita.get(`/orga/conf-2030/proposals/${alpha.code}`);
    expect(page.body).toContain(refusal);
    expect(page.body).toContain('Your review stays as it is: 2 of 3.');
    expect(page.body).not.toContain('Save review');
    const late = await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review`, { score: '3', comment: '' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain(refusal);
    const lateDelete = await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review/delete`, {});
    expect(lateDelete.statusCode).toBe(409);
    expect(lateDelete.body).toContain(refusal);
    expect(await db.select({ score: reviews.score }).from(reviews).orderBy(asc(reviews.id))).toEqual([
      { score: 3 },
      { score: 2 },
    ]);

    await orga.post('/orga/conf-2030/settings', { ...SETTINGS, reviewsShownBeforeReviewing: 'on' });
    expect([(await eventRow()).reviewOpen, (await eventRow()).reviewsHiddenUntilReviewed]).toEqual([true, false]);
  });
});

describe('score categories', () => {
  it('lets organisers set categories on the dashboard, reviewers score each, and totals them', async () => {
    const { db, alpha, login, eventRow } = await setUp();
    const orga = await login('orga@example.com');
    const bad = await orga.post('/orga/conf-2030/review/categories', { categories: 'Fit | 0 | 2' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Score categories: line 1: values must be consecutive whole numbers, lowest first');
    expect(bad.body).toContain('Fit | 0 | 2</textarea>');
    const saved = await orga.post('/orga/conf-2030/review/categories', {
      categories: 'Relevance | weight 2 | 0 Off-topic | 1 Weak | 2 Good | 3 Core\n<i>Clarity</i> | 0 | 1 Clear',
    });
    expect(saved.statusCode).toBe(303);
    const dashboard = await orga.get('/orga/conf-2030/review');
    expect(dashboard.body).toContain('The 2 score categories are saved; the total runs from 0 to 7.');
    expect([(await eventRow()).reviewScoreMin, (await eventRow()).reviewScoreMax]).toEqual([0, 7]);
    // The scale is the categories' now: the settings keep it and refuse another.
    expect((await orga.get('/orga/conf-2030/settings')).body).toContain(
      'Set by the score categories (the lowest and highest weighted sums)',
    );
    const rescaled = await orga.post('/orga/conf-2030/settings', { ...SETTINGS, reviewScoreMax: '3' });
    expect(rescaled.statusCode).toBe(400);
    expect(rescaled.body).toContain(
      'Highest score: is set by the score categories (0 to 7): change them on the review dashboard',
    );
    expect((await orga.post('/orga/conf-2030/settings', { ...SETTINGS, reviewScoreMax: '7' })).statusCode).toBe(303);
    const [relevance, clarity] = await db
      .select({ id: reviewCategories.id })
      .from(reviewCategories)
      .orderBy(asc(reviewCategories.position));

    const rita = await login('rita@example.com');
    const form = await rita.get(`/orga/conf-2030/proposals/${alpha.code}`);
    expect(form.body).toContain('<legend>Relevance (required)</legend>');
    expect(form.body).toContain('&lt;i>Clarity&lt;/i> (required)</legend>');
    expect(form.body).toContain(`name="score-${relevance!.id}" value="3"`);
    expect(form.body).toContain('3 (Core)');
    const missing = await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review`, {
      [`score-${relevance!.id}`]: '3',
      comment: 'Keep me',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('&lt;i>Clarity&lt;/i>: choose a whole number from 0 to 1');
    expect(missing.body).toContain('Keep me</textarea>');
    const ok = await rita.post(`/orga/conf-2030/proposals/${alpha.code}/review`, {
      [`score-${relevance!.id}`]: '3',
      [`score-${clarity!.id}`]: '1',
      comment: '',
    });
    expect(ok.statusCode).toBe(303);
    expect(await db.select({ score: reviews.score }).from(reviews)).toEqual([{ score: 7 }]);
    const page = await rita.get(`/orga/conf-2030/proposals/${alpha.code}`);
    expect(page.body).toContain('Rita Reviewer (you): 7 of 7');
    expect(page.body).toContain('<li>Relevance: 3 (Core)</li>');
    const charts = await orga.get('/orga/conf-2030/review');
    expect(charts.body).toContain('<h2 id="per-category">Scores per category</h2>');
    expect(charts.body).toContain('Relevance (weight 2; 1 review, mean 3)');
    expect(charts.body).not.toContain('<i>Clarity</i>');

    // The proposal list has a column per category with its mean over the reviews.
    const second = await orga.post(`/orga/conf-2030/proposals/${alpha.code}/review`, {
      [`score-${relevance!.id}`]: '1',
      [`score-${clarity!.id}`]: '0',
      comment: '',
    });
    expect(second.statusCode).toBe(303);
    const list = await orga.get('/orga/conf-2030/proposals');
    const headers = [...list.body.matchAll(/<th scope="col" class="number">([\s\S]*?)<\/th>/g)].map((m) =>
      m[1]!.replace(/\s+/g, ' ').trim(),
    );
    expect(headers).toEqual([
      'Reviews',
      'Median',
      '<abbr title="standard deviation">Spread</abbr>',
      '<span>Relevance</span> <span class="hint">(mean)</span>',
      '<span>&lt;i>Clarity&lt;/i></span> <span class="hint">(mean)</span>',
      'Yours',
    ]);
    const alphaRow = list.body.slice(list.body.indexOf(`/proposals/${alpha.code}"`)).split('</tr>')[0]!;
    const cells = [...alphaRow.matchAll(/<td class="number">([^<]*)<\/td>/g)].map((m) => m[1]);
    // Reviews, mean, median, spread, Relevance, Clarity, yours (2 × 1 + 0).
    expect(cells).toEqual(['2', '4.5', '4.5', '2.5', '2', '0.5', '2']);

    // Fixed once reviews exist; reviewers may not set them at all.
    const late = await orga.post('/orga/conf-2030/review/categories', { categories: 'Fit | 0 | 1' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('The score categories cannot change once reviews are written: 2 reviews exist');
    expect((await rita.post('/orga/conf-2030/review/categories', { categories: '' })).statusCode).toBe(403);
  });
});

describe('questions hidden from reviewers', () => {
  it('saves "hidden from reviewers" from the question form and lists it', async () => {
    const { db, login } = await setUp();
    const orga = await login('orga@example.com');
    const cfp = await orga.get('/orga/conf-2030/cfp');
    expect(cfp.body).toContain('Hidden from reviewers under anonymised review');
    const added = await orga.post('/orga/conf-2030/cfp/questions', {
      label: 'Your handle',
      kind: 'text',
      hiddenFromReviewers: 'on',
    });
    expect(added.statusCode).toBe(303);
    await orga.post('/orga/conf-2030/cfp/questions', { label: 'Company', kind: 'text' });
    expect(
      await db
        .select({ label: questions.label, visibleToReviewers: questions.visibleToReviewers })
        .from(questions)
        .orderBy(asc(questions.position)),
    ).toEqual([
      { label: 'Your handle', visibleToReviewers: false },
      { label: 'Company', visibleToReviewers: true },
    ]);
    expect((await orga.get('/orga/conf-2030/cfp')).body).toContain('Private, hidden from reviewers');
    const [handle] = await db.select({ id: questions.id }).from(questions).where(eq(questions.label, 'Your handle'));
    const edit = await orga.get(`/orga/conf-2030/cfp/questions/${handle!.id}`);
    expect(edit.body).toMatch(/<input type="checkbox" name="hiddenFromReviewers" value="on" checked/);
    await orga.post(`/orga/conf-2030/cfp/questions/${handle!.id}`, { label: 'Your handle', kind: 'text' });
    const [shown] = await db
      .select({ visibleToReviewers: questions.visibleToReviewers })
      .from(questions)
      .where(eq(questions.id, handle!.id));
    expect(shown).toEqual({ visibleToReviewers: true });
  });
});
