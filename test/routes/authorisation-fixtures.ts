import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/client.js';
import {
  accessCodes,
  apiTokens,
  attendeeAgendas,
  eventDays,
  eventMembers,
  interestBallots,
  interestBallotTalks,
  events,
  levels,
  mailTemplates,
  outbox,
  questions,
  reviews,
  rooms,
  scheduleSlots,
  sessionTypes,
  speakerAvailability,
  speakerInvitations,
  speakerPhotos,
  speakers,
  talkSpeakers,
  talks,
  timeSlots,
  tracks,
  userTokens,
  webhookDeliveries,
  webhookEndpoints,
  DEFAULT_CFP_FIELDS,
  scheduleProposals,
} from '../../src/db/schema.js';
import { speakerNameKey } from '../../src/modules/program/names.js';
import { releaseScheduleWithin } from '../../src/modules/schedule/index.js';
import { hashToken, newToken } from '../../src/shared/tokens.js';
import type { App } from '../../src/web/types.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { Checkpoint, publicTables } from '../helpers/checkpoint.js';
import { resetDatabase, testDatabase } from '../helpers/database.js';
import { addToTeam, Browser, createUser, TEST_PASSWORD } from '../helpers/site.js';

/**
 * The world of the authorisation matrix: two events and a person in every role, the objects
 * every route's parameters name (with real ids, codes and tokens), a browser logged in for
 * each role, and a checkpoint of the database to go back to after a route changed something.
 */

/** The columns of a table each route's path parameters name, by role-independent fixture. */
export interface World {
  a: EventIds;
  b: EventIds;
  /** The proposal the matrix is about: submitted, in event A's web track, by the speaker and the co-speaker. */
  proposal: { id: number; code: string };
  /** An accepted proposal of the same two speakers, for the confirm route. */
  accepted: { id: number; code: string };
  /** A talk on A's program (confirmed, data track, needing attention) with two speakers without accounts. */
  programTalk: { id: number; code: string; slug: string; speakerIds: [number, number]; speakerSlug: string };
  /** The address of the photo Sam uploaded, which his profile at A shows. */
  photoPath: string;
  /** Sam's speaker profile at event B (no talk there): his profile at A may take its biography, photo and links. */
  speakerElsewhere: number;
  /** A pending co-speaker invitation on the proposal, and its link's token. */
  invitation: { id: number; token: string };
  /** One-time links of the user without a role, the newcomer, and the unverified signup. */
  resetToken: string;
  setToken: string;
  verifyToken: string;
  /** A shared agenda of event A (the program talk starred): its token and its read-only share id. */
  sharedAgenda: { token: string; shareId: string };
  /** An interest ballot of event A (the program talk marked), whose ballot is open: its token. */
  interestBallot: { token: string };
  /** Secrets of the organiser API, one per event. */
  apiTokenA: string;
  apiTokenB: string;
  /**
   * A's work-in-progress schedule: two rooms (the program talk placed in the first, 10:00 on
   * 2099-06-01; the second empty), a busy day and an empty one, a lunch break across every
   * room, and a window of the speaker's availability. Released as version "1".
   */
  schedule: {
    roomId: number;
    emptyRoomId: number;
    dayId: number;
    emptyDayId: number;
    blockId: number;
    availabilityId: number;
    /** The busy day's first time slot (09:00–10:00; a second runs 10:00–11:00). */
    timeSlotId: number;
    /** A finished proposal nobody decided on: it moves the program talk to the empty room. */
    proposalId: number;
  };
}

export interface EventIds {
  id: number;
  slug: string;
  webTrackId: number;
  dataTrackId: number;
  levelId: number;
  /** The first of its two session types (Talk). */
  sessionTypeId: number;
  questionId: number;
  messageId: number;
  /** A draft in the outbox (a decision mail not sent yet). */
  draftId: number;
  /** A webhook endpoint (active, https), and a failed delivery to it. */
  webhookId: number;
  webhookDeliveryId: number;
  /** An access code of the event. */
  accessCodeId: number;
  apiTokenId: number;
  /** The event_members row of the (unlimited) reviewer, or of B's organiser at B. */
  memberId: number;
  /** A proposal of the event, for guessing at another event. */
  proposalCode: string;
  speakerId: number;
}

export const EMAILS = {
  user: 'ursula@example.com',
  speaker: 'sam@example.com',
  coSpeaker: 'cora@example.com',
  reviewer: 'rita@example.com',
  trackReviewer: 'tom@example.com',
  organiser: 'olga@example.com',
  otherOrganiser: 'otto@example.com',
  /** Has no password yet: the owner of the set-password link. */
  newcomer: 'nina@example.com',
  /** Signed up, has not opened the verification link yet. */
  unverified: 'vera@example.com',
} as const;

const OPEN = { cfpOpensAt: new Date('2020-01-01T00:00:00Z'), cfpClosesAt: new Date('2099-12-31T00:00:00Z') };

async function createEvent(db: Database, slug: string, name: string) {
  const [event] = await db
    .insert(events)
    .values({
      slug,
      name,
      timezone: 'Europe/Paris',
      published: true,
      ...OPEN,
      cfpFields: DEFAULT_CFP_FIELDS,
      durations: [30, 45],
    })
    .returning();
  const [web, data] = await db
    .insert(tracks)
    .values([
      { eventId: event!.id, slug: 'web', name: 'Web', position: 1 },
      { eventId: event!.id, slug: 'data', name: 'Data', position: 2 },
    ])
    .returning();
  // Two of each, so that moving one changes something.
  const [level] = await db
    .insert(levels)
    .values([
      { eventId: event!.id, slug: 'beginner', name: 'Beginner', position: 1 },
      { eventId: event!.id, slug: 'advanced', name: 'Advanced', position: 2 },
    ])
    .returning();
  // Two session types, so that moving one changes something; none of the talks is of one.
  const [sessionType] = await db
    .insert(sessionTypes)
    .values([
      { eventId: event!.id, slug: 'talk', name: 'Talk', durationMinutes: 30, position: 1 },
      { eventId: event!.id, slug: 'workshop', name: 'Workshop', durationMinutes: 90, position: 2 },
    ])
    .returning();
  const [question] = await db
    .insert(questions)
    .values([
      { eventId: event!.id, label: 'Have you spoken before?', kind: 'boolean', position: 1 },
      { eventId: event!.id, label: 'Anything else?', kind: 'text', position: 2 },
    ])
    .returning();
  await db.insert(mailTemplates).values({
    eventId: event!.id,
    key: 'proposal-rejected',
    subject: '[{event_name}] About "{proposal_title}"',
    body: 'Hello {speaker_name}, sorry.',
  });
  const [message] = await db
    .insert(outbox)
    .values({
      eventId: event!.id,
      recipient: 'someone@example.com',
      subject: `[${name}] A mail that failed`,
      body: 'It could not be delivered.',
      messageId: `<${slug}-failed@lectern.test>`,
      status: 'failed',
      attempts: 8,
      lastError: 'connection refused',
    })
    .returning();
  const [draft] = await db
    .insert(outbox)
    .values({
      eventId: event!.id,
      recipient: 'someone@example.com',
      subject: `[${name}] A decision mail not sent yet`,
      body: 'Your proposal was accepted.',
      messageId: `<${slug}-draft@lectern.test>`,
      status: 'draft',
    })
    .returning();
  const [webhook] = await db
    .insert(webhookEndpoints)
    .values({
      eventId: event!.id,
      url: `https://hooks.example.org/${slug}`,
      events: ['talk.updated'],
      secret: `whsec_${slug}-secret`,
    })
    .returning();
  const [webhookDelivery] = await db
    .insert(webhookDeliveries)
    .values({
      uuid: sql`gen_random_uuid()`,
      endpointId: webhook!.id,
      eventType: 'ping',
      data: { message: 'A test.' },
      status: 'failed',
      attempts: 10,
      lastStatus: 500,
      lastError: 'HTTP 500',
    })
    .returning();
  const [accessCode] = await db
    .insert(accessCodes)
    .values({ eventId: event!.id, code: `${slug.toUpperCase()}-INVITED` })
    .returning();
  return {
    webhook: webhook!,
    webhookDelivery: webhookDelivery!,
    event: event!,
    web: web!,
    data: data!,
    level: level!,
    sessionType: sessionType!,
    question: question!,
    message: message!,
    draft: draft!,
    accessCode: accessCode!,
  };
}

