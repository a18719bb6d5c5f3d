import { and, count, eq, gt, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { eventMembers, events, levels, reviews, talks } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { parseDate, parseLocalDateTime, requireTimeZone, toLocalInputValue } from '../../shared/time.js';
import { requireActor, isOrganiser, type Actor } from '../accounts/index.js';
import { requireEventCreator, requireProgramOrganiser } from './policy.js';
import { notifyProgramChanged } from './program-changes.js';

export type EventRecord = typeof events.$inferSelect;

/** Path segments routes of their own use: never an event's slug. */
export const RESERVED_EVENT_SLUGS = new Set([
  'api',
  'assets',
  'orga',
  'cfp',
  'login',
  'logout',
  'signup',
  'password',
  'account',
  'speaker',
  'static',
  'healthz',
  'me',
]);

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function requireEventSlug(slug: string, field = 'slug'): string {
  const trimmed = slug.trim();
  if (!SLUG.test(trimmed) || trimmed.length > 60) {
    throw new InvalidInputError(
      `"${slug}" is not a valid slug: use 1 to 60 lowercase letters, digits and single hyphens, like "pybay-2016"`,
      field,
    );
  }
  if (RESERVED_EVENT_SLUGS.has(trimmed))
    throw new InvalidInputError(`"${trimmed}" is reserved by Lectern; choose another slug`, field);
  return trimmed;
}

export async function findEventBySlug(db: Database, slug: string): Promise<EventRecord> {
  const [event] = await db.select().from(events).where(eq(events.slug, slug));
  if (!event) throw new NotFoundError(`There is no event "${slug}".`);
  return event;
}

export type CfpState = 'not-configured' | 'upcoming' | 'open' | 'closed';

/** Whether proposals may be submitted now: the server's clock against the event's window. */
export function cfpState(event: Pick<EventRecord, 'cfpOpensAt' | 'cfpClosesAt'>, now = new Date()): CfpState {
  if (!event.cfpClosesAt) return 'not-configured';
  if (event.cfpOpensAt && now < event.cfpOpensAt) return 'upcoming';
  return now < event.cfpClosesAt ? 'open' : 'closed';
}

const DEFAULT_LEVELS = ['Beginner', 'Intermediate', 'Advanced'];

export interface NewEventInput {
  slug: string;
  name: string;
  timezone: string;
}

/**
 * Creates an event; its creator becomes its first organiser. Anyone who organises an event
 * may create another (a new installation gets its first event and organiser from the CLI).
 */
export async function createEvent(db: Database, actor: Actor | undefined, input: NewEventInput): Promise<EventRecord> {
  const signedIn = requireEventCreator(actor);
  const values = {
    slug: requireEventSlug(input.slug),
    name: requireEventName(input.name),
    timezone: requireTimeZone(input.timezone),
  };
  return insertEvent(db, values, signedIn.user.id, 'slug');
}

/**
 * Creates an event from the command line, for an installation without the sample: whoever
 * runs the CLI holds the database, so there is no actor; its organisers are added next with
 * `lectern create-organiser`. Errors name the command's arguments.
 */
export async function createEventFromCommandLine(db: Database, input: NewEventInput): Promise<EventRecord> {
  const values = {
    slug: requireEventSlug(input.slug, 'SLUG'),
    name: requireEventName(input.name, '--name'),
    timezone: requireTimeZone(input.timezone, '--timezone'),
  };
  return insertEvent(db, values, undefined, 'SLUG');
}

/** A new event starts unpublished, with the three usual levels and no tracks. */
async function insertEvent(
  db: Database,
  values: NewEventInput,
  organiserId: number | undefined,
  slugField: string,
): Promise<EventRecord> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: events.id }).from(events).where(eq(events.slug, values.slug));
    if (existing) throw new InvalidInputError(`there is already an event "${values.slug}"`, slugField);
    const [event] = await tx
      .insert(events)
      .values({ ...values, published: false })
      .returning();
    if (organiserId !== undefined)
      await tx.insert(eventMembers).values({ eventId: event!.id, userId: organiserId, role: 'organiser' });
    await tx.insert(levels).values(
      DEFAULT_LEVELS.map((levelName, i) => ({
        eventId: event!.id,
        slug: levelName.toLowerCase(),
        name: levelName,
        position: i + 1,
      })),
    );
    return event!;
  });
}

function requireEventName(name: string, field = 'name'): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '' || trimmed.length > 120)
    throw new InvalidInputError('give the event a name of 1 to 120 characters', field);
  return trimmed;
}

/**
 * The settings form's values, as typed: times in the event's own zone. The proposal form's
 * fields and talk lengths are the cfp module's (the proposal-form page).
 */
export interface EventSettingsInput {
  name: string;
  slug: string;
  timezone: string;
  /** YYYY-MM-DD, or empty. */
  startsOn: string;
  endsOn: string;
  /** Local date-times in the event's (new) time zone, as typed in a datetime-local field; empty for none. */
  cfpOpensAt: string;
  cfpClosesAt: string;
  published: boolean;
  anonymisedReview: boolean;
  reviewScoreMin: number;
  reviewScoreMax: number;
}

