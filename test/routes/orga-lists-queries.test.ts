import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { eq, sql } from 'drizzle-orm';
import {
  accessCodes,
  apiTokens,
  eventDays,
  interestBallots,
  interestBallotTalks,
  outbox,
  questions,
  roomClosures,
  rooms,
  scheduleSlots,
  scheduleProposals,
  sessionTypes,
  timeSlots,
  tracks,
  webhookDeliveries,
  webhookEndpoints,
} from '../../src/db/schema.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import { hashToken, newToken } from '../../src/shared/tokens.js';
import { TEST_PUBLIC_URL, TEST_SECRET } from '../helpers/app.js';
import { testDatabase } from '../helpers/database.js';
import { createProposal } from '../helpers/proposals.js';
import { createDays, createRooms, localTime } from '../helpers/schedule.js';
import { addToTeam, createUser, loggedIn } from '../helpers/site.js';
import { countingDatabase } from './count-queries.js';
import { createReviewEvent, writeReview } from './review-fixtures.js';

/**
 * The n+1 guard, as pretalx has on every list view: each back-office list asks the database
 * as many times for three items as for one. A query per row would grow with the rows.
 */

const EVENT = 'conf-2030';
const ORGANISER = 'orga@example.com';
const REVIEWER = 'rita@example.com';

interface Context {
  db: Database;
  eventId: number;
  trackId: number;
  organiserId: number;
}

/** A list page of the back office, and how to add its i-th item (every item adds a row to the list). */
interface ListPage {
  name: string;
  url: string;
  add: (c: Context, i: number) => Promise<void>;
}

async function addTalk(c: Context, i: number, state: 'submitted' | 'confirmed') {
  const speaker = await createUser(c.db, { email: `speaker-${i}@example.com`, name: `Speaker Number${i}` });
  const { id } = await createProposal(c.db, {
    eventSlug: EVENT,
    title: `Talk number ${i}`,
    state,
    trackSlug: 'web',
    levelSlug: 'beginner',
    speakers: [{ name: `Speaker Number${i}`, userId: speaker.id }],
  });
  return id;
}

/** Day i (2030-06-0i) with a time slot the room Hall is closed in, and a lunch across every room. */
async function addDayWithTimeSlots(c: Context, i: number) {
  const date = `2030-06-0${i}`;
  await createDays(c.db, c.eventId, 'Europe/Paris', [date]);
  const [day] = await c.db.select().from(eventDays).where(eq(eventDays.date, date));
  const [slot] = await c.db
    .insert(timeSlots)
    .values({
      eventId: c.eventId,
      dayId: day!.id,
      startsAt: localTime(date, '09:00', 'Europe/Paris'),
      endsAt: localTime(date, '09:30', 'Europe/Paris'),
    })
    .returning();
  const [hall] = await c.db.select().from(rooms).where(eq(rooms.eventId, c.eventId));
  if (hall) await c.db.insert(roomClosures).values({ roomId: hall.id, timeSlotId: slot!.id });
  await c.db.insert(scheduleSlots).values({
    eventId: c.eventId,
    kind: 'break',
    title: 'Lunch',
    startsAt: localTime(date, '12:00', 'Europe/Paris'),
    endsAt: localTime(date, '13:00', 'Europe/Paris'),
  });
}
/** The schedule proposal's placements so far (the proposal page's row adds one each time). */
const placements: { talkId: number; roomId: number; startsAt: string; endsAt: string }[] = [];