async function insertTalk(
  db: Database,
  values: {
    eventId: number;
    slug: string;
    title: string;
    state: (typeof talks.$inferInsert)['state'];
    trackId: number;
    position: number;
    attention?: string[];
  },
) {
  const [talk] = await db
    .insert(talks)
    .values({
      ...values,
      description: `What ${values.title} is about.`,
      submittedAt: values.state === 'draft' ? null : new Date('2026-01-10T10:00:00Z'),
      durationMinutes: 30,
    })
    .returning();
  return talk!;
}

async function insertSpeaker(db: Database, eventId: number, name: string, userId: number | null) {
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '-');
  const [speaker] = await db
    .insert(speakers)
    .values({ eventId, slug, name, nameKey: speakerNameKey(name), biography: `${name} speaks.`, userId })
    .returning();
  return speaker!;
}

async function insertApiToken(db: Database, eventId: number, userId: number, name: string) {
  const token = newToken('lct_');
  const [row] = await db
    .insert(apiTokens)
    .values({ eventId, userId, name, tokenHash: hashToken(token), prefix: token.slice(0, 10) })
    .returning();
  return { token, id: row!.id };
}

/** Writes the world (the database must be empty). */
export async function buildWorld(db: Database): Promise<World> {
  const a = await createEvent(db, 'conf-a', 'Conference A');
  const b = await createEvent(db, 'conf-b', 'Conference B');

  const user = await createUser(db, { email: EMAILS.user, name: 'Ursula User' });
  const speakerUser = await createUser(db, { email: EMAILS.speaker, name: 'Sam Speaker' });
  const coSpeakerUser = await createUser(db, { email: EMAILS.coSpeaker, name: 'Cora Cospeaker' });
  const reviewer = await createUser(db, { email: EMAILS.reviewer, name: 'Rita Reviewer' });
  const trackReviewer = await createUser(db, { email: EMAILS.trackReviewer, name: 'Tom Trackreviewer' });
  const organiser = await createUser(db, { email: EMAILS.organiser, name: 'Olga Organiser' });
  const otherOrganiser = await createUser(db, { email: EMAILS.otherOrganiser, name: 'Otto Other' });
  const newcomer = await createUser(db, { email: EMAILS.newcomer, name: '', password: false });
  const unverified = await createUser(db, { email: EMAILS.unverified, name: 'Vera Verifying', verified: false });

  await addToTeam(db, 'conf-a', organiser.id, 'organiser');
  await addToTeam(db, 'conf-a', reviewer.id, 'reviewer');
  // Limited to the data track: the proposal is in the web track.
  await addToTeam(db, 'conf-a', trackReviewer.id, 'reviewer', [a.data.id]);
  await addToTeam(db, 'conf-b', otherOrganiser.id, 'organiser');
  const [reviewerMember] = await db
    .select({ id: eventMembers.id })
    .from(eventMembers)
    .where(sql`${eventMembers.userId} = ${reviewer.id} and ${eventMembers.eventId} = ${a.event.id}`);
  const [otherMember] = await db
    .select({ id: eventMembers.id })
    .from(eventMembers)
    .where(sql`${eventMembers.userId} = ${otherOrganiser.id}`);

  // Event A: a proposal by Sam with Cora as co-speaker (an accepted invitation), an accepted
  // one of theirs, a pending invitation, and a talk on the program.
  const sam = await insertSpeaker(db, a.event.id, 'Sam Speaker', speakerUser.id);
  const cora = await insertSpeaker(db, a.event.id, 'Cora Cospeaker', coSpeakerUser.id);
  const proposal = await insertTalk(db, {
    eventId: a.event.id,
    slug: 'scaling-the-web',
    title: 'Scaling the web',
    state: 'submitted',
    trackId: a.web.id,
    position: 1,
  });
  const accepted = await insertTalk(db, {
    eventId: a.event.id,
    slug: 'web-sockets-in-practice',
    title: 'Web sockets in practice',
    state: 'accepted',
    trackId: a.web.id,
    position: 2,
  });
  // Rita's review of the proposal: hers to change or delete.
  await db.insert(reviews).values({ talkId: proposal.id, userId: reviewer.id, score: 1, comment: 'Needs work.' });
  for (const talk of [proposal, accepted]) {
    await db.insert(talkSpeakers).values([
      { talkId: talk.id, speakerId: sam.id, position: 1 },
      { talkId: talk.id, speakerId: cora.id, position: 2 },
    ]);
  }
  await db.insert(speakerInvitations).values({
    talkId: proposal.id,
    email: EMAILS.coSpeaker,
    tokenHash: hashToken(newToken()),
    invitedBy: speakerUser.id,
    expiresAt: new Date('2099-01-01T00:00:00Z'),
    acceptedAt: new Date('2026-01-11T10:00:00Z'),
  });
  const invitationToken = newToken();
  const [invitation] = await db
    .insert(speakerInvitations)
    .values({
      talkId: proposal.id,
      email: 'invitee@example.com',
      tokenHash: hashToken(invitationToken),
      invitedBy: speakerUser.id,
      expiresAt: new Date('2099-01-01T00:00:00Z'),
    })
    .returning();
  const programTalk = await insertTalk(db, {
    eventId: a.event.id,
    slug: 'data-at-rest',
    title: 'Data at rest',
    state: 'confirmed',
    trackId: a.data.id,
    position: 3,
    attention: ['its abstract is missing'],
  });
  const kim = await insertSpeaker(db, a.event.id, 'Kim Keynote', null);
  const lee = await insertSpeaker(db, a.event.id, 'Lee Lightning', null);
  await db.insert(talkSpeakers).values([
    { talkId: programTalk.id, speakerId: kim.id, position: 1 },
    { talkId: programTalk.id, speakerId: lee.id, position: 2 },
  ]);

  // Event B: a proposal of its own, for guessing its codes at A.
  const bSpeaker = await insertSpeaker(db, b.event.id, 'Bea Bspeaker', null);
  const bProposal = await insertTalk(db, {
    eventId: b.event.id,
    slug: 'b-proposal',
    title: 'A proposal to B',
    state: 'submitted',
    trackId: b.web.id,
    position: 1,
  });
  await db.insert(talkSpeakers).values({ talkId: bProposal.id, speakerId: bSpeaker.id, position: 1 });
  const samAtB = await insertSpeaker(db, b.event.id, 'Sam Speaker', speakerUser.id);
  const [photo] = await db
    .insert(speakerPhotos)
    .values({
      userId: speakerUser.id,
      hash: '0123456789abcdef',
      contentType: 'image/png',
      width: 4,
      height: 4,
      bytes: TINY_PNG,
    })
    .returning();
  const photoPath = `/media/speaker-photos/${photo!.id}-${photo!.hash}.webp`;
  await db.update(speakers).set({ photoUrl: photoPath }).where(eq(speakers.id, sam.id));

  // A's schedule. Its dates run 2099-06-01 to -02; -02 has no day yet (for "create the days
  // from the event's dates"), -03 is a day with nothing in it (for removing a day).
  await db
    .update(events)
    .set({ startsOn: '2099-06-01', endsOn: '2099-06-02' })
    .where(sql`${events.id} = ${a.event.id}`);
  const [hall, emptyRoom] = await db
    .insert(rooms)
    .values([
      { eventId: a.event.id, slug: 'hall-a', name: 'Hall A', capacity: 100, position: 1 },
      { eventId: a.event.id, slug: 'hall-b', name: 'Hall B', position: 2 },
    ])
    .returning();
  const paris = (date: string, time: string) => new Date(`${date}T${time}:00+02:00`);
  const [busyDay, emptyDay] = await db
    .insert(eventDays)
    .values([
      {
        eventId: a.event.id,
        date: '2099-06-01',
        startsAt: paris('2099-06-01', '09:00'),
        endsAt: paris('2099-06-01', '18:00'),
      },
      {
        eventId: a.event.id,
        date: '2099-06-03',
        startsAt: paris('2099-06-03', '09:00'),
        endsAt: paris('2099-06-03', '18:00'),
      },
    ])
    .returning();
  const [, lunch] = await db
    .insert(scheduleSlots)
    .values([
      {
        eventId: a.event.id,
        kind: 'talk',
        talkId: programTalk.id,
        roomId: hall!.id,
        startsAt: paris('2099-06-01', '10:00'),
        endsAt: paris('2099-06-01', '10:30'),
      },
      {
        eventId: a.event.id,
        kind: 'break',
        title: 'Lunch',
        roomId: null,
        startsAt: paris('2099-06-01', '12:00'),
        endsAt: paris('2099-06-01', '13:00'),
      },
    ])
    .returning();
  const [firstTimeSlot] = await db
    .insert(timeSlots)
    .values([
      {
        eventId: a.event.id,
        dayId: busyDay!.id,
        startsAt: paris('2099-06-01', '09:00'),
        endsAt: paris('2099-06-01', '10:00'),
      },
      {
        eventId: a.event.id,
        dayId: busyDay!.id,
        startsAt: paris('2099-06-01', '10:00'),
        endsAt: paris('2099-06-01', '11:00'),
      },
    ])
    .returning();
  const [samWindow] = await db
    .insert(speakerAvailability)
    .values({ speakerId: sam.id, startsAt: paris('2099-06-01', '09:00'), endsAt: paris('2099-06-01', '12:00') })
    .returning();
  // Released as version "1", so that the public schedule, its exports and the changelog have one to show.
  await db.transaction((tx) =>
    releaseScheduleWithin(tx, a.event, { version: '1', comment: 'The first schedule.' }, null),
  );
  // Then a change not yet released, so that an organiser's release has something to publish.
  await db
    .update(scheduleSlots)
    .set({ title: 'Long lunch' })
    .where(sql`${scheduleSlots.id} = ${lunch!.id}`);

  const [scheduleProposal] = await db
    .insert(scheduleProposals)
    .values({
      eventId: a.event.id,
      status: 'done',
      options: { seconds: 5, seed: 1, keepPlaced: false },
      result: {
        outcome: {
          placements: [
            {
              talkId: programTalk.id,
              roomId: emptyRoom!.id,
              startsAt: paris('2099-06-01', '10:00').toISOString(),
              endsAt: paris('2099-06-01', '10:30').toISOString(),
            },
          ],
          unplaced: [],
          terms: { missed: 0, overflow: 0, parallel: 0, moved: 1 },
          weights: { missed: 4, overflow: 3, parallel: 2, moved: 1 },
          lexicographic: true,
          lowerBound: 0,
          boundExact: true,
          gap: 0,
          stoppedBy: 'time',
          elapsedMs: 5000,
          iterations: 1000,
          whyHere: {},
        },
      },
    })
    .returning({ id: scheduleProposals.id });

  const tokenA = await insertApiToken(db, a.event.id, organiser.id, 'A export');
  const tokenB = await insertApiToken(db, b.event.id, otherOrganiser.id, 'B export');

  const resetToken = newToken();
  const setToken = newToken();
  const verifyToken = newToken();
  const later = new Date(Date.now() + 86_400_000);
  await db.insert(userTokens).values([
    { userId: user.id, purpose: 'reset-password', tokenHash: hashToken(resetToken), expiresAt: later },
    { userId: newcomer.id, purpose: 'set-password', tokenHash: hashToken(setToken), expiresAt: later },
    { userId: unverified.id, purpose: 'verify-email', tokenHash: hashToken(verifyToken), expiresAt: later },
  ]);

  const sharedAgenda = { token: newToken(), shareId: newToken('', 16) };
  await db.insert(attendeeAgendas).values({
    eventId: a.event.id,
    tokenHash: hashToken(sharedAgenda.token),
    shareId: sharedAgenda.shareId,
    talkSlugs: [programTalk.slug],
  });

  const interestBallot = { token: newToken() };
  await db.update(events).set({ interestBallotOpen: true }).where(eq(events.id, a.event.id));
  const [ballot] = await db
    .insert(interestBallots)
    .values({ eventId: a.event.id, tokenHash: hashToken(interestBallot.token) })
    .returning({ id: interestBallots.id });
  await db.insert(interestBallotTalks).values({ ballotId: ballot!.id, talkId: programTalk.id });

  const ids = (
    made: Awaited<ReturnType<typeof createEvent>>,
    extra: { apiTokenId: number; memberId: number; proposalCode: string; speakerId: number },
  ): EventIds => ({
    id: made.event.id,
    slug: made.event.slug,
    webTrackId: made.web.id,
    dataTrackId: made.data.id,
    levelId: made.level.id,
    sessionTypeId: made.sessionType.id,
    questionId: made.question.id,
    messageId: made.message.id,
    draftId: made.draft.id,
    webhookId: made.webhook.id,
    webhookDeliveryId: made.webhookDelivery.id,
    accessCodeId: made.accessCode.id,
    ...extra,
  });
  return {
    a: ids(a, { apiTokenId: tokenA.id, memberId: reviewerMember!.id, proposalCode: proposal.code, speakerId: sam.id }),
    b: ids(b, {
      apiTokenId: tokenB.id,
      memberId: otherMember!.id,
      proposalCode: bProposal.code,
      speakerId: bSpeaker.id,
    }),
    proposal: { id: proposal.id, code: proposal.code },
    accepted: { id: accepted.id, code: accepted.code },
    programTalk: {
      id: programTalk.id,
      code: programTalk.code,
      slug: programTalk.slug,
      speakerIds: [kim.id, lee.id],
      speakerSlug: kim.slug,
    },
    invitation: { id: invitation!.id, token: invitationToken },
    speakerElsewhere: samAtB.id,
    photoPath,
    resetToken,
    setToken,
    verifyToken,
    sharedAgenda,
    interestBallot,
    apiTokenA: tokenA.token,
    apiTokenB: tokenB.token,
    schedule: {
      roomId: hall!.id,
      emptyRoomId: emptyRoom!.id,
      dayId: busyDay!.id,
      emptyDayId: emptyDay!.id,
      blockId: lunch!.id,
      availabilityId: samWindow!.id,
      timeSlotId: firstTimeSlot!.id,
      proposalId: scheduleProposal!.id,
    },
  };
}