/** An event's settings as the form shows them: the CFP's times in the event's zone. */
export function getEventSettings(actor: Actor | undefined, event: EventRecord): EventSettingsInput {
  requireProgramOrganiser(actor, event);
  return {
    name: event.name,
    slug: event.slug,
    timezone: event.timezone,
    startsOn: event.startsOn ?? '',
    endsOn: event.endsOn ?? '',
    cfpOpensAt: toLocalInputValue(event.cfpOpensAt, event.timezone),
    cfpClosesAt: toLocalInputValue(event.cfpClosesAt, event.timezone),
    published: event.published,
    anonymisedReview: event.anonymisedReview,
    reviewScoreMin: event.reviewScoreMin,
    reviewScoreMax: event.reviewScoreMax,
  };
}

/**
 * Saves an event's settings; every problem names its field, and nothing is saved unless all
 * is well. A new slug moves every public address of the event (the old ones answer 404).
 */
export async function updateEventSettings(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  input: EventSettingsInput,
): Promise<EventRecord> {
  requireProgramOrganiser(actor, event);
  const name = requireEventName(input.name);
  const slug = requireEventSlug(input.slug);
  const timezone = requireTimeZone(input.timezone);
  const startsOn = parseDate(input.startsOn, 'startsOn');
  const endsOn = parseDate(input.endsOn, 'endsOn');
  if (endsOn && !startsOn) throw new InvalidInputError('set the first day too, or clear the last day', 'startsOn');
  if (startsOn && endsOn && endsOn < startsOn)
    throw new InvalidInputError('must not be before the first day', 'endsOn');
  const cfpOpensAt = parseLocalDateTime(input.cfpOpensAt, timezone, 'cfpOpensAt');
  const cfpClosesAt = parseLocalDateTime(input.cfpClosesAt, timezone, 'cfpClosesAt');
  if (cfpOpensAt && !cfpClosesAt)
    throw new InvalidInputError('set a closing time too, or clear the opening time', 'cfpClosesAt');
  if (cfpOpensAt && cfpClosesAt && cfpClosesAt <= cfpOpensAt)
    throw new InvalidInputError('must be after the opening time', 'cfpClosesAt');
  const { reviewScoreMin, reviewScoreMax } = input;
  if (!Number.isInteger(reviewScoreMin) || reviewScoreMin < -10 || reviewScoreMin > 10) {
    throw new InvalidInputError('must be a whole number from -10 to 10', 'reviewScoreMin');
  }
  if (!Number.isInteger(reviewScoreMax) || reviewScoreMax <= reviewScoreMin || reviewScoreMax > 100) {
    throw new InvalidInputError('must be a whole number above the lowest score, at most 100', 'reviewScoreMax');
  }
  return db.transaction(async (tx) => {
    if (slug !== event.slug) {
      const [taken] = await tx.select({ id: events.id }).from(events).where(eq(events.slug, slug));
      if (taken) throw new InvalidInputError(`there is already an event "${slug}"`, 'slug');
    }
    // A scale that no longer holds the scores given would make them meaningless.
    const outside = await tx
      .select({ score: reviews.score, count: count() })
      .from(reviews)
      .innerJoin(talks, eq(talks.id, reviews.talkId))
      .where(and(eq(talks.eventId, event.id), or(lt(reviews.score, reviewScoreMin), gt(reviews.score, reviewScoreMax))))
      .groupBy(reviews.score);
    if (outside.length > 0) {
      const total = outside.reduce((sum, row) => sum + Number(row.count), 0);
      const low = outside.some((row) => row.score < reviewScoreMin);
      const scores = outside.map((row) => row.score).sort((a, b) => a - b);
      throw new InvalidInputError(
        `${total} ${total === 1 ? 'review has' : 'reviews have'} a score outside ${reviewScoreMin} to ${reviewScoreMax} (${scores.join(', ')}): keep the scale wide enough for the reviews given`,
        low ? 'reviewScoreMin' : 'reviewScoreMax',
      );
    }
    const [updated] = await tx
      .update(events)
      .set({
        name,
        slug,
        timezone,
        startsOn,
        endsOn,
        cfpOpensAt,
        cfpClosesAt,
        published: input.published,
        anonymisedReview: input.anonymisedReview,
        reviewScoreMin,
        reviewScoreMax,
        updatedAt: new Date(),
      })
      .where(eq(events.id, event.id))
      .returning();
    // The public program shows the name, and hides unpublished events; a new slug moves it.
    await notifyProgramChanged(tx, event.slug);
    if (slug !== event.slug) await notifyProgramChanged(tx, slug);
    return updated!;
  });
}

/** The events a person works on, for the back office's start page. */
export async function listTeamEvents(
  db: Database,
  actor: Actor | undefined,
): Promise<(EventRecord & { organiser: boolean })[]> {
  const signedIn = requireActor(actor);
  const ids = [...signedIn.roles.entries()].filter(([, r]) => r.organiser || r.reviewer).map(([id]) => id);
  if (ids.length === 0) return [];
  const rows = await db.select().from(events);
  return rows
    .filter((event) => ids.includes(event.id))
    .map((event) => ({ ...event, organiser: isOrganiser(signedIn, event.id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
