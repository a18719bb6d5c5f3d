import { Validator } from '@seriousme/openapi-schema-validator';
import type { TSchema } from '@fastify/type-provider-typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { answers, events, outbox, questions } from '../../src/db/schema.js';
import { createApiToken, revokeApiToken } from '../../src/modules/accounts/index.js';
import { saveReview, saveReviewCategories } from '../../src/modules/review/index.js';
import {
  BulkDecisionResultSchema,
  DecisionOutcomeSchema,
  DraftListSchema,
  ProposalDetailSchema,
  ProposalListSchema,
  ReviewListSchema,
  SendDraftsResultSchema,
} from '../../src/web/routes/api/orga.schema.js';
import { ApiErrorSchema } from '../../src/web/routes/api/program.schema.js';
import { buildTestApp } from '../helpers/app.js';
import { createProposal } from '../helpers/proposals.js';
import { addToTeam, Browser, createUser } from '../helpers/site.js';
import { actorOf, createReviewEvent, createReviewTeam, stateOf, writeReview } from './review-fixtures.js';

async function setUp() {
  const { app, db } = await buildTestApp();
  const { event, web } = await createReviewEvent(db);
  const team = await createReviewTeam(db, event.slug, [web.id]);
  const ada = await createUser(db, { email: 'ada@example.com', name: 'Ada' });
  const alpha = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Alpha',
    trackSlug: 'web',
    levelSlug: 'beginner',
    speakers: [
      { name: 'Ada Lovelace', userId: ada.id, biography: 'Counts.' },
      { name: 'Imported Irma', biography: 'Imports.' },
    ],
  });
  const beta = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Beta',
    trackSlug: 'data',
    levelSlug: 'advanced',
  });
  const third = await createReviewEvent(db, { slug: 'third-2030', name: 'Third 2030' });
  await addToTeam(db, third.event.slug, team.orga.id, 'organiser');
  const orga = await actorOf(db, team.orga.id);
  const { token, info } = await createApiToken(db, orga, event, 'scripts');
  const { token: thirdToken } = await createApiToken(db, orga, third.event, 'elsewhere');
  const call = (method: 'GET' | 'POST', url: string, body?: object, bearer: string | null = token) =>
    app.inject({
      method,
      url,
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      ...(body === undefined ? {} : { payload: body }),
    });
  return { app, db, event, team, alpha, beta, orga, token, tokenId: info.id, thirdToken, call };
}

function expectValid(schema: TSchema, body: unknown) {
  expect([...Value.Errors(schema, body)]).toEqual([]);
}

const UNAUTHENTICATED =
  'Send an API token of this event: "Authorization: Bearer lct_…". Organisers create them under API tokens in the back office; a revoked token no longer works.';