/** The roles of the matrix, in the order of its columns. */
export const SESSION_ROLES = [
  'anonymous',
  'user',
  'speaker',
  'coSpeaker',
  'reviewer',
  'trackReviewer',
  'organiser',
  'otherOrganiser',
] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];
export const TOKEN_ROLES = ['tokenA', 'tokenB'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
export type Role = SessionRole | TokenRole;

/** A browser per session role: logged in once, through the real login form. */
export async function logInEveryone(app: App): Promise<Record<SessionRole, Browser>> {
  const browsers = {} as Record<SessionRole, Browser>;
  for (const role of SESSION_ROLES) {
    const browser = new Browser(app);
    if (role === 'anonymous') await browser.get('/login');
    else await browser.login(EMAILS[role]);
    browsers[role] = browser;
  }
  return browsers;
}

/** A copy of a browser (cookies and CSRF token), so that what one request does to cookies stays with it. */
export function cloneBrowser(app: App, browser: Browser): Browser {
  const copy = new Browser(app);
  for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
  copy.csrf = browser.csrf;
  return copy;
}

/** Posts a form with the browser's cookies and a valid CSRF token, never fetching a page first. */
export function postForm(
  browser: Browser,
  url: string,
  form: Record<string, string | string[]>,
): Promise<LightMyRequestResponse> {
  if (!browser.csrf) throw new Error('the browser has no CSRF token');
  return browser.post(url, form);
}

/**
 * Columns that record use rather than change, written by requests that change nothing else:
 * a session's last sight (refreshed every few minutes), an API token's last use, and the
 * rate-limit counters (a refused request still counts against the limit, as it should).
 */
const BOOKKEEPING: Record<string, string[]> = {
  sessions: ['last_seen_at', 'expires_at'],
  api_tokens: ['last_used_at'],
};

/** Every row of every table but rate_limits, without bookkeeping columns, in one round trip. */
export async function dumpState(db: Database): Promise<Record<string, string[]>> {
  const tables = (await publicTables(db)).map((t) => t.name).filter((name) => name !== 'rate_limits');
  tables.sort();
  const selects = tables.map((name) => {
    const drop = (BOOKKEEPING[name] ?? []).map((column) => ` - '${column}'`).join('');
    return `select '${name}' as t, (to_jsonb(x)${drop})::text as row from public."${name}" x`;
  });
  const result = await db.execute(sql.raw(selects.join(' union all ')));
  const dump: Record<string, string[]> = Object.fromEntries(tables.map((name) => [name, []]));
  for (const { t, row } of (result as unknown as { rows: { t: string; row: string }[] }).rows) dump[t]!.push(row);
  for (const rows of Object.values(dump)) rows.sort();
  return dump;
}

export interface RegisteredRoute {
  method: string;
  path: string;
}

/**
 * Every route the app registered, from Fastify's own route tree: each line of printRoutes is a
 * segment of its parent's path, followed by the methods registered there.
 */
export function registeredRoutes(app: App): RegisteredRoute[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const routes: RegisteredRoute[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    while (stack.length > 0 && stack.at(-1)!.depth >= depth) stack.pop();
    const path = (stack.at(-1)?.path ?? '') + match[2]!;
    stack.push({ depth, path });
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) routes.push({ method, path });
  }
  return routes;
}

