import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventMembers, events, tracks } from '../../db/schema.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { addToTeam, createUser } from '../../../test/helpers/site.js';
import { loadActor } from '../accounts/index.js';
import { createLevel, deleteLevel, listLevels } from './levels.js';
import { createTrack, deleteTrack, listTracks, moveTrack, renameTrack, setReviewerTracks } from './tracks.js';

async function setUp() {
  const { db } = await testDatabase();
  const [event] = await db.insert(events).values({ slug: 'conf', name: 'Conf' }).returning();
  const organiser = await createUser(db, { email: 'orga@example.com' });
  await addToTeam(db, 'conf', organiser.id, 'organiser');
  const orga = (await loadActor(db, organiser.id))!;
  const web = await createTrack(db, orga, event!, { name: 'Web' });
  const data = await createTrack(db, orga, event!, { name: 'Data' });
  const ops = await createTrack(db, orga, event!, { name: 'Ops' });
  return { db, event: event!, orga, web, data, ops };
}

async function memberTracks(db: Awaited<ReturnType<typeof setUp>>['db'], userId: number) {
  const [member] = await db.select().from(eventMembers).where(eq(eventMembers.userId, userId));
  return member!.trackIds;
}

describe('tracks', () => {
  it('gives each new track the next position and a unique slug', async () => {
    const { db, event, orga } = await setUp();
    const again = await createTrack(db, orga, event, { name: 'Web!' });
    expect(again).toEqual({ id: expect.any(Number), slug: 'web-2', name: 'Web!', position: 4, talkCount: 0 });
    expect((await listTracks(db, orga, event)).map((t) => [t.slug, t.position])).toEqual([
      ['web', 1],
      ['data', 2],
      ['ops', 3],
      ['web-2', 4],
    ]);
  });

  it('counts talks in any state and reviewers limited to each track', async () => {
    const { db, event, orga, web, data } = await setUp();
    await createProposal(db, { eventSlug: 'conf', title: 'One', trackSlug: 'web', state: 'submitted' });
    await createProposal(db, { eventSlug: 'conf', title: 'Two', trackSlug: 'web', state: 'confirmed' });
    const reviewer = await createUser(db, { email: 'r@example.com' });
    await addToTeam(db, 'conf', reviewer.id, 'reviewer', [web.id, data.id]);
    expect((await listTracks(db, orga, event)).map((t) => [t.name, t.talkCount, t.reviewerCount])).toEqual([
      ['Web', 2, 1],
      ['Data', 0, 1],
      ['Ops', 0, 0],
    ]);
  });

  it("drops a deleted track from a reviewer's list when others remain", async () => {
    const { db, event, orga, web, data } = await setUp();
    const reviewer = await createUser(db, { email: 'r@example.com' });
    await addToTeam(db, 'conf', reviewer.id, 'reviewer', [web.id, data.id]);
    await deleteTrack(db, orga, event, web.id, {});
    expect(await memberTracks(db, reviewer.id)).toEqual([data.id]);
  });

  it('merges a moved limit into a reviewer who already had the target track', async () => {
    const { db, event, orga, web, data } = await setUp();
    const reviewer = await createUser(db, { email: 'r@example.com' });
    await addToTeam(db, 'conf', reviewer.id, 'reviewer', [web.id, data.id]);
    await deleteTrack(db, orga, event, web.id, { moveTo: data.id });
    expect(await memberTracks(db, reviewer.id)).toEqual([data.id]);
  });

  it('renumbers positions after a delete and leaves the last in place when moved down', async () => {
    const { db, event, orga, web, ops } = await setUp();
    await deleteTrack(db, orga, event, web.id, {});
    await moveTrack(db, orga, event, ops.id, 'down');
    const rows = await db
      .select({ name: tracks.name, position: tracks.position })
      .from(tracks)
      .orderBy(asc(tracks.position));
    expect(rows).toEqual([
      { name: 'Data', position: 1 },
      { name: 'Ops', position: 2 },
    ]);
  });

  it("answers 404 for another event's track and 403 to someone who is not its organiser", async () => {
    const { db, event, orga } = await setUp();
    const [other] = await db.insert(events).values({ slug: 'other', name: 'Other' }).returning();
    const [foreign] = await db
      .insert(tracks)
      .values({ eventId: other!.id, slug: 'x', name: 'X', position: 1 })
      .returning();
    await expect(renameTrack(db, orga, event, foreign!.id, { name: 'Mine' })).rejects.toThrow(NotFoundError);
    await expect(deleteTrack(db, orga, event, foreign!.id, {})).rejects.toThrow(NotFoundError);
    await expect(moveTrack(db, orga, event, foreign!.id, 'up')).rejects.toThrow(NotFoundError);
    await expect(createTrack(db, orga, other!, { name: 'Mine' })).rejects.toThrow(ForbiddenError);
    expect((await db.select().from(tracks).where(eq(tracks.id, foreign!.id)))[0]!.name).toBe('X');
  });

  it("limits a reviewer to tracks of this event only, refusing another event's track", async () => {
    const { db, event, orga, web } = await setUp();
    const [other] = await db.insert(events).values({ slug: 'other', name: 'Other' }).returning();
    const [foreign] = await db
      .insert(tracks)
      .values({ eventId: other!.id, slug: 'x', name: 'X', position: 1 })
      .returning();
    const reviewer = await createUser(db, { email: 'r@example.com' });
    await addToTeam(db, 'conf', reviewer.id, 'reviewer');
    const [member] = await db.select().from(eventMembers).where(eq(eventMembers.userId, reviewer.id));
    await expect(setReviewerTracks(db, orga, event, member!.id, [web.id, foreign!.id])).rejects.toThrow(
      new InvalidInputError(`Conf has no track ${foreign!.id}`, 'trackIds'),
    );
    await setReviewerTracks(db, orga, event, member!.id, [web.id, web.id]);
    expect(await memberTracks(db, reviewer.id)).toEqual([web.id]);
  });
});

describe('levels', () => {
  it('refuses a duplicate level name and deletes an unused level', async () => {
    const { db, event, orga } = await setUp();
    const expert = await createLevel(db, orga, event, { name: 'Expert' });
    await expect(createLevel(db, orga, event, { name: 'EXPERT' })).rejects.toThrow(
      new InvalidInputError('there is already a level named "Expert"', 'name'),
    );
    await deleteLevel(db, orga, event, expert.id, {});
    expect(await listLevels(db, orga, event)).toEqual([]);
  });
});
