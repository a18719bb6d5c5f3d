import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { actorOf, createReviewEvent, createReviewTeam, writeReview } from '../../../test/routes/review-fixtures.js';
import { loadReviewDashboard } from './dashboard.js';

async function setUp() {
  const { db } = await testDatabase();
  const { event, web } = await createReviewEvent(db, { anonymised: true, reviewsHidden: false });
  const team = await createReviewTeam(db, event.slug, [web.id]);
  const speakers = [{ name: 'Zyxwarp Quillfeather', userId: team.speaker.id }];
  const webOne = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Zyxwarp Quillfeather on the web',
    trackSlug: 'web',
    speakers,
  });
  const webTwo = await createProposal(db, { eventSlug: event.slug, title: 'Web two', trackSlug: 'web' });
  const data = await createProposal(db, { eventSlug: event.slug, title: 'Data', trackSlug: 'data' });
  const loose = await createProposal(db, { eventSlug: event.slug, title: 'Loose' });
  const accepted = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Accepted',
    trackSlug: 'web',
    state: 'accepted',
  });
  for (const email of ['orga@example.com', 'rita@example.com', 'wendy@example.com'])
    await writeReview(db, webTwo.id, email, 3);
  await writeReview(db, webOne.id, 'rita@example.com', 1);
  await writeReview(db, data.id, 'rita@example.com', 0);
  await writeReview(db, loose.id, 'orga@example.com', 2);
  await writeReview(db, accepted.id, 'wendy@example.com', 3);
  return { db, event, team, webOne, webTwo, data, loose };
}

describe('loadReviewDashboard', () => {
  it('gives organisers every track, every team member and the proposals lacking reviews', async () => {
    const { db, event, team, webOne, data, loose } = await setUp();
    const dashboard = await loadReviewDashboard(db, await actorOf(db, team.orga.id), event);
    expect(dashboard.progress).toEqual({
      proposals: 4,
      fullyReviewed: 1,
      reviews: 6,
      reviewableByMe: 4,
      reviewedByMe: 2,
    });
    expect(dashboard.distributions).toEqual([
      {
        track: { slug: 'web', name: 'All things Web' },
        reviews: 5,
        counts: [
          { score: 0, count: 0 },
          { score: 1, count: 1 },
          { score: 2, count: 0 },
          { score: 3, count: 4 },
        ],
      },
      {
        track: { slug: 'data', name: 'Dealing with Data' },
        reviews: 1,
        counts: [
          { score: 0, count: 1 },
          { score: 1, count: 0 },
          { score: 2, count: 0 },
          { score: 3, count: 0 },
        ],
      },
      {
        track: null,
        reviews: 1,
        counts: [
          { score: 0, count: 0 },
          { score: 1, count: 0 },
          { score: 2, count: 1 },
          { score: 3, count: 0 },
        ],
      },
    ]);
    expect(dashboard.reviewers).toEqual([
      { id: team.rita.id, name: 'Rita Reviewer', reviews: 3 },
      { id: team.orga.id, name: 'Olga Organiser', reviews: 2 },
      { id: team.wendy.id, name: 'Wendy Webreviewer', reviews: 2 },
    ]);
    expect(dashboard.lacking).toEqual([
      { code: webOne.code, title: 'Zyxwarp Quillfeather on the web', reviews: 1, reviewedByMe: false },
      { code: data.code, title: 'Data', reviews: 1, reviewedByMe: false },
      { code: loose.code, title: 'Loose', reviews: 1, reviewedByMe: true },
    ]);
  });

  it('limits a track-limited reviewer to their tracks and hides speaker names under anonymised review', async () => {
    const { db, event, team, webOne } = await setUp();
    const dashboard = await loadReviewDashboard(db, await actorOf(db, team.wendy.id), event);
    expect(dashboard.progress).toEqual({
      proposals: 2,
      fullyReviewed: 1,
      reviews: 4,
      reviewableByMe: 2,
      reviewedByMe: 1,
    });
    expect(dashboard.distributions.map((d) => [d.track?.slug ?? null, d.reviews])).toEqual([['web', 5]]);
    expect(dashboard.reviewers).toEqual([
      { id: team.rita.id, name: 'Rita Reviewer', reviews: 2 },
      { id: team.wendy.id, name: 'Wendy Webreviewer', reviews: 2 },
      { id: team.orga.id, name: 'Olga Organiser', reviews: 1 },
    ]);
    expect(dashboard.lacking).toEqual([
      { code: webOne.code, title: '(name hidden) on the web', reviews: 1, reviewedByMe: false },
    ]);
  });

  it("leaves a reviewer's own proposals out of what they see counted", async () => {
    const { db, event, team } = await setUp();
    await createProposal(db, {
      eventSlug: event.slug,
      title: 'Rita speaks',
      trackSlug: 'web',
      speakers: [{ name: 'Rita R', userId: team.rita.id }],
    });
    const dashboard = await loadReviewDashboard(db, await actorOf(db, team.rita.id), event);
    expect(dashboard.lacking.map((p) => p.title)).not.toContain('Rita speaks');
    expect(dashboard.progress.proposals).toBe(4);
  });

  it('refuses people outside the team', async () => {
    const { db, event, team } = await setUp();
    await expect(loadReviewDashboard(db, await actorOf(db, team.stranger.id), event)).rejects.toThrow(ForbiddenError);
    await expect(loadReviewDashboard(db, await actorOf(db, team.speaker.id), event)).rejects.toThrow(ForbiddenError);
  });
});
