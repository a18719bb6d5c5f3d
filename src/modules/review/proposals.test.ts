import { describe, expect, it } from 'vitest';
import { answers, events, questions, talks } from '../../db/schema.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { eq } from 'drizzle-orm';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { actorOf, createReviewEvent, createReviewTeam, writeReview } from '../../../test/routes/review-fixtures.js';
import { HIDDEN_NAME } from './anonymise.js';
import { countProposals, getProposal, listProposals, listReviews } from './proposals.js';

async function setUp(options: { anonymised?: boolean } = {}) {
  const { db } = await testDatabase();
  const { event, web } = await createReviewEvent(db, { anonymised: options.anonymised ?? false, reviewsHidden: false });
  const team = await createReviewTeam(db, event.slug, [web.id]);
  const speakers = [{ name: 'Zyxwarp Quillfeather', userId: team.speaker.id, biography: 'Tamer of quills.' }];
  const alpha = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Alpha',
    trackSlug: 'web',
    levelSlug: 'beginner',
    speakers,
  });
  const beta = await createProposal(db, {
    eventSlug: event.slug,
    title: 'beta',
    trackSlug: 'data',
    levelSlug: 'advanced',
    speakers,
  });
  const gamma = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Gamma',
    trackSlug: 'web',
    state: 'accepted',
    speakers,
  });
  const loose = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Delta',
    speakers: [{ name: 'Imported Irma' }],
  });
  await createProposal(db, { eventSlug: event.slug, title: 'Draft', trackSlug: 'web', state: 'draft' });
  await createProposal(db, { eventSlug: event.slug, title: 'Withdrawn', trackSlug: 'web', state: 'withdrawn' });
  return { db, event, team, alpha, beta, gamma, loose };
}