type Form = Record<string, string | string[]>;

export interface RouteRequest {
  url: (w: World) => string;
  /** A well-formed form (JSON body, for /api) with which an allowed role's POST succeeds. */
  body?: (w: World) => Form | Record<string, unknown>;
  /** For a route that takes a file: the multipart form the matrix sends instead of `body`. */
  multipart?: () => Record<string, string | { data: Buffer; filename: string; type: string }>;
}

/** A 4 × 4 PNG, made by sharp: a photo as small as a real one can be. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEElEQVQImWM45MgDRwzEcQDEAxDxfdweCQAAAABJRU5ErkJggg==',
  'base64',
);

export const NEW_PASSWORD = 'a brand new and long password';

const A = '/orga/conf-a';

function proposalForm(title: string): Form {
  return {
    intent: 'submit',
    title,
    description: 'How to serve a million readers from one small machine.',
    abstract: '',
    track: 'web',
    level: 'beginner',
    duration: '30',
    sessionType: 'talk',
    notes: '',
    speakerName: 'Someone Speaking',
    biography: 'Someone speaks about the web.',
  };
}

function talkForm(title: string): Form {
  return { title, description: 'What it is about.', abstract: '', trackId: '', levelId: '', durationMinutes: '' };
}

/**
 * A request for every route but the public program's, at event A, naming the world's objects:
 * the matrix sends it as each role, the CSRF and token tests send it without a valid token.
 */