const PAGES: ListPage[] = [
  {
    name: 'the events of the organiser',
    url: '/orga',
    add: async (c, i) => {
      if (i === 1) return; // the event every test has
      const slug = `conf-${2030 + i}`;
      await createReviewEvent(c.db, { slug, name: `Conf ${2030 + i}` });
      await addToTeam(c.db, slug, c.organiserId, 'organiser');
    },
  },
  {
    name: 'proposals',
    url: `/orga/${EVENT}/proposals`,
    add: async (c, i) => void (await addTalk(c, i, 'submitted')),
  },
  {
    name: 'talks',
    url: `/orga/${EVENT}/talks`,
    add: async (c, i) => void (await addTalk(c, i, 'confirmed')),
  },
  {
    name: 'speakers',
    url: `/orga/${EVENT}/speakers`,
    add: async (c, i) => void (await addTalk(c, i, 'confirmed')),
  },
  {
    name: 'the review list',
    url: `/orga/${EVENT}/review`,
    add: async (c, i) => {
      const talkId = await addTalk(c, i, 'submitted');
      await writeReview(c.db, talkId, REVIEWER, i % 4);
    },
  },
  {
    name: 'tracks',
    url: `/orga/${EVENT}/tracks`,
    add: async (c, i) => {
      await c.db
        .insert(tracks)
        .values({ eventId: c.eventId, slug: `track-${i}`, name: `Track ${i}`, position: 10 + i });
    },
  },
  {
    name: 'session types',
    url: `/orga/${EVENT}/session-types`,
    add: async (c, i) => {
      await c.db
        .insert(sessionTypes)
        .values({ eventId: c.eventId, slug: `type-${i}`, name: `Type ${i}`, durationMinutes: 30, position: i });
    },
  },
  {
    name: 'the team',
    url: `/orga/${EVENT}/team`,
    add: async (c, i) => {
      const user = await createUser(c.db, { email: `member-${i}@example.com`, name: `Member ${i}` });
      await addToTeam(c.db, EVENT, user.id, 'reviewer', [c.trackId]);
    },
  },
  {
    name: 'the mail outbox',
    url: `/orga/${EVENT}/mail`,
    add: async (c, i) => {
      await c.db.insert(outbox).values({
        eventId: c.eventId,
        recipient: `someone-${i}@example.com`,
        subject: `Message ${i}`,
        body: 'Hello.',
        messageId: `<message-${i}@lectern.test>`,
      });
    },
  },
  {
    name: 'the webhook endpoints',
    url: `/orga/${EVENT}/webhooks`,
    add: async (c, i) => {
      await c.db
        .insert(webhookEndpoints)
        .values({ eventId: c.eventId, url: `https://hooks.example.org/${i}`, events: ['talk.updated'], secret: 's' });
    },
  },
  {
    name: "an endpoint's deliveries",
    url: `/orga/${EVENT}/webhooks/ENDPOINT`,
    add: async (c, i) => {
      if (i === 1) {
        await c.db
          .insert(webhookEndpoints)
          .values({ eventId: c.eventId, url: 'https://hooks.example.org/', events: ['talk.updated'], secret: 's' });
      }
      const [endpoint] = await c.db.select({ id: webhookEndpoints.id }).from(webhookEndpoints);
      await c.db.insert(webhookDeliveries).values({
        uuid: sql`gen_random_uuid()`,
        endpointId: endpoint!.id,
        eventType: 'talk.updated',
        data: { talk: { code: `T${i}` } },
        status: i === 2 ? 'failed' : 'delivered',
        attempts: i,
        lastStatus: i === 2 ? 500 : 200,
      });
    },
  },
  {
    name: 'API tokens',
    url: `/orga/${EVENT}/api-tokens`,
    add: async (c, i) => {
      const token = newToken('lct_');
      await c.db.insert(apiTokens).values({
        eventId: c.eventId,
        userId: c.organiserId,
        name: `Token ${i}`,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 10),
      });
    },
  },
  {
    name: 'the call for proposals questions',
    url: `/orga/${EVENT}/cfp`,
    add: async (c, i) => {
      await c.db.insert(questions).values({ eventId: c.eventId, label: `Question ${i}?`, kind: 'text', position: i });
    },
  },
  {
    name: 'access codes',
    url: `/orga/${EVENT}/cfp/access-codes`,
    add: async (c, i) => {
      const [type] = await c.db
        .insert(sessionTypes)
        .values({
          eventId: c.eventId,
          slug: `code-type-${i}`,
          name: `Code type ${i}`,
          durationMinutes: 30,
          position: i,
        })
        .returning();
      await c.db
        .insert(accessCodes)
        .values({ eventId: c.eventId, code: `CODE-NUMBER-${i}`, sessionTypeId: type!.id, trackId: c.trackId });
    },
  },
  {
    name: 'rooms',
    url: `/orga/${EVENT}/schedule/rooms`,
    add: async (c, i) => void (await createRooms(c.db, c.eventId, [{ name: `Room ${i}` }])),
  },
  {
    name: 'days',
    url: `/orga/${EVENT}/schedule/days`,
    add: (c, i) => createDays(c.db, c.eventId, 'Europe/Paris', [`2030-06-0${i}`]),
  },
  {
    name: 'the schedule editor',
    url: `/orga/${EVENT}/schedule`,
    add: async (c, i) => {
      await createRooms(c.db, c.eventId, [{ name: `Room ${i}` }]);
      await createDays(c.db, c.eventId, 'Europe/Paris', [`2030-06-0${i}`]);
      await addTalk(c, i, 'confirmed');
    },
  },
  {
    name: 'the days’ time slots and named breaks',
    url: `/orga/${EVENT}/schedule/time-slots`,
    add: (c, i) => addDayWithTimeSlots(c, i),
  },
  {
    name: 'a room’s closures',
    url: `/orga/${EVENT}/schedule/rooms/ROOM/closures`,
    add: async (c, i) => {
      if (i === 1) await createRooms(c.db, c.eventId, [{ name: 'Hall' }]);
      await addDayWithTimeSlots(c, i);
    },
  },
  {
    name: 'the changes of a schedule proposal',
    url: `/orga/${EVENT}/schedule/proposal`,
    add: async (c, i) => {
      if (i === 1) placements.length = 0;
      const [roomId] = await createRooms(c.db, c.eventId, [{ name: `Room ${i}`, capacity: 10 * i }]);
      await createDays(c.db, c.eventId, 'Europe/Paris', [`2030-06-0${i}`]);
      const talkId = await addTalk(c, i, 'confirmed');
      const [day] = await c.db
        .select()
        .from(eventDays)
        .where(eq(eventDays.date, `2030-06-0${i}`));
      await c.db.insert(timeSlots).values({
        eventId: c.eventId,
        dayId: day!.id,
        startsAt: day!.startsAt,
        endsAt: new Date(+day!.startsAt + 1_800_000),
      });
      // A newer proposal each time, placing every talk so far: the page shows the latest.
      placements.push({
        talkId,
        roomId: roomId!,
        startsAt: day!.startsAt.toISOString(),
        endsAt: new Date(+day!.startsAt + 1_800_000).toISOString(),
      });
      await c.db.insert(scheduleProposals).values({
        eventId: c.eventId,
        status: 'done',
        options: { seconds: 5, seed: 1, keepPlaced: true },
        result: {
          outcome: {
            placements: [...placements],
            unplaced: [],
            terms: { missed: 0, overflow: 0, parallel: 0, moved: 0 },
            weights: { missed: 4, overflow: 3, parallel: 2, moved: 1 },
            lexicographic: true,
            lowerBound: 0,
            boundExact: true,
            gap: 0,
            stoppedBy: 'time',
            elapsedMs: 1000,
            iterations: 10,
            whyHere: Object.fromEntries(
              placements.map((p) => [String(p.talkId), { fans: 1, clashes: 0, audience: 1, capacity: 10, fill: 0.1 }]),
            ),
          },
        },
      });
    },
  },
  {
    name: 'the interest counts',
    url: `/orga/${EVENT}/interest`,
    add: async (c, i) => {
      const talkId = await addTalk(c, i, 'confirmed');
      const [ballot] = await c.db
        .insert(interestBallots)
        .values({ eventId: c.eventId, tokenHash: null })
        .returning({ id: interestBallots.id });
      await c.db.insert(interestBallotTalks).values({ ballotId: ballot!.id, talkId });
    },
  },
];

