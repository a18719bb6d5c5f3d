import type { LightMyRequestResponse } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { events, rooms, scheduleReleases, scheduleSlots, talks } from '../../src/db/schema.js';
import { releaseScheduleWithin } from '../../src/modules/schedule/index.js';
import { CACHE_NONE, CACHE_PUBLIC } from '../../src/web/http-cache.js';
import { testAppPerFile, importPyBay } from '../helpers/app.js';
import { localTime, scheduleAndRelease } from '../helpers/schedule.js';
import { responseSchema, schemaViolations, type OpenApiDocument } from './openapi-document.js';
import { PROGRAM } from './pybay-program.js';

const ZONE = 'America/Los_Angeles';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
  await db.update(events).set({ timezone: ZONE }).where(eq(events.slug, 'pybay-2016'));
});
let spec: OpenApiDocument;

beforeEach(async () => {
  spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
});

/** GETs an API path; its body must conform to the schema the OpenAPI document gives for its status. */
async function api(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const response = await t.app.inject({ method: 'GET', url, headers });
  if (response.statusCode === 304) return response;
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['access-control-allow-origin']).toBe('*');
  const schema = responseSchema(spec, 'GET', url.split('?')[0]!, response.statusCode);
  expect(schemaViolations(schema, response.json()), `${url} (${response.statusCode})`).toEqual([]);
  expect(response.headers['cache-control']).toBe(response.statusCode === 200 ? CACHE_PUBLIC : CACHE_NONE);
  return response;
}

async function releasePyBay(): Promise<void> {
  await scheduleAndRelease(t.db, {
    eventSlug: 'pybay-2016',
    dates: ['2016-08-20', '2016-08-21'],
    lunch: true,
    comment: 'First schedule',
  });
  await t.agenda.reload('pybay-2016');
}

const slug = (i: number) => PROGRAM[i]![0];
const title = (i: number) => PROGRAM[i]![1];

/** What scheduleAndRelease does with lunch: 30-minute talks every 40 minutes, none across 12:00–13:00. */
const STARTS = ['09:00', '09:40', '10:20', '11:00', '13:00', '13:40', '14:20', '15:00', '15:40', '16:20', '17:00'];

function at(date: string, time: string): string {
  return DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toISO({ suppressMilliseconds: true })!;
}

function plus30(date: string, time: string): string {
  return DateTime.fromISO(`${date}T${time}`, { zone: ZONE })
    .plus({ minutes: 30 })
    .toISO({ suppressMilliseconds: true })!;
}

interface Slot {
  kind: string;
  talk: string | null;
  title: string;
  room: string | null;
  start: string;
  end: string;
}

/** The 40 slots of the released PyBay schedule, by start then room order (lunch before the rooms). */
function expectedSlots(): Slot[] {
  const slots: Slot[] = [];
  let index = 0;
  const placed: Record<string, Record<string, number[]>> = {
    '2016-08-20': { 'main-hall': [], 'room-2': [] },
    '2016-08-21': { 'main-hall': [], 'room-2': [] },
  };
  for (const date of ['2016-08-20', '2016-08-21']) {
    for (const room of ['main-hall', 'room-2']) {
      for (let i = 0; i < STARTS.length && index < PROGRAM.length; i++) placed[date]![room]!.push(index++);
    }
  }
  for (const date of ['2016-08-20', '2016-08-21']) {
    STARTS.forEach((time, i) => {
      if (time === '13:00') {
        slots.push({
          kind: 'break',
          talk: null,
          title: 'Lunch',
          room: null,
          start: at(date, '12:00'),
          end: at(date, '13:00'),
        });
      }
      for (const room of ['main-hall', 'room-2']) {
        const talk = placed[date]![room]![i];
        if (talk === undefined) continue;
        slots.push({
          kind: 'talk',
          talk: slug(talk),
          title: title(talk),
          room,
          start: at(date, time),
          end: plus30(date, time),
        });
      }
    });
  }
  return slots;
}

async function releasedAt(): Promise<string[]> {
  const rows = await t.db.select().from(scheduleReleases).orderBy(asc(scheduleReleases.id));
  return rows.map((row) => DateTime.fromJSDate(row.releasedAt, { zone: ZONE }).toISO({ suppressMilliseconds: true })!);
}