export const REQUESTS: Record<string, RouteRequest> = {
  'GET /login': { url: () => '/login' },
  'POST /login': { url: () => '/login', body: () => ({ email: EMAILS.user, password: TEST_PASSWORD }) },
  'POST /logout': { url: () => '/logout', body: () => ({}) },
  'GET /signup': { url: () => '/signup' },
  'POST /signup': {
    url: () => '/signup',
    body: () => ({ name: 'Nick New', email: 'nick@example.com', password: NEW_PASSWORD }),
  },
  'GET /signup/verify/:token': { url: (w) => `/signup/verify/${w.verifyToken}` },
  'POST /signup/verify/:token': { url: (w) => `/signup/verify/${w.verifyToken}`, body: () => ({}) },
  'GET /password/forgot': { url: () => '/password/forgot' },
  'POST /password/forgot': { url: () => '/password/forgot', body: () => ({ email: EMAILS.user }) },
  'GET /password/reset/:token': { url: (w) => `/password/reset/${w.resetToken}` },
  'POST /password/reset/:token': {
    url: (w) => `/password/reset/${w.resetToken}`,
    body: () => ({ password: NEW_PASSWORD }),
  },
  'GET /password/set/:token': { url: (w) => `/password/set/${w.setToken}` },
  'POST /password/set/:token': {
    url: (w) => `/password/set/${w.setToken}`,
    body: () => ({ password: NEW_PASSWORD, name: 'Nina Newcomer' }),
  },
  'GET /account': { url: () => '/account' },
  'POST /account': { url: () => '/account', body: () => ({ name: 'Renamed' }) },
  'POST /account/password': {
    url: () => '/account/password',
    body: () => ({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
  },

  'GET /:event/cfp': { url: () => '/conf-a/cfp' },
  'GET /:event/cfp/submit': { url: () => '/conf-a/cfp/submit' },
  'POST /:event/cfp/submit': { url: () => '/conf-a/cfp/submit', body: () => proposalForm('A new proposal') },
  'GET /:event/me': { url: () => '/conf-a/me' },
  'GET /:event/me/proposals': { url: () => '/conf-a/me/proposals' },
  'GET /:event/me/proposals/:code': { url: (w) => `/conf-a/me/proposals/${w.proposal.code}` },
  'POST /:event/me/proposals/:code': {
    url: (w) => `/conf-a/me/proposals/${w.proposal.code}`,
    body: () => proposalForm('Scaling the web, revised'),
  },
  'GET /:event/me/proposals/:code/withdraw': { url: (w) => `/conf-a/me/proposals/${w.proposal.code}/withdraw` },
  'POST /:event/me/proposals/:code/withdraw': {
    url: (w) => `/conf-a/me/proposals/${w.proposal.code}/withdraw`,
    body: () => ({ reason: 'Another conference took me.' }),
  },
  'POST /:event/me/proposals/:code/confirm': {
    url: (w) => `/conf-a/me/proposals/${w.accepted.code}/confirm`,
    body: () => ({}),
  },
  'POST /:event/me/proposals/:code/invitations': {
    url: (w) => `/conf-a/me/proposals/${w.proposal.code}/invitations`,
    body: () => ({ email: 'friend@example.com' }),
  },
  'POST /:event/me/proposals/:code/invitations/:invitation/delete': {
    url: (w) => `/conf-a/me/proposals/${w.proposal.code}/invitations/${w.invitation.id}/delete`,
    body: () => ({}),
  },
  'GET /:event/me/invitations/:token': { url: (w) => `/conf-a/me/invitations/${w.invitation.token}` },
  'POST /:event/me/invitations/:token': {
    url: (w) => `/conf-a/me/invitations/${w.invitation.token}`,
    body: () => ({}),
  },
  'POST /:event/me/invitations/:token/decline': {
    url: (w) => `/conf-a/me/invitations/${w.invitation.token}/decline`,
    body: () => ({}),
  },
  'GET /:event/me/profile': { url: () => '/conf-a/me/profile' },
  'POST /:event/me/profile': {
    url: () => '/conf-a/me/profile',
    body: () => ({ name: 'A Speaker', biography: 'Speaks often.' }),
  },
  // The matrix sends the photo as a browser does (multipart); other suites send the form alone.
  'POST /:event/me/profile/photo': {
    url: () => '/conf-a/me/profile/photo',
    body: () => ({}),
    multipart: () => ({ photo: { data: TINY_PNG, filename: 'me.png', type: 'image/png' } }),
  },
  'POST /:event/me/profile/photo/delete': { url: () => '/conf-a/me/profile/photo/delete', body: () => ({}) },
  'POST /:event/me/profile/copy': {
    url: () => '/conf-a/me/profile/copy',
    body: (w) => ({ from: String(w.speakerElsewhere) }),
  },
  'POST /:event/me/profile/availability': {
    url: () => '/conf-a/me/profile/availability',
    body: () => ({ availableFrom: '2099-06-01T14:00', availableUntil: '2099-06-01T16:00' }),
  },
  'POST /:event/me/profile/availability/:window/delete': {
    url: (w) => `/conf-a/me/profile/availability/${w.schedule.availabilityId}/delete`,
    body: () => ({}),
  },

  // The world has organisers, so no setup token is current: any will do.
  'GET /setup/:token': { url: () => '/setup/a-setup-token-of-another-installation' },
  'POST /setup/:token': {
    url: () => '/setup/a-setup-token-of-another-installation',
    body: () => ({ name: 'Mallory', email: 'mallory@example.com', password: NEW_PASSWORD }),
  },
  'GET /orga': { url: () => '/orga' },
  'POST /orga/events': {
    url: () => '/orga/events',
    body: () => ({ slug: 'conf-c', name: 'Conference C', timezone: 'Europe/Paris' }),
  },
  'GET /orga/:event': { url: () => A },
  'GET /orga/:event/proposals': { url: () => `${A}/proposals` },
  'POST /orga/:event/proposals/decisions': {
    url: () => `${A}/proposals/decisions`,
    body: (w) => ({ proposals: [w.proposal.code], decision: 'accept' }),
  },
  'GET /orga/:event/proposals/:code': { url: (w) => `${A}/proposals/${w.proposal.code}` },
  'POST /orga/:event/proposals/:code/review': {
    url: (w) => `${A}/proposals/${w.proposal.code}/review`,
    body: () => ({ score: '2', comment: 'Clear and useful.' }),
  },
  'POST /orga/:event/proposals/:code/decision': {
    url: (w) => `${A}/proposals/${w.proposal.code}/decision`,
    body: () => ({ decision: 'reject' }),
  },
  'POST /orga/:event/proposals/:code/review/delete': {
    url: (w) => `${A}/proposals/${w.proposal.code}/review/delete`,
    body: () => ({}),
  },
  'GET /orga/:event/review': { url: () => `${A}/review` },
  'GET /orga/:event/review/next': { url: () => `${A}/review/next?order=fewest-reviews` },
  // The categories as they are (none): allowed, nothing to change (reviews exist, so a change would be refused).
  'POST /orga/:event/review/categories': { url: () => `${A}/review/categories`, body: () => ({ categories: '' }) },

  'GET /orga/:event/settings': { url: () => `${A}/settings` },
  'POST /orga/:event/settings': {
    url: () => `${A}/settings`,
    body: () => ({
      name: 'Conference A',
      slug: 'conf-a',
      timezone: 'Europe/Paris',
      startsOn: '2099-06-01',
      endsOn: '2099-06-02',
      cfpOpensAt: '2020-01-01T01:00',
      cfpClosesAt: '2099-12-31T01:00',
      published: 'on',
      reviewScoreMin: '0',
      reviewScoreMax: '3',
    }),
  },
  'GET /orga/:event/tracks': { url: () => `${A}/tracks` },
  'POST /orga/:event/tracks': { url: () => `${A}/tracks`, body: () => ({ trackName: 'Hardware' }) },
  'GET /orga/:event/tracks/:id': { url: (w) => `${A}/tracks/${w.a.webTrackId}` },
  'POST /orga/:event/tracks/:id': { url: (w) => `${A}/tracks/${w.a.webTrackId}`, body: () => ({ name: 'The Web' }) },
  'POST /orga/:event/tracks/:id/move': {
    url: (w) => `${A}/tracks/${w.a.webTrackId}/move`,
    body: () => ({ direction: 'down' }),
  },
  'POST /orga/:event/tracks/:id/delete': {
    url: (w) => `${A}/tracks/${w.a.webTrackId}/delete`,
    body: (w) => ({ moveTo: String(w.a.dataTrackId) }),
  },
  'GET /orga/:event/session-types': { url: () => `${A}/session-types` },
  'POST /orga/:event/session-types': {
    url: () => `${A}/session-types`,
    body: () => ({ name: 'Lightning talk', durationMinutes: '5', deadline: '', maxSpeakers: '1', isPublic: 'on' }),
  },
  'GET /orga/:event/session-types/:id': { url: (w) => `${A}/session-types/${w.a.sessionTypeId}` },
  'POST /orga/:event/session-types/:id': {
    url: (w) => `${A}/session-types/${w.a.sessionTypeId}`,
    body: () => ({ name: 'Short talk', durationMinutes: '20', deadline: '', maxSpeakers: '', isPublic: 'on' }),
  },
  'POST /orga/:event/session-types/:id/move': {
    url: (w) => `${A}/session-types/${w.a.sessionTypeId}/move`,
    body: () => ({ direction: 'down' }),
  },
  'POST /orga/:event/session-types/:id/delete': {
    url: (w) => `${A}/session-types/${w.a.sessionTypeId}/delete`,
    body: () => ({}),
  },
  'POST /orga/:event/levels': { url: () => `${A}/levels`, body: () => ({ levelName: 'Expert' }) },
  'GET /orga/:event/levels/:id': { url: (w) => `${A}/levels/${w.a.levelId}` },
  'POST /orga/:event/levels/:id': { url: (w) => `${A}/levels/${w.a.levelId}`, body: () => ({ name: 'Newcomer' }) },
  'POST /orga/:event/levels/:id/move': {
    url: (w) => `${A}/levels/${w.a.levelId}/move`,
    body: () => ({ direction: 'down' }),
  },
  'POST /orga/:event/levels/:id/delete': {
    url: (w) => `${A}/levels/${w.a.levelId}/delete`,
    body: () => ({ moveTo: '' }),
  },
  'GET /orga/:event/talks': { url: () => `${A}/talks` },
  'GET /orga/:event/talks/new': { url: () => `${A}/talks/new` },
  'POST /orga/:event/talks': {
    url: () => `${A}/talks`,
    body: (w) => ({ ...talkForm('A talk added by hand'), speakerIds: [String(w.programTalk.speakerIds[0])] }),
  },
  'GET /orga/:event/talks/:code': { url: (w) => `${A}/talks/${w.programTalk.code}` },
  'POST /orga/:event/talks/:code': {
    url: (w) => `${A}/talks/${w.programTalk.code}`,
    body: () => talkForm('Data at rest, revised'),
  },
  'POST /orga/:event/talks/:code/speakers': {
    url: (w) => `${A}/talks/${w.programTalk.code}/speakers`,
    body: () => ({ newSpeakerName: 'Nora New', newSpeakerBiography: 'Nora is new.' }),
  },
  'POST /orga/:event/talks/:code/speakers/:speakerId/move': {
    url: (w) => `${A}/talks/${w.programTalk.code}/speakers/${w.programTalk.speakerIds[0]}/move`,
    body: () => ({ direction: 'down' }),
  },
  'POST /orga/:event/talks/:code/speakers/:speakerId/remove': {
    url: (w) => `${A}/talks/${w.programTalk.code}/speakers/${w.programTalk.speakerIds[1]}/remove`,
    body: () => ({}),
  },
  'POST /orga/:event/talks/:code/checked': { url: (w) => `${A}/talks/${w.programTalk.code}/checked`, body: () => ({}) },
  'POST /orga/:event/talks/:code/cancel': { url: (w) => `${A}/talks/${w.programTalk.code}/cancel`, body: () => ({}) },
  'GET /orga/:event/talks/:code/delete': { url: (w) => `${A}/talks/${w.programTalk.code}/delete` },
  'POST /orga/:event/talks/:code/delete': { url: (w) => `${A}/talks/${w.programTalk.code}/delete`, body: () => ({}) },
  'GET /orga/:event/speakers': { url: () => `${A}/speakers` },
  'GET /orga/:event/speakers/:id': { url: (w) => `${A}/speakers/${w.programTalk.speakerIds[0]}` },
  'POST /orga/:event/speakers/:id': {
    url: (w) => `${A}/speakers/${w.programTalk.speakerIds[0]}`,
    body: () => ({ name: 'Kim Keynote', biography: 'Kim opens the conference.' }),
  },
  'GET /orga/:event/team': { url: () => `${A}/team` },
  'POST /orga/:event/team': { url: () => `${A}/team`, body: () => ({ email: 'nell@example.com', role: 'reviewer' }) },
  'POST /orga/:event/team/:member/tracks': {
    url: (w) => `${A}/team/${w.a.memberId}/tracks`,
    body: (w) => ({ trackIds: [String(w.a.webTrackId)] }),
  },
  'POST /orga/:event/team/:member/remove': { url: (w) => `${A}/team/${w.a.memberId}/remove`, body: () => ({}) },
  'GET /orga/:event/cfp': { url: () => `${A}/cfp` },
  'POST /orga/:event/cfp': {
    url: () => `${A}/cfp`,
    body: () => ({
      abstract: 'required',
      track: 'optional',
      level: 'optional',
      duration: 'optional',
      notes: 'hidden',
      durations: '30, 45, 60',
    }),
  },
  'GET /orga/:event/cfp/access-codes': { url: () => `${A}/cfp/access-codes` },
  'POST /orga/:event/cfp/access-codes': {
    url: () => `${A}/cfp/access-codes`,
    body: () => ({ code: 'SPEAKERS-2099', maxUses: '3' }),
  },
  'GET /orga/:event/cfp/access-codes/:id': { url: (w) => `${A}/cfp/access-codes/${w.a.accessCodeId}` },
  'POST /orga/:event/cfp/access-codes/:id/send': {
    url: (w) => `${A}/cfp/access-codes/${w.a.accessCodeId}/send`,
    body: () => ({ to: 'invited@example.com', subject: 'Your code', body: 'Use CONF-A-INVITED to propose.' }),
  },
  'POST /orga/:event/cfp/access-codes/:id/delete': {
    url: (w) => `${A}/cfp/access-codes/${w.a.accessCodeId}/delete`,
    body: () => ({}),
  },
  'POST /orga/:event/cfp/questions': {
    url: () => `${A}/cfp/questions`,
    body: () => ({ label: 'T-shirt size?', kind: 'text' }),
  },
  'GET /orga/:event/cfp/questions/:question': { url: (w) => `${A}/cfp/questions/${w.a.questionId}` },
  'POST /orga/:event/cfp/questions/:question': {
    url: (w) => `${A}/cfp/questions/${w.a.questionId}`,
    body: () => ({ label: 'Have you given a talk before?', kind: 'boolean' }),
  },
  'POST /orga/:event/cfp/questions/:question/delete': {
    url: (w) => `${A}/cfp/questions/${w.a.questionId}/delete`,
    body: () => ({}),
  },
  'POST /orga/:event/cfp/questions/:question/move': {
    url: (w) => `${A}/cfp/questions/${w.a.questionId}/move`,
    body: () => ({ direction: 'down' }),
  },
  'GET /orga/:event/mail': { url: () => `${A}/mail` },
  'GET /orga/:event/mail/messages/:id': { url: (w) => `${A}/mail/messages/${w.a.messageId}` },
  'POST /orga/:event/mail/messages/:id/retry': {
    url: (w) => `${A}/mail/messages/${w.a.messageId}/retry`,
    body: () => ({}),
  },
  'POST /orga/:event/mail/messages/:id/delete': {
    url: (w) => `${A}/mail/messages/${w.a.draftId}/delete`,
    body: () => ({}),
  },
  'POST /orga/:event/mail/drafts/send': { url: () => `${A}/mail/drafts/send`, body: () => ({ count: '1' }) },
  'GET /orga/:event/webhooks': { url: () => `${A}/webhooks` },
  'POST /orga/:event/webhooks': {
    url: () => `${A}/webhooks`,
    body: () => ({ url: 'https://hooks.example.org/new', events: ['talk.updated', 'release.published'] }),
  },
  'GET /orga/:event/webhooks/:id': { url: (w) => `${A}/webhooks/${w.a.webhookId}` },
  'POST /orga/:event/webhooks/:id/ping': { url: (w) => `${A}/webhooks/${w.a.webhookId}/ping`, body: () => ({}) },
  'POST /orga/:event/webhooks/:id/pause': { url: (w) => `${A}/webhooks/${w.a.webhookId}/pause`, body: () => ({}) },
  'POST /orga/:event/webhooks/:id/resume': { url: (w) => `${A}/webhooks/${w.a.webhookId}/resume`, body: () => ({}) },
  'POST /orga/:event/webhooks/:id/delete': { url: (w) => `${A}/webhooks/${w.a.webhookId}/delete`, body: () => ({}) },
  'POST /orga/:event/webhooks/:id/deliveries/:delivery/send-again': {
    url: (w) => `${A}/webhooks/${w.a.webhookId}/deliveries/${w.a.webhookDeliveryId}/send-again`,
    body: () => ({}),
  },
  'GET /orga/:event/mail/group': { url: () => `${A}/mail/group` },
  'POST /orga/:event/mail/group': {
    url: () => `${A}/mail/group`,
    body: (w) => ({
      audience: 'picked',
      speakers: String(w.a.speakerId),
      subject: 'News',
      body: 'Hello {speaker_name}',
      intent: 'draft',
    }),
  },
  'GET /orga/:event/mail/templates': { url: () => `${A}/mail/templates` },
  'GET /orga/:event/mail/templates/:key': { url: () => `${A}/mail/templates/proposal-rejected` },
  'POST /orga/:event/mail/templates/:key': {
    url: () => `${A}/mail/templates/proposal-rejected`,
    body: () => ({
      subject: '[{event_name}] About your proposal',
      body: 'Hello {speaker_name}, thank you.',
      intent: 'save',
    }),
  },
  'POST /orga/:event/mail/templates/:key/reset': {
    url: () => `${A}/mail/templates/proposal-rejected/reset`,
    body: () => ({}),
  },
  'GET /orga/:event/api-tokens': { url: () => `${A}/api-tokens` },
  'POST /orga/:event/api-tokens': { url: () => `${A}/api-tokens`, body: () => ({ name: 'Another export' }) },
  'POST /orga/:event/api-tokens/:id/revoke': {
    url: (w) => `${A}/api-tokens/${w.a.apiTokenId}/revoke`,
    body: () => ({}),
  },

  'GET /orga/:event/schedule': { url: () => `${A}/schedule?day=2099-06-01` },
  'POST /orga/:event/schedule/place': {
    url: () => `${A}/schedule/place?day=2099-06-01`,
    body: (w) => ({ talk: w.programTalk.code, room: String(w.schedule.emptyRoomId), start: '2099-06-01T11:00' }),
  },
  'POST /orga/:event/schedule/unschedule': {
    url: () => `${A}/schedule/unschedule`,
    body: (w) => ({ talk: w.programTalk.code }),
  },
  // The world places one talk, and a swap takes two: the organiser's request passes the policy
  // and is refused by the module (400, a talk cannot swap with itself); everyone else's is refused at its entry.
  'POST /orga/:event/schedule/swap': {
    url: () => `${A}/schedule/swap`,
    body: (w) => ({ first: w.programTalk.code, second: w.programTalk.code }),
  },
  'GET /orga/:event/schedule/talks/:code': { url: (w) => `${A}/schedule/talks/${w.programTalk.code}` },
  'GET /orga/:event/schedule/rooms': { url: () => `${A}/schedule/rooms` },
  'POST /orga/:event/schedule/rooms': {
    url: () => `${A}/schedule/rooms`,
    body: () => ({ name: 'Hall C', capacity: '40', description: 'Upstairs.' }),
  },
  'GET /orga/:event/schedule/rooms/:id': { url: (w) => `${A}/schedule/rooms/${w.schedule.roomId}` },
  'POST /orga/:event/schedule/rooms/:id': {
    url: (w) => `${A}/schedule/rooms/${w.schedule.roomId}`,
    body: () => ({ name: 'Hall A (main)', capacity: '120', description: '' }),
  },
  'POST /orga/:event/schedule/rooms/:id/move': {
    url: (w) => `${A}/schedule/rooms/${w.schedule.roomId}/move`,
    body: () => ({ direction: 'down' }),
  },
  'POST /orga/:event/schedule/rooms/:id/delete': {
    url: (w) => `${A}/schedule/rooms/${w.schedule.emptyRoomId}/delete`,
    body: () => ({}),
  },
  'GET /orga/:event/schedule/days': { url: () => `${A}/schedule/days` },
  'POST /orga/:event/schedule/days': {
    url: () => `${A}/schedule/days`,
    body: () => ({ date: '2099-06-04', start: '10:00', end: '02:00' }),
  },
  'POST /orga/:event/schedule/days/from-dates': { url: () => `${A}/schedule/days/from-dates`, body: () => ({}) },
  'GET /orga/:event/schedule/days/:id': { url: (w) => `${A}/schedule/days/${w.schedule.dayId}` },
  'POST /orga/:event/schedule/days/:id': {
    url: (w) => `${A}/schedule/days/${w.schedule.dayId}`,
    body: () => ({ date: '2099-06-01', start: '08:00', end: '19:00' }),
  },
  'POST /orga/:event/schedule/days/:id/delete': {
    url: (w) => `${A}/schedule/days/${w.schedule.emptyDayId}/delete`,
    body: () => ({}),
  },
  'GET /orga/:event/schedule/blocks': { url: () => `${A}/schedule/blocks` },
  'POST /orga/:event/schedule/blocks': {
    url: () => `${A}/schedule/blocks`,
    body: () => ({ title: 'Coffee', kind: 'break', room: '', start: '2099-06-01T15:00', end: '15:30' }),
  },
  'GET /orga/:event/schedule/blocks/:id': { url: (w) => `${A}/schedule/blocks/${w.schedule.blockId}` },
  'POST /orga/:event/schedule/blocks/:id': {
    url: (w) => `${A}/schedule/blocks/${w.schedule.blockId}`,
    body: () => ({ title: 'Long lunch', kind: 'break', room: '', start: '2099-06-01T12:00', end: '13:30' }),
  },
  'POST /orga/:event/schedule/blocks/:id/delete': {
    url: (w) => `${A}/schedule/blocks/${w.schedule.blockId}/delete`,
    body: () => ({}),
  },
  'GET /orga/:event/schedule/time-slots': { url: () => `${A}/schedule/time-slots` },
  'POST /orga/:event/schedule/time-slots/:id': {
    url: (w) => `${A}/schedule/time-slots/${w.schedule.dayId}`,
    body: () => ({ slots: '09:00-10:00\n10:00-11:00\n11:00 60\n12:00-13:00 Lunch' }),
  },
  'POST /orga/:event/schedule/time-slots/:id/generate': {
    url: (w) => `${A}/schedule/time-slots/${w.schedule.dayId}/generate`,
    body: () => ({ from: '09:00', to: '12:00', minutes: '30', gap: '5' }),
  },
  'POST /orga/:event/schedule/time-slots/:id/copy': {
    url: (w) => `${A}/schedule/time-slots/${w.schedule.dayId}/copy`,
    body: (w) => ({ to: [String(w.schedule.emptyDayId)] }),
  },
  'GET /orga/:event/schedule/rooms/:id/closures': {
    url: (w) => `${A}/schedule/rooms/${w.schedule.emptyRoomId}/closures`,
  },
  'POST /orga/:event/schedule/rooms/:id/closures': {
    url: (w) => `${A}/schedule/rooms/${w.schedule.emptyRoomId}/closures`,
    body: (w) => ({ closed: [String(w.schedule.timeSlotId)] }),
  },
  'GET /orga/:event/schedule/release': { url: () => `${A}/schedule/release` },
  'GET /orga/:event/schedule/proposal': { url: () => `${A}/schedule/proposal` },
  'GET /orga/:event/schedule/proposal/progress': { url: () => `${A}/schedule/proposal/progress` },
  // The shortest budget: the matrix waits for the run to end before it restores the world.
  'POST /orga/:event/schedule/proposal': {
    url: () => `${A}/schedule/proposal`,
    body: () => ({ seconds: '1', seed: '1', keepPlaced: 'on' }),
  },
  'POST /orga/:event/schedule/proposal/:id/stop': {
    url: (w) => `${A}/schedule/proposal/${w.schedule.proposalId}/stop`,
    body: () => ({}),
  },
  'POST /orga/:event/schedule/proposal/:id/apply': {
    url: (w) => `${A}/schedule/proposal/${w.schedule.proposalId}/apply`,
    body: () => ({ action: 'all' }),
  },
  'POST /orga/:event/schedule/proposal/:id/discard': {
    url: (w) => `${A}/schedule/proposal/${w.schedule.proposalId}/discard`,
    body: () => ({}),
  },
  'POST /orga/:event/schedule/release': {
    url: () => `${A}/schedule/release`,
    body: () => ({ version: '', comment: 'The first schedule.', notifySpeakers: 'on' }),
  },

  'GET /api/events/:event/proposals': { url: () => '/api/events/conf-a/proposals' },
  'GET /api/events/:event/proposals/:code': { url: (w) => `/api/events/conf-a/proposals/${w.proposal.code}` },
  'POST /api/events/:event/proposals/:code/decision': {
    url: (w) => `/api/events/conf-a/proposals/${w.proposal.code}/decision`,
    body: () => ({ decision: 'accept' }),
  },
  'GET /api/events/:event/reviews': { url: () => '/api/events/conf-a/reviews' },
  'GET /api/events/:event/webhooks': { url: () => '/api/events/conf-a/webhooks' },
  'POST /api/events/:event/webhooks': {
    url: () => '/api/events/conf-a/webhooks',
    body: () => ({ url: 'https://hooks.example.org/api', events: ['release.published'] }),
  },
  'GET /api/events/:event/time-slots': { url: () => '/api/events/conf-a/time-slots' },
  'PUT /api/events/:event/days/:date/time-slots': {
    url: () => '/api/events/conf-a/days/2099-06-01/time-slots',
    body: () => ({ slots: [{ start: '09:00', end: '09:45' }] }),
  },
  'POST /api/events/:event/decisions': {
    url: () => '/api/events/conf-a/decisions',
    body: (w) => ({ proposals: [w.proposal.code], decision: 'waitlist' }),
  },
  'GET /api/events/:event/mail/drafts': { url: () => '/api/events/conf-a/mail/drafts' },
  // The world's outbox holds one draft.
  'POST /api/events/:event/mail/drafts/send': {
    url: () => '/api/events/conf-a/mail/drafts/send',
    body: () => ({ count: 1 }),
  },

  // Shared agendas: the token in the path is the credential, whoever sends it.
  'POST /api/events/:event/agendas': {
    url: () => '/api/events/conf-a/agendas',
    body: (w) => ({ talks: [w.programTalk.slug] }),
  },
  'GET /api/events/:event/agendas/:token': { url: (w) => `/api/events/conf-a/agendas/${w.sharedAgenda.token}` },
  'PUT /api/events/:event/agendas/:token': {
    url: (w) => `/api/events/conf-a/agendas/${w.sharedAgenda.token}`,
    body: () => ({ talks: [] }),
  },

  'GET /orga/:event/interest': { url: () => `${A}/interest` },
  // The world's ballot is open: opening it again sets a closing time.
  'POST /orga/:event/interest/open': {
    url: () => `${A}/interest/open`,
    body: () => ({ closesAt: '2099-01-01T10:00' }),
  },
  'POST /orga/:event/interest/close': { url: () => `${A}/interest/close`, body: () => ({}) },
  'POST /orga/:event/interest/attendance': {
    url: () => `${A}/interest/attendance`,
    body: () => ({ expectedAttendance: '250' }),
  },
  'POST /orga/:event/interest/import': {
    url: () => `${A}/interest/import`,
    body: (w) => ({ csv: w.programTalk.slug }),
  },
  'POST /:event/interest': { url: () => '/conf-a/interest', body: (w) => ({ talk: [w.programTalk.slug] }) },
  // Interest ballots: likewise, the token in the path is the credential.
  'GET /api/events/:event/interest/:token': { url: (w) => `/api/events/conf-a/interest/${w.interestBallot.token}` },
  'PUT /api/events/:event/interest/:token': {
    url: (w) => `/api/events/conf-a/interest/${w.interestBallot.token}`,
    body: (w) => ({ talks: [w.programTalk.slug] }),
  },
};

/** The request for a route, or an error naming the route that has none. */
export function requestFor(route: string): RouteRequest {
  const request = REQUESTS[route];
  if (!request) throw new Error(`no request for ${route} in REQUESTS (authorisation-fixtures.ts)`);
  return request;
}

/** Routes no role changes anything about: static files, the API's documentation pages. */
export function outOfScope(path: string): boolean {
  return path.startsWith('/assets/') || path.startsWith('/api/docs');
}

/** The matrix's world as a suite holds it: built once, restored before each test. */
export interface MatrixWorld {
  app: App;
  db: Database;
  world: World;
  browsers: Record<SessionRole, Browser>;
  /** The tables whose rows differ from the world's. */
  changedTables(): Promise<string[]>;
  /** Back to the world, as at the start of a test. */
  restore(): Promise<void>;
}

/**
 * Registers the hooks of a suite that runs in the authorisation matrix's world: the world and
 * the app are built once (the app after the world, so that the public program's snapshot holds
 * event A), everyone logs in, and each test starts from a checkpoint of that. Read the fields
 * inside hooks and tests, once beforeAll has run.
 */
export function useMatrixWorld(): MatrixWorld {
  let checkpoint: Checkpoint | undefined;
  let pristine: Record<string, string[]> = {};
  const matrix = {
    async changedTables() {
      const now = await dumpState(matrix.db);
      return Object.keys(pristine).filter((table) => JSON.stringify(pristine[table]) !== JSON.stringify(now[table]));
    },
    restore: () => checkpoint!.restore(),
  } as MatrixWorld;

  beforeAll(async () => {
    ({ db: matrix.db } = await testDatabase());
    await resetDatabase(matrix.db);
    matrix.world = await buildWorld(matrix.db);
    ({ app: matrix.app } = await buildTestApp());
    matrix.browsers = await logInEveryone(matrix.app);
    checkpoint = await Checkpoint.take(matrix.db);
    await checkpoint.restore();
    pristine = await dumpState(matrix.db);
  });

  afterAll(async () => {
    await checkpoint?.drop();
    await matrix.app?.close();
  });

  beforeEach(() => matrix.restore());

  return matrix;
}
