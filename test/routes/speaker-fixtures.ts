import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import {
  answers,
  events,
  levels,
  outbox,
  questions,
  speakers,
  talkSpeakers,
  talks,
  tracks,
  users,
  DEFAULT_CFP_FIELDS,
  type CfpFieldSettings,
  type QuestionKind,
} from '../../src/db/schema.js';
import type { Browser } from '../helpers/site.js';

/**
 * An event with its call for proposals open (until Tue 1 Dec 2099, 23:59 PST), in Los Angeles
 * time, with two tracks, three levels and talks of 30 or 45 minutes.
 */
export const OPEN_UNTIL = new Date('2099-12-02T07:59:00Z');
export const OPEN_UNTIL_TEXT = 'Tue 1 Dec 2099, 23:59 PST';
/** A closing time in the past: Sat 29 Feb 2020, 23:59 PST. */
export const CLOSED_AT = new Date('2020-03-01T07:59:00Z');
export const CLOSED_AT_TEXT = 'Sat 29 Feb 2020, 23:59 PST';

export async function createCfpEvent(
  db: Database,
  traits: {
    slug?: string;
    name?: string;
    closesAt?: Date;
    published?: boolean;
    anonymised?: boolean;
    fields?: Partial<CfpFieldSettings>;
  } = {},
) {
  const [event] = await db
    .insert(events)
    .values({
      slug: traits.slug ?? 'pycon-2099',
      name: traits.name ?? 'PyCon 2099',
      timezone: 'America/Los_Angeles',
      published: traits.published ?? true,
      cfpOpensAt: new Date('2020-01-01T08:00:00Z'),
      cfpClosesAt: traits.closesAt ?? OPEN_UNTIL,
      cfpFields: { ...DEFAULT_CFP_FIELDS, ...traits.fields },
      durations: [30, 45],
      anonymisedReview: traits.anonymised ?? false,
    })
    .returning();
  const [web, data] = await db
    .insert(tracks)
    .values([
      { eventId: event!.id, slug: 'web', name: 'All things Web', position: 1 },
      { eventId: event!.id, slug: 'data', name: 'Dealing with Data', position: 2 },
    ])
    .returning();
  const [beginner] = await db
    .insert(levels)
    .values([
      { eventId: event!.id, slug: 'beginner', name: 'Beginner', position: 1 },
      { eventId: event!.id, slug: 'intermediate', name: 'Intermediate', position: 2 },
      { eventId: event!.id, slug: 'advanced', name: 'Advanced', position: 3 },
    ])
    .returning();
  return { event: event!, web: web!, data: data!, beginner: beginner! };
}

export async function createQuestion(
  db: Database,
  eventId: number,
  traits: {
    label: string;
    kind?: QuestionKind;
    choices?: string[];
    required?: boolean;
    isPublic?: boolean;
    visibleToReviewers?: boolean;
    position?: number;
  },
) {
  const [question] = await db
    .insert(questions)
    .values({
      eventId,
      label: traits.label,
      kind: traits.kind ?? 'text',
      choices: traits.choices ?? [],
      required: traits.required ?? false,
      isPublic: traits.isPublic ?? false,
      visibleToReviewers: traits.visibleToReviewers ?? true,
      position: traits.position ?? 1,
    })
    .returning();
  return question!;
}

/** A complete proposal form, as a speaker fills it in the first time. */
export function completeProposal(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: 'submit',
    title: 'Typing the untyped',
    description: 'How gradual typing pays off in a large codebase.',
    abstract: '',
    track: 'web',
    level: 'beginner',
    duration: '30',
    notes: '',
    speakerName: 'Ada Lovelace',
    biography: 'Ada writes programs for engines.',
    ...overrides,
  };
}

/** Submits a form and returns the new proposal's code from the redirect. */
export async function submitProposal(
  browser: Browser,
  eventSlug: string,
  form: Record<string, string>,
): Promise<string> {
  const response = await browser.post(`/${eventSlug}/cfp/submit`, form, { formUrl: `/${eventSlug}/cfp/submit` });
  if (response.statusCode !== 303)
    throw new Error(`submission failed (${response.statusCode}): ${response.body.slice(0, 2000)}`);
  const match = /\/me\/proposals\/([A-F0-9]+)$/.exec(String(response.headers.location));
  if (!match) throw new Error(`unexpected redirect ${String(response.headers.location)}`);
  return match[1]!;
}

export async function talkByCode(db: Database, code: string) {
  const [talk] = await db.select().from(talks).where(eq(talks.code, code));
  if (!talk) throw new Error(`no talk ${code}`);
  return talk;
}

/** The talk's speakers as (account email, name, biography), in order. */
export async function speakersOf(db: Database, talkId: number) {
  return db
    .select({ email: users.email, name: speakers.name, biography: speakers.biography })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .innerJoin(users, eq(users.id, speakers.userId))
    .where(eq(talkSpeakers.talkId, talkId))
    .orderBy(asc(talkSpeakers.position));
}

export async function answersOf(db: Database, talkId: number) {
  return db
    .select({ questionId: answers.questionId, value: answers.value })
    .from(answers)
    .where(eq(answers.talkId, talkId))
    .orderBy(asc(answers.questionId));
}

export async function mailsTo(db: Database, recipient: string) {
  return db.select().from(outbox).where(eq(outbox.recipient, recipient)).orderBy(asc(outbox.id));
}

export async function countRows(db: Database) {
  return {
    talks: await db.$count(talks),
    speakers: await db.$count(speakers),
    answers: await db.$count(answers),
    outbox: await db.$count(outbox),
  };
}

export async function setState(db: Database, code: string, state: (typeof talks.$inferSelect)['state']) {
  await db.update(talks).set({ state }).where(eq(talks.code, code));
}

export async function closeCfp(db: Database, eventId: number, at = CLOSED_AT) {
  await db.update(events).set({ cfpClosesAt: at }).where(eq(events.id, eventId));
}

/** Waits for a condition that becomes true asynchronously (a NOTIFY reaching the agenda), failing after a few seconds. */
export async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