describe('GET /api/events/{event}/schedule', () => {
  it('answers 404 with a clear message before the first release, and for an unknown event', async () => {
    const unreleased = await api('/api/events/pybay-2016/schedule');
    const unknown = await api('/api/events/pycon-1999/schedule');

    expect(unreleased.statusCode).toBe(404);
    expect(unreleased.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'PyBay 2016 has not released a schedule yet.',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('There is no event "pycon-1999".');
  });

  it("answers the latest release: rooms, days and every slot, times with the event's offset", async () => {
    await releasePyBay();
    const response = await api('/api/events/pybay-2016/schedule');

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual(['version', 'releasedAt', 'comment', 'timezone', 'rooms', 'days', 'slots']);
    expect(body).toEqual({
      version: '1',
      releasedAt: (await releasedAt())[0],
      comment: 'First schedule',
      timezone: 'America/Los_Angeles',
      rooms: [
        { slug: 'main-hall', name: 'Main Hall', capacity: 400 },
        { slug: 'room-2', name: 'Room 2', capacity: 80 },
      ],
      days: [
        { date: '2016-08-20', start: '2016-08-20T09:00:00-07:00', end: '2016-08-20T18:00:00-07:00' },
        { date: '2016-08-21', start: '2016-08-21T09:00:00-07:00', end: '2016-08-21T18:00:00-07:00' },
      ],
      slots: expectedSlots(),
    });
    expect(body.releasedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?-0[78]:00$/);
    expect(body.slots).toHaveLength(40);
    expect(body.slots.slice(0, 3)).toEqual([
      {
        kind: 'talk',
        talk: 'python-103-memory-model-best-practices',
        title: 'Python 103: Memory Model & Best Practices',
        room: 'main-hall',
        start: '2016-08-20T09:00:00-07:00',
        end: '2016-08-20T09:30:00-07:00',
      },
      {
        kind: 'talk',
        talk: slug(11),
        title: title(11),
        room: 'room-2',
        start: '2016-08-20T09:00:00-07:00',
        end: '2016-08-20T09:30:00-07:00',
      },
      {
        kind: 'talk',
        talk: 'flask-for-fun-and-profit',
        title: 'Flask for Fun and Profit',
        room: 'main-hall',
        start: '2016-08-20T09:40:00-07:00',
        end: '2016-08-20T10:10:00-07:00',
      },
    ]);
  });

  it('answers 304 to a current ETag, and a new body once a new release moves a talk', async () => {
    await releasePyBay();
    const first = await api('/api/events/pybay-2016/schedule');
    const again = await api('/api/events/pybay-2016/schedule', { 'if-none-match': first.headers.etag as string });

    expect(again.statusCode).toBe(304);
    const event = (await t.db.select().from(events).where(eq(events.slug, 'pybay-2016')))[0]!;
    const [flask] = await t.db.select().from(talks).where(eq(talks.slug, 'flask-for-fun-and-profit'));
    await t.db
      .update(scheduleSlots)
      .set({ startsAt: localTime('2016-08-21', '16:20', ZONE), endsAt: localTime('2016-08-21', '16:50', ZONE) })
      .where(eq(scheduleSlots.talkId, flask!.id));
    await t.db.transaction((tx) => releaseScheduleWithin(tx, event, { version: '2' }, null));
    await t.agenda.reload('pybay-2016');
    const changed = await api('/api/events/pybay-2016/schedule', { 'if-none-match': first.headers.etag as string });

    expect(changed.statusCode).toBe(200);
    expect(changed.json().version).toBe('2');
    expect(changed.json().slots.find((s: Slot) => s.talk === 'flask-for-fun-and-profit')).toEqual({
      kind: 'talk',
      talk: 'flask-for-fun-and-profit',
      title: 'Flask for Fun and Profit',
      room: 'main-hall',
      start: '2016-08-21T16:20:00-07:00',
      end: '2016-08-21T16:50:00-07:00',
    });
  });
});

describe('GET /api/events/{event}/releases', () => {
  it('lists no release before the first', async () => {
    expect((await api('/api/events/pybay-2016/releases')).json()).toEqual({ releases: [] });
  });

  it('lists every release newest first with its changes: moved, removed, cancelled', async () => {
    await releasePyBay();
    const event = (await t.db.select().from(events).where(eq(events.slug, 'pybay-2016')))[0]!;
    const [room2] = await t.db.select().from(rooms).where(eq(rooms.slug, 'room-2'));
    const id = async (s: string) => (await t.db.select().from(talks).where(eq(talks.slug, s)))[0]!.id;
    await t.db
      .update(scheduleSlots)
      .set({
        roomId: room2!.id,
        startsAt: localTime('2016-08-21', '15:00', ZONE),
        endsAt: localTime('2016-08-21', '15:30', ZONE),
      })
      .where(eq(scheduleSlots.talkId, await id(slug(0))));
    await t.db.delete(scheduleSlots).where(eq(scheduleSlots.talkId, await id(slug(1))));
    await t.db
      .update(talks)
      .set({ state: 'withdrawn' })
      .where(eq(talks.slug, slug(2)));
    await t.db.transaction((tx) =>
      releaseScheduleWithin(tx, event, { version: 'v2 final', comment: 'Moved the opening talk' }, null),
    );
    await t.agenda.reload('pybay-2016');

    const response = await api('/api/events/pybay-2016/releases');
    const [firstAt, secondAt] = await releasedAt();
    const body = response.json();

    expect(body.releases.map((r: { version: string }) => r.version)).toEqual(['v2 final', '1']);
    expect(body.releases[0]).toEqual({
      version: 'v2 final',
      releasedAt: secondAt,
      comment: 'Moved the opening talk',
      changes: [
        {
          kind: 'moved',
          talk: slug(0),
          title: title(0),
          before: { room: 'Main Hall', start: '2016-08-20T09:00:00-07:00', end: '2016-08-20T09:30:00-07:00' },
          after: { room: 'Room 2', start: '2016-08-21T15:00:00-07:00', end: '2016-08-21T15:30:00-07:00' },
        },
        {
          kind: 'removed',
          talk: slug(1),
          title: title(1),
          before: { room: 'Main Hall', start: '2016-08-20T09:40:00-07:00', end: '2016-08-20T10:10:00-07:00' },
          after: null,
        },
        {
          kind: 'cancelled',
          talk: slug(2),
          title: title(2),
          before: { room: 'Main Hall', start: '2016-08-20T10:20:00-07:00', end: '2016-08-20T10:50:00-07:00' },
          after: null,
        },
      ],
    });
    const first = body.releases[1];
    expect([first.version, first.releasedAt, first.comment, first.changes.length]).toEqual([
      '1',
      firstAt,
      'First schedule',
      40,
    ]);
    expect(first.changes.every((c: { kind: string; before: unknown }) => c.kind === 'added' && c.before === null)).toBe(
      true,
    );
    expect(first.changes.find((c: { talk: string | null }) => c.talk === null)).toEqual({
      kind: 'added',
      talk: null,
      title: 'Lunch',
      before: null,
      after: { room: 'All rooms', start: '2016-08-20T12:00:00-07:00', end: '2016-08-20T13:00:00-07:00' },
    });
  });
});

describe('talks with their place in the schedule', () => {
  it('gives talks null start, end and room before the release, and their slot after it', async () => {
    const before = (await api('/api/events/pybay-2016/talks/flask-for-fun-and-profit')).json();
    expect([before.start, before.end, before.room]).toEqual([null, null, null]);

    await releasePyBay();
    const one = (await api('/api/events/pybay-2016/talks/flask-for-fun-and-profit')).json();
    const list = (await api('/api/events/pybay-2016/talks')).json().talks as {
      slug: string;
      start: string | null;
      end: string | null;
      room: { slug: string; name: string } | null;
    }[];

    expect([one.start, one.end, one.room]).toEqual([
      '2016-08-20T09:40:00-07:00',
      '2016-08-20T10:10:00-07:00',
      { slug: 'main-hall', name: 'Main Hall' },
    ]);
    const slots = expectedSlots().filter((s) => s.kind === 'talk');
    expect(list.map((talk) => [talk.slug, talk.start, talk.end, talk.room?.slug])).toEqual(
      PROGRAM.map(([s]) => {
        const slot = slots.find((x) => x.talk === s)!;
        return [s, slot.start, slot.end, slot.room];
      }),
    );
  });

  it('takes a talk off the schedule in the API once a release no longer places it', async () => {
    await releasePyBay();
    const event = (await t.db.select().from(events).where(eq(events.slug, 'pybay-2016')))[0]!;
    const [flask] = await t.db.select().from(talks).where(eq(talks.slug, 'flask-for-fun-and-profit'));
    await t.db.delete(scheduleSlots).where(eq(scheduleSlots.talkId, flask!.id));
    await t.db.transaction((tx) => releaseScheduleWithin(tx, event, {}, null));
    await t.agenda.reload('pybay-2016');

    const talk = (await api('/api/events/pybay-2016/talks/flask-for-fun-and-profit')).json();
    expect([talk.start, talk.end, talk.room]).toEqual([null, null, null]);
    expect((await api('/api/events/pybay-2016/schedule')).json().slots).toHaveLength(39);
  });
});

describe('the OpenAPI document', () => {
  it('describes the schedule and releases endpoints with their answers', () => {
    expect(spec.paths['/api/events/{event}/schedule']!.get!.operationId).toBe('getSchedule');
    expect(spec.paths['/api/events/{event}/releases']!.get!.operationId).toBe('listReleases');
    expect(Object.keys(spec.paths['/api/events/{event}/schedule']!.get!.responses).sort()).toEqual(['200', '404']);
    expect(Object.keys(spec.paths['/api/events/{event}/releases']!.get!.responses).sort()).toEqual(['200', '404']);
    const schedule = responseSchema(spec, 'GET', '/api/events/x/schedule', 200) as {
      required: string[];
      properties: { slots: { items: { required: string[] } } };
    };
    expect(schedule.required).toEqual(['version', 'releasedAt', 'comment', 'timezone', 'rooms', 'days', 'slots']);
    expect(schedule.properties.slots.items.required).toEqual(['kind', 'talk', 'title', 'room', 'start', 'end']);
    const talk = responseSchema(spec, 'GET', '/api/events/x/talks/y', 200) as { required: string[] };
    expect(talk.required).toEqual(expect.arrayContaining(['start', 'end', 'room']));
  });
});
