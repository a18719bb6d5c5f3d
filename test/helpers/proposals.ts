import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { events, levels, speakers, talkSpeakers, talks, tracks, type TalkState } from '../../src/db/schema.js';
import { speakerNameKey } from '../../src/modules/program/names.js';
import { slugify, uniqueSlug } from '../../src/shared/slug.js';

/**
 * A proposal written straight to the database, for tests that need one in a given state
 * without going through the speaker's forms. Speakers are linked to user accounts when
 * `userId` is given (their speaker profile at the event is created or reused).
 */
export interface ProposalTraits {
  eventSlug: string;
  title: string;
  state?: TalkState;
  description?: string;
  abstract?: string;
  trackSlug?: string;
  levelSlug?: string;
  speakers?: { name: string; userId?: number; biography?: string }[];
}

export async function createProposal(db: Database, traits: ProposalTraits) {
  const [event] = await db.select().from(events).where(eq(events.slug, traits.eventSlug));
  if (!event) throw new Error(`no event ${traits.eventSlug}`);
  const track = traits.trackSlug
    ? (
        await db
          .select()
          .from(tracks)
          .where(and(eq(tracks.eventId, event.id), eq(tracks.slug, traits.trackSlug)))
      )[0]
    : undefined;
  if (traits.trackSlug && !track) throw new Error(`no track ${traits.trackSlug}`);
  const level = traits.levelSlug
    ? (
        await db
          .select()
          .from(levels)
          .where(and(eq(levels.eventId, event.id), eq(levels.slug, traits.levelSlug)))
      )[0]
    : undefined;
  const taken = new Set(
    (await db.select({ slug: talks.slug }).from(talks).where(eq(talks.eventId, event.id))).map((t) => t.slug),
  );
  const position = (await db.$count(talks, eq(talks.eventId, event.id))) + 1;
  const state = traits.state ?? 'submitted';
  const [talk] = await db
    .insert(talks)
    .values({
      eventId: event.id,
      slug: uniqueSlug(slugify(traits.title, 'talk'), taken),
      title: traits.title,
      state,
      description: traits.description ?? `What ${traits.title} is about.`,
      abstract: traits.abstract ?? '',
      trackId: track?.id ?? null,
      levelId: level?.id ?? null,
      position,
      submittedAt: state === 'draft' ? null : new Date(),
    })
    .returning();
  for (const [i, person] of (traits.speakers ?? []).entries()) {
    const key = speakerNameKey(person.name);
    let [profile] = person.userId
      ? await db
          .select()
          .from(speakers)
          .where(and(eq(speakers.eventId, event.id), eq(speakers.userId, person.userId)))
      : await db
          .select()
          .from(speakers)
          .where(and(eq(speakers.eventId, event.id), eq(speakers.nameKey, key)));
    if (!profile) {
      const speakerSlugs = new Set(
        (await db.select({ slug: speakers.slug }).from(speakers).where(eq(speakers.eventId, event.id))).map(
          (s) => s.slug,
        ),
      );
      [profile] = await db
        .insert(speakers)
        .values({
          eventId: event.id,
          slug: uniqueSlug(slugify(person.name, 'speaker'), speakerSlugs),
          name: person.name,
          nameKey: key,
          biography: person.biography ?? `${person.name} speaks.`,
          userId: person.userId ?? null,
        })
        .returning();
    }
    await db.insert(talkSpeakers).values({ talkId: talk!.id, speakerId: profile!.id, position: i + 1 });
  }
  return talk!;
}
