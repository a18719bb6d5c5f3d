import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { events, levels, reviews, talks, tracks, users } from '../../src/db/schema.js';
import { loadActor, type Actor } from '../../src/modules/accounts/index.js';
import { addToTeam, createUser } from '../helpers/site.js';

/**
 * An event set up for review tests: two tracks, two levels, a scale, and a team of an
 * organiser, a reviewer of every track, a reviewer of the web track only, a speaker with an
 * account, and the organiser of another event.
 */
export async function createReviewEvent(
  db: Database,
  traits: {
    slug?: string;
    name?: string;
    anonymised?: boolean;
    scoreMin?: number;
    scoreMax?: number;
    /** Reviewers see others' reviews only once they reviewed (the default, as for a new event). */
    reviewsHidden?: boolean;
    reviewOpen?: boolean;
  } = {},
) {
  const [event] = await db
    .insert(events)
    .values({
      slug: traits.slug ?? 'conf-2030',
      name: traits.name ?? 'Conf 2030',
      timezone: 'Europe/Paris',
      published: false,
      anonymisedReview: traits.anonymised ?? false,
      reviewsHiddenUntilReviewed: traits.reviewsHidden ?? true,
      reviewOpen: traits.reviewOpen ?? true,
      reviewScoreMin: traits.scoreMin ?? 0,
      reviewScoreMax: traits.scoreMax ?? 3,
    })
    .returning();
  const [web, data] = await db
    .insert(tracks)
    .values([
      { eventId: event!.id, slug: 'web', name: 'All things Web', position: 1 },
      { eventId: event!.id, slug: 'data', name: 'Dealing with Data', position: 2 },
    ])
    .returning();
  await db.insert(levels).values([
    { eventId: event!.id, slug: 'beginner', name: 'Beginner', position: 1 },
    { eventId: event!.id, slug: 'advanced', name: 'Advanced', position: 2 },
  ]);
  return { event: event!, web: web!, data: data! };
}

export async function createReviewTeam(db: Database, eventSlug: string, tracksOfWendy: number[]) {
  const orga = await createUser(db, { email: 'orga@example.com', name: 'Olga Organiser' });
  await addToTeam(db, eventSlug, orga.id, 'organiser');
  const rita = await createUser(db, { email: 'rita@example.com', name: 'Rita Reviewer' });
  await addToTeam(db, eventSlug, rita.id, 'reviewer');
  const wendy = await createUser(db, { email: 'wendy@example.com', name: 'Wendy Webreviewer' });
  await addToTeam(db, eventSlug, wendy.id, 'reviewer', tracksOfWendy);
  const speaker = await createUser(db, { email: 'zyxwarp@example.com', name: 'Zyxwarp Quillfeather' });
  await createReviewEvent(db, { slug: 'other-2030', name: 'Other 2030' });
  const stranger = await createUser(db, { email: 'otto@example.com', name: 'Otto Other' });
  await addToTeam(db, 'other-2030', stranger.id, 'organiser');
  return { orga, rita, wendy, speaker, stranger };
}

export async function actorOf(db: Database, userId: number): Promise<Actor> {
  const actor = await loadActor(db, userId);
  if (!actor) throw new Error(`no user ${userId}`);
  return actor;
}

/** Writes a review straight to the database (no rules), for tests of what reviews add up to. */
export async function writeReview(db: Database, talkId: number, email: string, score: number, comment = '') {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const reviewer = user ?? (await createUser(db, { email }));
  await db.insert(reviews).values({ talkId, userId: reviewer.id, score, comment });
}

export async function stateOf(db: Database, talkId: number) {
  const [talk] = await db
    .select({ state: talks.state, stateChangedAt: talks.stateChangedAt })
    .from(talks)
    .where(eq(talks.id, talkId));
  return talk!;
}