describe('organiser API', () => {
  it('answers 401 in JSON without a token, with a session cookie only, with an unknown token and with a revoked one', async () => {
    const { app, db, event, orga, tokenId, call } = await setUp();
    const anonymous = await call('GET', '/api/events/conf-2030/proposals', undefined, null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="lectern"');
    expect(anonymous.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: UNAUTHENTICATED });
    expectValid(ApiErrorSchema, anonymous.json());

    const browser = new Browser(app);
    await browser.login('orga@example.com');
    const withCookie = await browser.get('/api/events/conf-2030/proposals');
    expect(withCookie.statusCode).toBe(401);
    expect(withCookie.headers['content-type']).toBe('application/json; charset=utf-8');

    expect((await call('GET', '/api/events/conf-2030/proposals', undefined, 'lct_not-a-real-token')).statusCode).toBe(
      401,
    );
    expect((await call('GET', '/api/events/conf-2030/proposals')).statusCode).toBe(200);
    await revokeApiToken(db, orga, event, tokenId);
    const revoked = await call('POST', '/api/events/conf-2030/decisions', { proposals: ['X'], decision: 'accept' });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().message).toBe(UNAUTHENTICATED);
  });

  it('limits a token to its event: 403 at another event, even one its creator organises', async () => {
    const { alpha, thirdToken, call } = await setUp();
    for (const [method, url, body] of [
      ['GET', '/api/events/conf-2030/proposals', undefined],
      ['GET', `/api/events/conf-2030/proposals/${alpha.code}`, undefined],
      ['GET', '/api/events/conf-2030/reviews', undefined],
      ['POST', `/api/events/conf-2030/proposals/${alpha.code}/decision`, { decision: 'accept' }],
      ['POST', '/api/events/conf-2030/decisions', { proposals: [alpha.code], decision: 'accept' }],
      ['GET', '/api/events/conf-2030/mail/drafts', undefined],
      ['POST', '/api/events/conf-2030/mail/drafts/send', { count: 1 }],
    ] as const) {
      const response = await call(method, url, body, thirdToken);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'This API token is limited to another event; it cannot act at Conf 2030.',
      });
    }
  });

  it('answers 404 for an unknown event or proposal code', async () => {
    const { call } = await setUp();
    expect((await call('GET', '/api/events/nowhere/proposals')).json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'There is no event "nowhere".',
    });
    const proposal = await call('GET', '/api/events/conf-2030/proposals/NOPE1234');
    expect(proposal.statusCode).toBe(404);
    expect(proposal.json().message).toBe('There is no proposal "NOPE1234" for you to see here.');
  });

  it('lists proposals with aggregates and speakers, filtered by state, track and level, in the documented shape', async () => {
    const { db, alpha, beta, call } = await setUp();
    for (const [i, score] of [1, 2, 2, 3].entries()) await writeReview(db, alpha.id, `r${i}@example.com`, score);
    const response = await call('GET', '/api/events/conf-2030/proposals');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expectValid(ProposalListSchema, body);
    expect(body.proposals.map((p: { code: string }) => p.code)).toEqual([alpha.code, beta.code]);
    expect(body.proposals[0]).toEqual({
      code: alpha.code,
      title: 'Alpha',
      state: 'submitted',
      track: { slug: 'web', name: 'All things Web' },
      level: { slug: 'beginner', name: 'Beginner' },
      durationMinutes: null,
      submittedAt: alpha.submittedAt!.toISOString(),
      stateChangedAt: null,
      aggregates: { count: 4, mean: 2, median: 2, stddev: Math.sqrt(0.5), min: 1, max: 3 },
      speakers: [
        { name: 'Ada Lovelace', email: 'ada@example.com', biography: 'Counts.' },
        { name: 'Imported Irma', email: null, biography: 'Imports.' },
      ],
      namedFields: [],
    });
    expect(body.counts[0]).toEqual({ state: 'submitted', count: 2 });
    const codes = async (query: string) =>
      (await call('GET', `/api/events/conf-2030/proposals?${query}`))
        .json()
        .proposals.map((p: { code: string }) => p.code);
    expect(await codes('track=data')).toEqual([beta.code]);
    expect(await codes('level=beginner')).toEqual([alpha.code]);
    expect(await codes('state=accepted')).toEqual([]);
    expect(await codes('minMean=1.5&lacking=false')).toEqual([alpha.code]);
    expect(await codes('sort=title&direction=desc')).toEqual([beta.code, alpha.code]);
  });

  it('refuses bad filters with 400 naming the parameter', async () => {
    const { call } = await setUp();
    const state = await call('GET', '/api/events/conf-2030/proposals?state=draft');
    expect(state.statusCode).toBe(400);
    expect(state.json().parameter).toBe('state');
    expectValid(ApiErrorSchema, state.json());
    const track = await call('GET', '/api/events/conf-2030/proposals?track=cooking');
    expect(track.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'track: no track "cooking" for you here; tracks are web, data',
      parameter: 'track',
    });
  });

  it('gives a proposal with its reviews and every answer, private ones included', async () => {
    const { db, event, alpha, call } = await setUp();
    const [question] = await db
      .insert(questions)
      .values({ eventId: event.id, label: 'Travel help?', kind: 'boolean', isPublic: false, position: 1 })
      .returning();
    await db.insert(answers).values({ talkId: alpha.id, questionId: question!.id, value: 'yes' });
    await writeReview(db, alpha.id, 'rita@example.com', 3, 'Strong');
    const response = await call('GET', `/api/events/conf-2030/proposals/${alpha.code.toLowerCase()}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expectValid(ProposalDetailSchema, body);
    expect(body.answers).toEqual([{ question: 'Travel help?', kind: 'boolean', public: false, value: 'yes' }]);
    expect(body.reviews).toEqual([
      {
        reviewer: { id: expect.any(Number), name: 'Rita Reviewer' },
        score: 3,
        comment: 'Strong',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        categoryScores: [],
      },
    ]);
    expect(body.description).toBe('What Alpha is about.');
  });

  it("gives each review's value per score category, with its label", async () => {
    const { db, event, team, alpha, call } = await setUp();
    const [fit] = await saveReviewCategories(db, await actorOf(db, team.orga.id), event, 'Fit | weight 3 | 0 | 1 Good');
    const [scaled] = await db.select().from(events).where(eq(events.id, event.id));
    await saveReview(db, await actorOf(db, team.rita.id), scaled!, {
      code: alpha.code,
      score: '',
      comment: '',
      categoryScores: { [fit!.id]: '1' },
    });
    const body = (await call('GET', `/api/events/conf-2030/proposals/${alpha.code}`)).json();
    expectValid(ProposalDetailSchema, body);
    expect(body.reviews.map((r: { score: number; categoryScores: unknown }) => [r.score, r.categoryScores])).toEqual([
      [3, [{ category: 'Fit', value: 1, label: '1 (Good)' }]],
    ]);
  });

  it('lists the reviews of the event', async () => {
    const { db, alpha, beta, call } = await setUp();
    await writeReview(db, alpha.id, 'rita@example.com', 3, 'Strong');
    await writeReview(db, beta.id, 'wendy@example.com', 0);
    const body = (await call('GET', '/api/events/conf-2030/reviews')).json();
    expectValid(ReviewListSchema, body);
    expect(
      body.reviews.map((r: { proposal: string; reviewer: { name: string }; score: number }) => [
        r.proposal,
        r.reviewer.name,
        r.score,
      ]),
    ).toEqual([
      [alpha.code, 'Rita Reviewer', 3],
      [beta.code, 'Wendy Webreviewer', 0],
    ]);
  });

  it('decides a proposal, mailing its speakers with an account once however often it is sent', async () => {
    const { db, alpha, call } = await setUp();
    const first = await call('POST', `/api/events/conf-2030/proposals/${alpha.code}/decision`, { decision: 'accept' });
    expect(first.statusCode).toBe(200);
    expectValid(DecisionOutcomeSchema, first.json());
    expect(first.json()).toEqual({
      code: alpha.code,
      title: 'Alpha',
      from: 'submitted',
      to: 'accepted',
      changed: true,
      mailed: [{ name: 'Ada Lovelace', email: 'ada@example.com' }],
      notMailed: [{ name: 'Imported Irma' }],
    });
    const again = await call('POST', `/api/events/conf-2030/proposals/${alpha.code}/decision`, { decision: 'accept' });
    expect(again.json()).toMatchObject({ changed: false, from: 'accepted', mailed: [] });
    expect((await stateOf(db, alpha.id)).state).toBe('accepted');
    expect(await db.select({ to: outbox.recipient, subject: outbox.subject }).from(outbox)).toEqual([
      { to: 'ada@example.com', subject: '[Conf 2030] Your proposal "Alpha" was accepted' },
    ]);
    const bad = await call('POST', `/api/events/conf-2030/proposals/${alpha.code}/decision`, { decision: 'confirm' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().parameter).toBe('decision');
  });

  it('decides in bulk, all or nothing', async () => {
    const { db, alpha, beta, call } = await setUp();
    const gone = await createProposal(db, { eventSlug: 'conf-2030', title: 'Gone', state: 'withdrawn' });
    const refused = await call('POST', '/api/events/conf-2030/decisions', {
      proposals: [alpha.code, gone.code],
      decision: 'reject',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: `"Gone" (${gone.code}) is withdrawn and cannot be decided: only submitted, wait-listed, accepted or rejected proposals can.`,
    });
    const unknown = await call('POST', '/api/events/conf-2030/decisions', {
      proposals: [alpha.code, 'NOPE1234'],
      decision: 'reject',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().parameter).toBe('proposals');
    const empty = await call('POST', '/api/events/conf-2030/decisions', { proposals: [], decision: 'reject' });
    expect(empty.statusCode).toBe(400);
    expect((await stateOf(db, alpha.id)).state).toBe('submitted');
    expect(await db.$count(outbox)).toBe(0);

    const done = await call('POST', '/api/events/conf-2030/decisions', {
      proposals: [beta.code, alpha.code],
      decision: 'reject',
    });
    expect(done.statusCode).toBe(200);
    expectValid(BulkDecisionResultSchema, done.json());
    expect(done.json().decisions.map((d: { code: string; to: string }) => [d.code, d.to])).toEqual([
      [beta.code, 'rejected'],
      [alpha.code, 'rejected'],
    ]);
  });

  it('lists the decision mails as drafts and sends them in one step when the count it was given still holds', async () => {
    const { db, alpha, beta, call } = await setUp();
    const nothing = await call('POST', '/api/events/conf-2030/mail/drafts/send', { count: 1 });
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json()).toEqual({ statusCode: 409, error: 'Conflict', message: 'There are no drafts to send.' });
    await call('POST', `/api/events/conf-2030/proposals/${alpha.code}/decision`, { decision: 'accept' });
    const listed = await call('GET', '/api/events/conf-2030/mail/drafts');
    expect(listed.statusCode).toBe(200);
    expectValid(DraftListSchema, listed.json());
    expect(listed.json()).toEqual({
      count: 1,
      page: 1,
      hasMore: false,
      drafts: [
        {
          id: expect.any(Number),
          to: 'ada@example.com',
          subject: '[Conf 2030] Your proposal "Alpha" was accepted',
          createdAt: expect.any(String),
        },
      ],
    });

    // A draft written after the count was taken: nothing is sent.
    const other = await createUser(db, { email: 'bob@example.com', name: 'Bob' });
    const gamma = await createProposal(db, {
      eventSlug: 'conf-2030',
      title: 'Gamma',
      speakers: [{ name: 'Bob', userId: other.id }],
    });
    await call('POST', '/api/events/conf-2030/decisions', { proposals: [gamma.code], decision: 'reject' });
    const stale = await call('POST', '/api/events/conf-2030/mail/drafts/send', { count: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toBe(
      'The drafts changed since you looked: there are 2 now, not 1. Nothing was sent; look at them again.',
    );
    expect(await db.select({ status: outbox.status }).from(outbox)).toEqual([{ status: 'draft' }, { status: 'draft' }]);

    const bad = await call('POST', '/api/events/conf-2030/mail/drafts/send', { count: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().parameter).toBe('count');

    const sent = await call('POST', '/api/events/conf-2030/mail/drafts/send', { count: 2 });
    expect(sent.statusCode).toBe(200);
    expectValid(SendDraftsResultSchema, sent.json());
    expect(sent.json()).toEqual({ sent: 2 });
    const rows = await db.select({ to: outbox.recipient, status: outbox.status }).from(outbox).orderBy(outbox.id);
    expect(rows).toEqual([
      { to: 'ada@example.com', status: 'pending' },
      { to: 'bob@example.com', status: 'pending' },
    ]);
    expect((await call('GET', '/api/events/conf-2030/mail/drafts')).json()).toMatchObject({ count: 0, drafts: [] });
    expect(beta.code).not.toBe(gamma.code);
  });

  it('documents every endpoint in the OpenAPI document with the bearer security scheme', async () => {
    const { app } = await setUp();
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations: [string, string][] = [
      ['/api/events/{event}/proposals', 'get'],
      ['/api/events/{event}/proposals/{code}', 'get'],
      ['/api/events/{event}/reviews', 'get'],
      ['/api/events/{event}/proposals/{code}/decision', 'post'],
      ['/api/events/{event}/decisions', 'post'],
      ['/api/events/{event}/mail/drafts', 'get'],
      ['/api/events/{event}/mail/drafts/send', 'post'],
    ];
    for (const [path, method] of operations) {
      const operation = document.paths[path][method];
      expect(operation.tags).toEqual(['organiser']);
      expect(operation.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(operation.responses).sort()).toEqual(
        method === 'post' ? ['200', '400', '401', '403', '404', '409'] : ['200', '400', '401', '403', '404'],
      );
    }
    const result = await new Validator().validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });
});
