import { and, count, eq, gt, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { eventMembers, events, levels, reviews, talks } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import {
  parseDate,
  parseLocalDateTime,
  requireListedTimeZone,
  requireTimeZone,
  toLocalInputValue,
} from '../../shared/time.js';
import { requireActor, isOrganiser, type Actor } from '../accounts/index.js';
import { requireEventLanding, type EventLandingInput } from './event-landing.js';
import { requireEventCreator, requireProgramOrganiser } from './policy.js';
import { notifyProgramChanged } from './program-changes.js';

export type EventRecord = typeof events.$inferSelect;

/**
 * The first path segments Lectern's own routes use, so never an event's slug (an event there
 * would have its public pages at back-office or API addresses). The one list: every creator
 * and rename of an event checks it, and a test checks it against every route the app registers.
 */
export const RESERVED_EVENT_SLUGS: ReadonlySet<string> = new Set([
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
  'readyz',
  'metrics',
  'me',
  'setup',
  'media',
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

/** The answer to an unknown event, also given where an existing one must not be revealed. */
export function noSuchEvent(slug: string): NotFoundError {
  return new NotFoundError(`There is no event "${slug}".`);
}

export async function findEventBySlug(db: Database, slug: string): Promise<EventRecord> {
  const [event] = await db.select().from(events).where(eq(events.slug, slug));
  if (!event) throw noSuchEvent(slug);
  return event;
}

export type CfpState = 'not-configured' | 'upcoming' | 'open' | 'closed';

/** Whether proposals may be submitted now: the server's clock against the event's window. */
export function cfpState(event: Pick<EventRecord, 'cfpOpensAt' | 'cfpClosesAt'>, now = new Date()): CfpState {
  if (!event.cfpClosesAt) return 'not-configured';
  if (event.cfpOpensAt && now < event.cfpOpensAt) return 'upcoming';
  return now < event.cfpClosesAt ? 'open' : 'closed';
}

/** The levels every new event starts with, in this order (slugs `beginner`, `intermediate`, `advanced`). */
export const DEFAULT_LEVEL_NAMES = ['Beginner', 'Intermediate', 'Advanced'] as const;

export const MAX_EVENT_NAME = 200;

/** The name, trimmed and with its spacing folded, if it can be shown as one line of a page. */
export function requireEventName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new InvalidInputError('the event name must not be empty', field);
  if (/[\u0000-\u001f\u007f]|\p{Cs}/u.test(trimmed))
    throw new InvalidInputError('the event name must be one line of text, without control characters', field);
  if (trimmed.length > MAX_EVENT_NAME)
    throw new InvalidInputError(`the event name must be at most ${MAX_EVENT_NAME} characters long`, field);
  return trimmed.replace(/\s+/g, ' ');
}

/** A name for an event nobody named: "pybay-2016" → "Pybay 2016". */
export function eventNameFromSlug(slug: string): string {
  return slug
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

export interface NewEventInput {
  slug: string;
  name: string;
  timezone: string;
}

/** What a new event is made of; what is left out takes the table's defaults. */
export interface NewEventRecord extends NewEventInput {
  published: boolean;
  startsOn?: string | null;
  endsOn?: string | null;
  acronym?: string | null;
}

/** The names the caller's input gives the slug, name and time zone, for its error messages. */
export interface EventFieldNames {
  slug: string;
  name: string;
  timezone: string;
}

const FORM_FIELDS: EventFieldNames = { slug: 'slug', name: 'name', timezone: 'timezone' };

/**
 * The one place an event comes to be: the back office, `lectern create-event` and both
 * importers call it, inside their own transaction. Checks the slug (format and reserved list),
 * the name and the time zone, naming the caller's fields; adds the three usual levels, and
 * the creator as first organiser when there is one. One statement per table.
 */
export async function insertEventRecord(
  tx: Database,
  input: NewEventRecord,
  options: { fields?: EventFieldNames; organiserId?: number | undefined } = {},
): Promise<EventRecord> {
  const fields = options.fields ?? FORM_FIELDS;
  const values = {
    ...input,
    slug: requireEventSlug(input.slug, fields.slug),
    name: requireEventName(input.name, fields.name),
    timezone: requireTimeZone(input.timezone, fields.timezone),
  };
  const [event] = await tx.insert(events).values(values).onConflictDoNothing({ target: events.slug }).returning();
  if (!event) throw new InvalidInputError(`there is already an event "${values.slug}"`, fields.slug);
  if (options.organiserId !== undefined)
    await tx.insert(eventMembers).values({ eventId: event.id, userId: options.organiserId, role: 'organiser' });
  await tx.insert(levels).values(
    DEFAULT_LEVEL_NAMES.map((levelName, i) => ({
      eventId: event.id,
      slug: levelName.toLowerCase(),
      name: levelName,
      position: i + 1,
    })),
  );
  return event;
}

/** What other modules may change of an event, through updateEventRecord. */
export type EventRecordChanges = Partial<
  Pick<
    EventRecord,
    | 'name'
    | 'timezone'
    | 'startsOn'
    | 'endsOn'
    | 'acronym'
    | 'cfpFields'
    | 'cfpIntro'
    | 'durations'
    | 'interestBallotOpen'
    | 'interestBallotClosesAt'
    | 'expectedAttendance'
    | 'reviewScoreMin'
    | 'reviewScoreMax'
  >
>;

/**
 * Writes changes other modules make to an event (an import's name and days, the proposal
 * form's settings), each already checked by its caller, and stamps its update time; with no
 * changes, only the stamp. Only this module writes the events table (a lint rule enforces it).
 */
export async function updateEventRecord(
  tx: Database,
  eventId: number,
  changes: EventRecordChanges,
): Promise<EventRecord> {
  const [updated] = await tx
    .update(events)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(events.id, eventId))
    .returning();
  if (!updated) throw new NotFoundError(`There is no event ${eventId}.`);
  return updated;
}

/** What an import says of its event; what it leaves undefined an existing event keeps. */
export type ImportedEventValues = {
  [K in 'name' | 'timezone' | 'startsOn' | 'endsOn' | 'acronym']?: EventRecord[K] | undefined;
};

/**
 * The event an import writes into, found by its slug (and locked for the import's
 * transaction): created when there is none (published, so that the public pages show what was
 * imported, with `defaults` for what the file does not give), else brought up to date with what
 * the file gives, writing only when something differs. Both importers sync their event here.
 */
export async function syncImportedEvent(
  tx: Database,
  slug: string,
  given: ImportedEventValues,
  defaults: { name: string; timezone: string },
  fields: EventFieldNames,
): Promise<{ event: EventRecord; created: boolean; changed: boolean }> {
  const [existing] = await tx.select().from(events).where(eq(events.slug, slug)).for('update');
  if (!existing) {
    const event = await insertEventRecord(
      tx,
      {
        slug,
        name: given.name ?? defaults.name,
        timezone: given.timezone ?? defaults.timezone,
        startsOn: given.startsOn ?? null,
        endsOn: given.endsOn ?? null,
        acronym: given.acronym ?? null,
        published: true,
      },
      { fields },
    );
    return { event, created: true, changed: true };
  }
  const changes: EventRecordChanges = {};
  for (const key of ['name', 'timezone', 'startsOn', 'endsOn', 'acronym'] as const) {
    const value = given[key];
    if (value !== undefined && value !== existing[key]) Object.assign(changes, { [key]: value });
  }
  if (Object.keys(changes).length === 0) return { event: existing, created: false, changed: false };
  return { event: await updateEventRecord(tx, existing.id, changes), created: false, changed: true };
}

/**
 * Creates an event; its creator becomes its first organiser. Anyone who organises an event
 * may create another (a new installation gets its first event and organiser from the CLI).
 * A new event starts unpublished, with the three usual levels and no tracks.
 */
export async function createEvent(db: Database, actor: Actor | undefined, input: NewEventInput): Promise<EventRecord> {
  const signedIn = requireEventCreator(actor);
  // The back office offers the listed zones; insertEventRecord takes any IANA name (imports, the CLI).
  const timezone = requireListedTimeZone(input.timezone, FORM_FIELDS.timezone);
  return db.transaction((tx) =>
    insertEventRecord(tx, { ...input, timezone, published: false }, { organiserId: signedIn.user.id }),
  );
}

/**
 * Creates an event from the command line, for an installation without the sample: whoever
 * runs the CLI holds the database, so there is no actor; its organisers are added next with
 * `lectern create-organiser`. Errors name the command's arguments.
 */
export async function createEventFromCommandLine(db: Database, input: NewEventInput): Promise<EventRecord> {
  return db.transaction((tx) =>
    insertEventRecord(
      tx,
      { ...input, published: false },
      { fields: { slug: 'SLUG', name: '--name', timezone: '--timezone' } },
    ),
  );
}

/**
 * The settings form's values, as typed: times in the event's own zone. The proposal form's
 * fields and talk lengths are the cfp module's (the proposal-form page).
 */
export interface EventSettingsInput extends EventLandingInput {
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
  /** Reviewing is open (default: unchanged). */
  reviewOpen?: boolean | undefined;
  /** Reviewers see others' reviews of a proposal only once they reviewed it (default: unchanged). */
  reviewsHiddenUntilReviewed?: boolean | undefined;
  reviewScoreMin: number;
  reviewScoreMax: number;
}

/** An event's settings as the form shows them: the CFP's times in the event's zone. */
export function getEventSettings(
  actor: Actor | undefined,
  event: EventRecord,
): EventSettingsInput & { reviewOpen: boolean; reviewsHiddenUntilReviewed: boolean } {
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
    reviewOpen: event.reviewOpen,
    reviewsHiddenUntilReviewed: event.reviewsHiddenUntilReviewed,
    reviewScoreMin: event.reviewScoreMin,
    reviewScoreMax: event.reviewScoreMax,
    venueName: event.venueName,
    venueAddress: event.venueAddress,
    venueMapUrl: event.venueMapUrl ?? '',
    description: event.description,
    logoUrl: event.logoUrl ?? '',
    brandColor: event.brandColor ?? '',
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
  // The listed zones, or the event's own as it is (an import may have set one outside the list).
  const timezone = requireListedTimeZone(input.timezone, 'timezone', event.timezone);
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
  const landing = requireEventLanding(input);
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
        reviewOpen: input.reviewOpen ?? event.reviewOpen,
        reviewsHiddenUntilReviewed: input.reviewsHiddenUntilReviewed ?? event.reviewsHiddenUntilReviewed,
        reviewScoreMin,
        reviewScoreMax,
        ...landing,
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