describe('listProposals', () => {
  it('lists for organisers every proposal but drafts, with speakers, aggregates and counts per state', async () => {
    const { db, event, team, alpha, beta } = await setUp();
    await writeReview(db, alpha.id, 'rita@example.com', 3);
    await writeReview(db, alpha.id, 'orga@example.com', 2);
    await writeReview(db, beta.id, 'rita@example.com', 1);
    const list = await listProposals(db, await actorOf(db, team.orga.id), event);
    expect(list.proposals.map((p) => [p.title, p.state, p.aggregates?.mean ?? null, p.myScore])).toEqual([
      ['Alpha', 'submitted', 2.5, 2],
      ['beta', 'submitted', 1, null],
      ['Gamma', 'accepted', null, null],
      ['Delta', 'submitted', null, null],
      ['Withdrawn', 'withdrawn', null, null],
    ]);
    expect(list.proposals[0]!.speakers).toEqual([
      { name: 'Zyxwarp Quillfeather', email: 'zyxwarp@example.com', biography: 'Tamer of quills.' },
    ]);
    expect(list.proposals[3]!.speakers).toEqual([
      { name: 'Imported Irma', email: null, biography: 'Imported Irma speaks.' },
    ]);
    expect(list.counts).toEqual([
      { state: 'submitted', count: 3 },
      { state: 'waitlisted', count: 0 },
      { state: 'accepted', count: 1 },
      { state: 'rejected', count: 0 },
      { state: 'confirmed', count: 0 },
      { state: 'withdrawn', count: 1 },
    ]);
    expect(list.tracks.map((t) => t.slug)).toEqual(['web', 'data']);
  });

  it('shows a track-limited reviewer the proposals of their tracks only, in lists and counts', async () => {
    const { db, event, team } = await setUp();
    const list = await listProposals(db, await actorOf(db, team.wendy.id), event);
    expect(list.proposals.map((p) => p.title)).toEqual(['Alpha', 'Gamma']);
    expect(list.counts.find((c) => c.state === 'submitted')).toEqual({ state: 'submitted', count: 1 });
    expect(list.counts.map((c) => c.state)).not.toContain('withdrawn');
    expect(list.tracks.map((t) => t.slug)).toEqual(['web']);
    expect(await countProposals(db, await actorOf(db, team.wendy.id), event)).toEqual([
      { state: 'submitted', count: 1 },
      { state: 'waitlisted', count: 0 },
      { state: 'accepted', count: 1 },
      { state: 'rejected', count: 0 },
      { state: 'confirmed', count: 0 },
    ]);
    await expect(listProposals(db, await actorOf(db, team.wendy.id), event, { track: 'data' })).rejects.toThrow(
      new InvalidInputError('no track "data" for you here; tracks are web', 'track'),
    );
  });

  it('filters by state, track, level, minimum mean score and lacking reviews', async () => {
    const { db, event, team, alpha, beta } = await setUp();
    await writeReview(db, alpha.id, 'a@example.com', 3);
    await writeReview(db, alpha.id, 'b@example.com', 3);
    await writeReview(db, alpha.id, 'c@example.com', 2);
    await writeReview(db, beta.id, 'a@example.com', 1);
    const orga = await actorOf(db, team.orga.id);
    const titles = async (query: Parameters<typeof listProposals>[3]) =>
      (await listProposals(db, orga, event, query)).proposals.map((p) => p.title);
    expect(await titles({ state: 'accepted' })).toEqual(['Gamma']);
    expect(await titles({ track: 'data' })).toEqual(['beta']);
    expect(await titles({ level: 'beginner' })).toEqual(['Alpha']);
    expect(await titles({ minMean: '1.5' })).toEqual(['Alpha']);
    expect(await titles({ minMean: 1 })).toEqual(['Alpha', 'beta']);
    expect(await titles({ lacking: true })).toEqual(['beta', 'Delta']);
    expect(await titles({ state: '', track: '', level: '', minMean: '' })).toEqual([
      'Alpha',
      'beta',
      'Gamma',
      'Delta',
      'Withdrawn',
    ]);
  });

  it('sorts by mean score, title or submission date, either way', async () => {
    const { db, event, team, alpha, beta } = await setUp();
    await writeReview(db, alpha.id, 'a@example.com', 1);
    await writeReview(db, beta.id, 'a@example.com', 3);
    await db
      .update(talks)
      .set({ submittedAt: new Date('2020-01-01T00:00:00Z') })
      .where(eq(talks.id, beta.id));
    const orga = await actorOf(db, team.orga.id);
    const titles = async (sort: string, direction?: string) =>
      (await listProposals(db, orga, event, { sort, direction })).proposals.map((p) => p.title);
    expect(await titles('mean')).toEqual(['beta', 'Alpha', 'Gamma', 'Delta', 'Withdrawn']);
    expect(await titles('mean', 'asc')).toEqual(['Alpha', 'beta', 'Gamma', 'Delta', 'Withdrawn']);
    expect(await titles('title')).toEqual(['Alpha', 'beta', 'Delta', 'Gamma', 'Withdrawn']);
    expect(await titles('title', 'desc')).toEqual(['Withdrawn', 'Gamma', 'Delta', 'beta', 'Alpha']);
    expect((await titles('submitted', 'asc'))[0]).toBe('beta');
    expect((await titles('submitted'))[4]).toBe('beta');
  });

  it("refuses filters that are not the event's", async () => {
    const { db, event, team } = await setUp();
    const orga = await actorOf(db, team.orga.id);
    await expect(listProposals(db, orga, event, { state: 'draft' })).rejects.toThrow(
      new InvalidInputError(
        'no state "draft"; choose one of submitted, waitlisted, accepted, rejected, confirmed, withdrawn',
        'state',
      ),
    );
    await expect(listProposals(db, orga, event, { level: 'expert' })).rejects.toThrow(
      new InvalidInputError('no level "expert"; levels are beginner, advanced', 'level'),
    );
    for (const minMean of ['4', '-1', 'high', '1,5']) {
      await expect(listProposals(db, orga, event, { minMean })).rejects.toThrow(
        new InvalidInputError('must be a number from 0 to 3', 'minMean'),
      );
    }
    await expect(listProposals(db, orga, event, { sort: 'speaker' })).rejects.toThrow(
      new InvalidInputError('must be one of mean, title, submitted', 'sort'),
    );
  });

  it('hides from a reviewer the scores of their own proposal, in filters and sorting too', async () => {
    const { db, event, team } = await setUp();
    const own = await createProposal(db, {
      eventSlug: event.slug,
      title: 'Rita speaks',
      trackSlug: 'web',
      speakers: [{ name: 'Rita R', userId: team.rita.id }],
    });
    await writeReview(db, own.id, 'orga@example.com', 3);
    const rita = await actorOf(db, team.rita.id);
    const list = await listProposals(db, rita, event);
    const mine = list.proposals.find((p) => p.code === own.code)!;
    expect(mine).toMatchObject({ own: true, aggregates: null });
    expect((await listProposals(db, rita, event, { minMean: '0' })).proposals).toEqual([]);
    expect((await getProposal(db, rita, event, own.code)).reviews).toBeNull();
    expect(await listReviews(db, rita, event)).toEqual([]);
    const orgaView = await listProposals(db, await actorOf(db, team.orga.id), event, { minMean: '3' });
    expect(orgaView.proposals.map((p) => p.title)).toEqual(['Rita speaks']);
  });
});

