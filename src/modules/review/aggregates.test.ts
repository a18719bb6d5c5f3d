import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { createReviewEvent, writeReview } from '../../../test/routes/review-fixtures.js';
import { NO_REVIEWS, selectAggregates } from './aggregates.queries.js';

describe('review aggregates', () => {
  it('computes mean, median, count, spread, lowest and highest score in the database', async () => {
    const { db } = await testDatabase();
    await createReviewEvent(db);
    const talk = await createProposal(db, { eventSlug: 'conf-2030', title: 'Engines' });
    for (const [i, score] of [1, 2, 2, 3].entries()) await writeReview(db, talk.id, `r${i}@example.com`, score);
    const aggregates = (await selectAggregates(db, [talk.id])).get(talk.id)!;
    expect(aggregates).toEqual({ count: 4, mean: 2, median: 2, stddev: Math.sqrt(0.5), min: 1, max: 3 });
    expect(aggregates.stddev).toBeCloseTo(0.7071067811865476, 15);
  });

  it('interpolates the median of an even count and gives a spread of 0 for one review', async () => {
    const { db } = await testDatabase();
    await createReviewEvent(db, { scoreMin: 0, scoreMax: 10 });
    const even = await createProposal(db, { eventSlug: 'conf-2030', title: 'Even' });
    const single = await createProposal(db, { eventSlug: 'conf-2030', title: 'Single' });
    for (const [i, score] of [0, 1, 7, 10].entries()) await writeReview(db, even.id, `r${i}@example.com`, score);
    await writeReview(db, single.id, 'r0@example.com', 5);
    const aggregates = await selectAggregates(db, [even.id, single.id]);
    expect(aggregates.get(even.id)).toEqual({
      count: 4,
      mean: 4.5,
      median: 4,
      stddev: Math.sqrt(17.25),
      min: 0,
      max: 10,
    });
    expect(aggregates.get(single.id)).toEqual({ count: 1, mean: 5, median: 5, stddev: 0, min: 5, max: 5 });
  });

  it('gives a proposal without reviews a count of 0 and no figures', async () => {
    const { db } = await testDatabase();
    await createReviewEvent(db);
    const talk = await createProposal(db, { eventSlug: 'conf-2030', title: 'Lonely' });
    expect((await selectAggregates(db, [talk.id])).get(talk.id)).toEqual(NO_REVIEWS);
    expect(NO_REVIEWS).toEqual({ count: 0, mean: null, median: null, stddev: null, min: null, max: null });
  });
});