describe('every back-office list', () => {
  it.each(PAGES)('asks the database as often for three of $name as for one', async ({ url, add }) => {
    const { db } = await testDatabase();
    const { event, web } = await createReviewEvent(db, { slug: EVENT });
    const olga = await createUser(db, { email: ORGANISER, name: 'Olga Organiser' });
    await addToTeam(db, EVENT, olga.id, 'organiser');
    const rita = await createUser(db, { email: REVIEWER, name: 'Rita Reviewer' });
    await addToTeam(db, EVENT, rita.id, 'reviewer');
    const context: Context = { db, eventId: event.id, trackId: web.id, organiserId: olga.id };

    const counting = countingDatabase(db);
    const agenda = new Agenda(counting.db);
    await agenda.loadAll();
    const app = await buildApp({ agenda, db: counting.db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });
    await app.ready();
    try {
      const browser = await loggedIn(app, ORGANISER);
      async function queriesFor(): Promise<string[]> {
        counting.reset();
        const [room] = await db.select().from(rooms).where(eq(rooms.eventId, event.id));
        const [endpoint] = await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints);
        const response = await browser.get(
          url.replace('ROOM', String(room?.id)).replace('ENDPOINT', String(endpoint?.id)),
        );
        expect(response.statusCode, url).toBe(200);
        // A list of ids grows with the rows (`in ($1, $2, $3)`): one query still, the same statement.
        return counting.queries.map((query) => query.replace(/\$\d+(?:, \$\d+)*/g, '$n'));
      }

      await add(context, 1);
      const one = await queriesFor();
      await add(context, 2);
      await add(context, 3);
      const three = await queriesFor();

      expect(three).toHaveLength(one.length);
      expect(three).toEqual(one);
    } finally {
      await app.close();
    }
  });
});