describe('anonymised review', () => {
  it("gives reviewers no speaker's name, email or bio, and hides names written in the proposal's text", async () => {
    const { db, event, team, alpha } = await setUp({ anonymised: true });
    await db
      .update(talks)
      .set({
        title: 'Zyxwarp Quillfeather explains',
        abstract: 'Write to zyxwarp@example.com',
        notes: 'zyxwarp quillfeather here',
      })
      .where(eq(talks.id, alpha.id));
    await writeReview(db, alpha.id, 'orga@example.com', 2, 'Zyxwarp Quillfeather is great');
    for (const user of [team.rita, team.wendy]) {
      const reviewer = await actorOf(db, user.id);
      const list = await listProposals(db, reviewer, event);
      const detail = await getProposal(db, reviewer, event, alpha.code);
      const reviews = await listReviews(db, reviewer, event);
      const everything = JSON.stringify([list, detail, reviews]);
      expect(everything).not.toMatch(/zyxwarp|quillfeather|quills|Imported Irma/i);
      expect(detail.speakers).toBeNull();
      expect(detail.title).toBe(`${HIDDEN_NAME} explains`);
      expect(detail.abstract).toBe(`Write to ${HIDDEN_NAME}`);
      expect(detail.notes).toBe(HIDDEN_NAME + ' here');
      expect(detail.reviews![0]!.comment).toBe(`${HIDDEN_NAME} is great`);
      expect(detail.namedFields).toEqual(['title', 'abstract']);
    }
  });

  it('still shows organisers the speakers, and which fields name them', async () => {
    const { db, event, team, alpha } = await setUp({ anonymised: true });
    await db.update(talks).set({ description: 'By Zyxwarp Quillfeather.' }).where(eq(talks.id, alpha.id));
    const detail = await getProposal(db, await actorOf(db, team.orga.id), event, alpha.code);
    expect(detail.speakers!.map((s) => s.name)).toEqual(['Zyxwarp Quillfeather']);
    expect(detail.description).toBe('By Zyxwarp Quillfeather.');
    expect(detail.namedFields).toEqual(['description']);
  });
});

describe('getProposal', () => {
  it('shows the team every answer, private ones included, in the form order, with reviews and the own review', async () => {
    const { db, event, team, alpha } = await setUp();
    const [q1, q2] = await db
      .insert(questions)
      .values([
        { eventId: event.id, label: 'Travel help?', kind: 'boolean', isPublic: false, position: 2 },
        { eventId: event.id, label: 'Audience', kind: 'text', isPublic: true, position: 1 },
      ])
      .returning();
    await db.insert(answers).values([
      { talkId: alpha.id, questionId: q1!.id, value: 'yes' },
      { talkId: alpha.id, questionId: q2!.id, value: 'Web people' },
    ]);
    await writeReview(db, alpha.id, 'orga@example.com', 1, 'Meh');
    await writeReview(db, alpha.id, 'rita@example.com', 3, 'Great');
    const detail = await getProposal(db, await actorOf(db, team.rita.id), event, alpha.code.toLowerCase());
    expect(detail.answers).toEqual([
      { question: 'Audience', kind: 'text', isPublic: true, value: 'Web people' },
      { question: 'Travel help?', kind: 'boolean', isPublic: false, value: 'yes' },
    ]);
    expect(detail.reviews!.map((r) => [r.reviewer.name, r.score, r.comment, r.mine])).toEqual([
      ['Olga Organiser', 1, 'Meh', false],
      ['Rita Reviewer', 3, 'Great', true],
    ]);
    expect(detail.myReview).toMatchObject({ score: 3, comment: 'Great' });
    expect(detail.aggregates).toMatchObject({ count: 2, mean: 2, median: 2, stddev: 1, min: 1, max: 3 });
    expect(detail.reviewRefusal).toBeUndefined();
  });

  it('finds no draft, no proposal of another event, and nothing of another track for a track-limited reviewer', async () => {
    const { db, event, team, beta } = await setUp();
    const [other] = await db.select().from(events).where(eq(events.slug, 'other-2030'));
    const elsewhere = await createProposal(db, { eventSlug: other!.slug, title: 'Elsewhere' });
    const draft = await createProposal(db, { eventSlug: event.slug, title: 'Draft 2', state: 'draft' });
    const orga = await actorOf(db, team.orga.id);
    await expect(getProposal(db, orga, event, elsewhere.code)).rejects.toThrow(NotFoundError);
    await expect(getProposal(db, orga, event, draft.code)).rejects.toThrow(NotFoundError);
    await expect(getProposal(db, await actorOf(db, team.wendy.id), event, beta.code)).rejects.toThrow(NotFoundError);
    await expect(getProposal(db, await actorOf(db, team.stranger.id), event, beta.code)).rejects.toThrow(
      ForbiddenError,
    );
  });
});
