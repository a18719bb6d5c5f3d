import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { eventDays, events, roomClosures, rooms, scheduleSlots, timeSlots, users } from '../../src/db/schema.js';
import { createApiToken, loadActor } from '../../src/modules/accounts/index.js';
import { decodeEntities } from './html.js';
import { SCRIPT_TITLE, SVG_SPEAKER } from './xss-payloads.js';
import { browserAs, ORGANISER, programFixturePerFile, REVIEWER, SPEAKER } from './orga-program-fixtures.js';

const programFixture = programFixturePerFile();

const BASE = '/orga/pybay-2016/schedule';
const PAGE = `${BASE}/time-slots`;

/** PyBay 2016 in its zone with its two days (09:00–18:00) and two rooms, made through the pages. */
async function readyFixture() {
  const test = await programFixture();
  await test.db
    .update(events)
    .set({ timezone: 'America/Los_Angeles', startsOn: '2016-08-20', endsOn: '2016-08-21' })
    .where(eq(events.slug, 'pybay-2016'));
  const browser = await browserAs(test.app, ORGANISER);
  expect((await browser.post(`${BASE}/days/from-dates`, {}, { formUrl: `${BASE}/days` })).statusCode).toBe(303);
  for (const name of ['Main Hall', 'Room 2']) {
    expect((await browser.post(`${BASE}/rooms`, { name, capacity: '', description: '' })).statusCode).toBe(303);
  }
  const [saturday, sunday] = (await test.db.select().from(eventDays).orderBy(asc(eventDays.date))).map((d) => d.id);
  const [hall, small] = (await test.db.select().from(rooms).orderBy(asc(rooms.position))).map((r) => r.id);
  return { ...test, browser, saturday: saturday!, sunday: sunday!, hall: hall!, small: small! };
}

/** Every time slot, its closures, and every break: what the tests compare before and after. */
async function state(db: Database): Promise<string[]> {
  const slots = await db.select().from(timeSlots).orderBy(asc(timeSlots.startsAt));
  const closures = await db.select().from(roomClosures).orderBy(asc(roomClosures.timeSlotId));
  const breaks = await db.select().from(scheduleSlots).orderBy(asc(scheduleSlots.startsAt));
  return [
    ...slots.map((s) => `slot ${s.dayId} ${s.startsAt.toISOString()}–${s.endsAt.toISOString()}`),
    ...closures.map((c) => `closed ${c.roomId}/${c.timeSlotId}`),
    ...breaks.map((b) => `${b.kind} ${b.title} ${b.roomId ?? 'every room'} ${b.startsAt.toISOString()}`),
  ];
}

/** Text of the page as a visitor reads it, tags removed. */
function text(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** The text in the day's textarea. */
function textarea(html: string, dayId: number): string {
  const match = new RegExp(`<textarea id="slots-${dayId}"[^>]*>([^<]*)</textarea>`).exec(html);
  if (!match) throw new Error(`no textarea for day ${dayId}`);
  return decodeEntities(match[1]!);
}

describe('the time slots page', () => {
  it('shows every day with a form prefilled with its template, and is linked from the days page', async () => {
    const test = await readyFixture();
    expect((await test.browser.get(`${BASE}/days`)).body).toContain(`<a href="${PAGE}">Time slots</a>`);
    const saved = await test.browser.post(`${PAGE}/${test.saturday}`, {
      slots: '09:00-09:30\n09:30 30\n# the afternoon\n12:00-13:00 Lunch\n13:00 45',
    });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `${PAGE}#day-${test.saturday}`]);
    const page = await test.browser.get(PAGE);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('Sat 20 Aug 2016 has 3 time slots and 1 named break.');
    expect(text(page.body)).toContain(
      'Sat 20 Aug 2016, 09:00–18:00 3 time slots, 09:00–13:45, 30 or 45 minutes. Named breaks: Lunch 12:00–13:00.',
    );
    expect(text(page.body)).toContain('Sun 21 Aug 2016, 09:00–18:00 No time slots yet.');
    expect(textarea(page.body, test.saturday)).toBe('09:00-09:30\n09:30-10:00\n12:00-13:00 Lunch\n13:00-13:45');
    expect(textarea(page.body, test.sunday)).toBe('');
    expect(page.body).toContain(
      `<input type="checkbox" name="to" value="${test.sunday}" id="copy-${test.saturday}"/><span>Sun 21 Aug 2016</span>`,
    );
    expect(await state(test.db)).toEqual([
      `slot ${test.saturday} 2016-08-20T16:00:00.000Z–2016-08-20T16:30:00.000Z`,
      `slot ${test.saturday} 2016-08-20T16:30:00.000Z–2016-08-20T17:00:00.000Z`,
      `slot ${test.saturday} 2016-08-20T20:00:00.000Z–2016-08-20T20:45:00.000Z`,
      'break Lunch every room 2016-08-20T19:00:00.000Z',
    ]);
  });

  it.each([
    [
      '09:00-09:30\nnine to ten',
      'line 2 ("nine to ten"): expected a start and an end, 09:00-09:30, or a start and minutes, 09:00 30',
    ],
    ['09:00-10:00\n09:30 30', '09:30–10:00 overlaps 09:00–10:00'],
    ['17:30 60', '17:30–18:30 is outside the day Sat 20 Aug 2016 09:00–18:00'],
  ])(
    'refuses %j with a 400, the message beside the textarea and the text kept, writing nothing',
    async (typed, message) => {
      const test = await readyFixture();
      await test.browser.post(`${PAGE}/${test.saturday}`, { slots: '11:00 30' });
      const before = await state(test.db);
      const response = await test.browser.post(`${PAGE}/${test.saturday}`, { slots: typed });
      expect(response.statusCode).toBe(400);
      expect(decodeEntities(response.body)).toContain(
        `<p class="error" id="slots-${test.saturday}-error">${message}</p>`,
      );
      expect(decodeEntities(response.body)).toContain(
        `<a href="#slots-${test.saturday}">Time slots (Sat 20 Aug 2016): ${message}</a>`,
      );
      expect(response.body).toContain(
        `aria-describedby="slots-${test.saturday}-hint slots-${test.saturday}-error" aria-invalid="true"`,
      );
      expect(textarea(response.body, test.saturday)).toBe(typed);
      expect(await state(test.db)).toEqual(before);
    },
  );

  it('refuses a named break where a talk is placed, naming the talk', async () => {
    const test = await readyFixture();
    const [talk] = await test.db.select().from(scheduleSlots);
    expect(talk).toBeUndefined();
    const placed = await test.browser.post(`${BASE}/place`, {
      talk: (await test.db.query.talks.findFirst({
        where: (t, { eq: is }) => is(t.title, 'Flask for Fun and Profit'),
      }))!.code,
      room: String(test.small),
      start: '2016-08-20T12:15',
    });
    expect(placed.statusCode).toBe(303);
    const before = await state(test.db);
    const response = await test.browser.post(`${PAGE}/${test.saturday}`, { slots: '12:00-13:00 Lunch' });
    expect(response.statusCode).toBe(400);
    expect(text(response.body)).toContain(
      'the break Lunch 12:00–13:00 on Sat 20 Aug 2016: "Flask for Fun and Profit" is in Room 2 from 12:15 to 12:45 on Sat 20 Aug 2016: a room holds one thing at a time',
    );
    expect(await state(test.db)).toEqual(before);
  });

  it('fills in the text from the generator without saving it, and says what is wrong with its fields', async () => {
    const test = await readyFixture();
    const response = await test.browser.post(`${PAGE}/${test.sunday}/generate`, {
      from: '09:00',
      to: '11:00',
      minutes: '30',
      gap: '10',
    });
    expect([response.statusCode, response.headers.location]).toEqual([
      303,
      `${PAGE}?day=${test.sunday}&from=09%3A00&to=11%3A00&minutes=30&gap=10#slots-${test.sunday}`,
    ]);
    const page = await test.browser.get(response.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(textarea(page.body, test.sunday)).toBe('09:00-09:30\n09:40-10:10\n10:20-10:50');
    expect(page.body).toContain(`<option value="10" selected>10</option>`);
    expect(await state(test.db)).toEqual([]);

    const bad = await test.browser.post(`${PAGE}/${test.sunday}/generate`, {
      from: '09:00',
      to: '11:00',
      minutes: 'half an hour',
      gap: '0',
    });
    expect(bad.statusCode).toBe(400);
    expect(decodeEntities(bad.body)).toContain(
      `<p class="error" id="minutes-${test.sunday}-error">must be a whole number of minutes from 5 to 1435</p>`,
    );
    expect(bad.body).toContain(`id="minutes-${test.sunday}" name="minutes" type="number" value="half an hour"`);
    const tampered = await test.browser.get(`${PAGE}?day=${test.sunday}&from=09:00&to=09:10&minutes=30&gap=0`);
    expect(tampered.statusCode).toBe(400);
    expect(decodeEntities(tampered.body)).toContain(
      `<p class="error" id="to-${test.sunday}-error">leaves no room for a 30-minute time slot after 09:00</p>`,
    );
  });

  it('copies a day’s time slots and named breaks to the days ticked, or refuses with the message beside the choice', async () => {
    const test = await readyFixture();
    await test.browser.post(`${PAGE}/${test.saturday}`, { slots: '09:00-10:00\n12:00-13:00 Lunch' });
    const none = await test.browser.post(`${PAGE}/${test.saturday}/copy`, {});
    expect(none.statusCode).toBe(400);
    expect(decodeEntities(none.body)).toContain(
      `<p class="error" id="copy-${test.saturday}-error">choose at least one other day to copy to</p>`,
    );
    const copied = await test.browser.post(`${PAGE}/${test.saturday}/copy`, { to: [String(test.sunday)] });
    expect([copied.statusCode, copied.headers.location]).toEqual([303, PAGE]);
    const page = await test.browser.get(PAGE);
    expect(text(page.body)).toContain('Sat 20 Aug 2016’s time slots are copied to 1 day.'.replace('’', "'"));
    expect(textarea(page.body, test.sunday)).toBe('09:00-10:00\n12:00-13:00 Lunch');
    const empty = await test.browser.post(`${PAGE}/${test.sunday}`, { slots: '' });
    expect(empty.statusCode).toBe(303);
    const fromEmpty = await test.browser.post(`${PAGE}/${test.sunday}/copy`, { to: [String(test.saturday)] });
    expect(fromEmpty.statusCode).toBe(400);
    expect(text(fromEmpty.body)).toContain('Sun 21 Aug 2016 has no time slots to copy');
  });

  it('answers 404 for a day of no event and 400 naming a malformed field', async () => {
    const test = await readyFixture();
    expect((await test.browser.post(`${PAGE}/999999`, { slots: '09:00 30' })).statusCode).toBe(404);
    const missing = await test.browser.post(`${PAGE}/${test.saturday}`, {});
    expect(missing.statusCode).toBe(400);
    expect(text(missing.body)).toContain('slots');
    expect((await test.browser.post(`${PAGE}/${test.saturday}/copy`, { to: ['x'] })).statusCode).toBe(400);
  });

  it('escapes a named break’s title and a room’s name wherever they are shown', async () => {
    const test = await readyFixture();
    const title = SCRIPT_TITLE.replace(/\s+/g, ' ');
    await test.db.update(rooms).set({ name: SVG_SPEAKER }).where(eq(rooms.id, test.small));
    const saved = await test.browser.post(`${PAGE}/${test.saturday}`, { slots: `09:00 30\n12:00-13:00 ${title}` });
    expect(saved.statusCode).toBe(303);
    const page = await test.browser.get(PAGE);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('<img src=x');
    expect(textarea(page.body, test.saturday)).toBe(`09:00-09:30\n12:00-13:00 ${title}`);
    expect(text(page.body)).toContain(`Named breaks: ${title} 12:00–13:00.`);
    const closures = await test.browser.get(`${BASE}/rooms/${test.small}/closures`);
    expect(closures.body).not.toContain('<svg onload');
    expect(text(closures.body)).toContain(`When ${SVG_SPEAKER} is closed`);
  });

  it('is the organisers’ alone', async () => {
    const test = await readyFixture();
    for (const email of [REVIEWER, SPEAKER]) {
      const browser = await browserAs(test.app, email);
      expect((await browser.get(PAGE)).statusCode).toBe(403);
      expect((await browser.post(`${PAGE}/${test.saturday}`, { slots: '09:00 30' })).statusCode).toBe(403);
    }
    const anonymous = await browserAs(test.app, undefined);
    expect((await anonymous.get(PAGE)).statusCode).toBe(303);
    expect(await state(test.db)).toEqual([]);
  });
});

describe('a room’s closures', () => {
  it('ticks the time slots a room is closed in, grouped by day, linked from the room’s page', async () => {
    const test = await readyFixture();
    await test.browser.post(`${PAGE}/${test.saturday}`, { slots: '09:00 30\n09:30 30' });
    await test.browser.post(`${PAGE}/${test.sunday}`, { slots: '10:00 60' });
    const [first, second, third] = (await test.db.select().from(timeSlots).orderBy(asc(timeSlots.startsAt))).map(
      (slot) => slot.id,
    );
    const at = `${BASE}/rooms/${test.small}/closures`;
    expect((await test.browser.get(`${BASE}/rooms/${test.small}`)).body).toContain(`<a href="${at}">Closures</a>`);
    const saved = await test.browser.post(at, { closed: [String(second), String(third)] }, { formUrl: at });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, at]);
    const page = await test.browser.get(at);
    expect(text(page.body)).toContain('Room 2 is closed in 2 time slots.');
    expect(text(page.body)).toContain('Sat 20 Aug 2016 09:00–09:30 09:30–10:00 Sun 21 Aug 2016 10:00–11:00');
    expect(page.body).toContain(`<input type="checkbox" name="closed" value="${first}" id="closed"/>`);
    expect(page.body).toContain(
      `<input type="checkbox" name="closed" value="${second}" id="closed-${second}" checked/>`,
    );
    expect(await test.db.select().from(roomClosures).orderBy(asc(roomClosures.timeSlotId))).toEqual([
      { roomId: test.small, timeSlotId: second },
      { roomId: test.small, timeSlotId: third },
    ]);

    const unknown = await test.browser.post(at, { closed: [String(first), '999999'] });
    expect(unknown.statusCode).toBe(400);
    expect(decodeEntities(unknown.body)).toContain(
      '<p class="error" id="closed-error">names no time slot of this event (999999)</p>',
    );
    expect(unknown.body).toContain(`value="${first}" id="closed" checked/>`);
    expect(await test.db.select().from(roomClosures)).toHaveLength(2);

    const otherRoom = await test.db
      .insert(rooms)
      .values({
        eventId: (await test.db.select().from(events).where(eq(events.slug, 'other-2026')))[0]!.id,
        slug: 'elsewhere',
        name: 'Elsewhere',
        position: 1,
      })
      .returning();
    expect((await test.browser.get(`${BASE}/rooms/${otherRoom[0]!.id}/closures`)).statusCode).toBe(404);
    expect((await test.browser.post(`${BASE}/rooms/${otherRoom[0]!.id}/closures`, { closed: [] })).statusCode).toBe(
      404,
    );
  });
});

describe('the organiser API’s time slots', () => {
  async function apiFixture() {
    const test = await readyFixture();
    const [event] = await test.db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    const [user] = await test.db.select().from(users).where(eq(users.email, ORGANISER));
    const { token } = await createApiToken(test.db, await loadActor(test.db, user!.id), event!, 'scripts');
    const call = (method: 'GET' | 'PUT', url: string, payload?: object) =>
      test.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload }),
      });
    return { ...test, call };
  }

  it('replaces a day’s time slots from JSON, keeping its named breaks unless given, and lists them with closures', async () => {
    const test = await apiFixture();
    await test.browser.post(`${PAGE}/${test.saturday}`, { slots: '09:00-10:00\n12:00-13:00 Lunch' });
    const put = await test.call('PUT', '/api/events/pybay-2016/days/2016-08-20/time-slots', {
      slots: [
        { start: '09:00', end: '10:00' },
        { start: '10:00', end: '10:45' },
      ],
    });
    expect(put.statusCode).toBe(200);
    const [first, second] = (await test.db.select().from(timeSlots).orderBy(asc(timeSlots.startsAt))).map((s) => s.id);
    await test.db.insert(roomClosures).values({ roomId: test.hall, timeSlotId: first! });
    const list = await test.call('GET', '/api/events/pybay-2016/time-slots');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      days: [
        {
          date: '2016-08-20',
          start: '09:00',
          end: '18:00',
          timeSlots: [
            {
              id: first,
              start: '09:00',
              end: '10:00',
              startsAt: '2016-08-20T16:00:00.000Z',
              endsAt: '2016-08-20T17:00:00.000Z',
              durationMinutes: 60,
              closedRooms: ['main-hall'],
            },
            {
              id: second,
              start: '10:00',
              end: '10:45',
              startsAt: '2016-08-20T17:00:00.000Z',
              endsAt: '2016-08-20T17:45:00.000Z',
              durationMinutes: 45,
              closedRooms: [],
            },
          ],
          breaks: [
            {
              title: 'Lunch',
              start: '12:00',
              end: '13:00',
              startsAt: '2016-08-20T19:00:00.000Z',
              endsAt: '2016-08-20T20:00:00.000Z',
            },
          ],
          template: '09:00-10:00\n10:00-10:45\n12:00-13:00 Lunch',
        },
        { date: '2016-08-21', start: '09:00', end: '18:00', timeSlots: [], breaks: [], template: '' },
      ],
    });

    const withBreaks = await test.call('PUT', '/api/events/pybay-2016/days/2016-08-20/time-slots', {
      slots: [{ start: '09:00', end: '10:00' }],
      breaks: [{ start: '10:00', end: '10:30', title: '  Coffee   break ' }],
    });
    expect(withBreaks.statusCode).toBe(200);
    expect(withBreaks.json().template).toBe('09:00-10:00\n10:00-10:30 Coffee break');
    expect(withBreaks.json().timeSlots[0].closedRooms).toEqual(['main-hall']);
  });

  it('answers 400 naming the slot at fault and 404 for a day the event does not have, changing nothing', async () => {
    const test = await apiFixture();
    await test.browser.post(`${PAGE}/${test.saturday}`, { slots: '09:00-10:00' });
    const before = await state(test.db);
    const cases: [object, string, string][] = [
      [{ slots: [{ start: '09:00', end: '09:00' }] }, 'slots/0: the end must differ from the start', 'slots/0'],
      [{ slots: [{ start: '09:00', end: '25:00' }] }, 'slots/0: 25:00 is not a time of day', 'slots/0'],
      [
        {
          slots: [
            { start: '09:00', end: '10:00' },
            { start: '09:30', end: '10:30' },
          ],
        },
        'slots: 09:30–10:30 overlaps 09:00–10:00',
        'slots',
      ],
    ];
    for (const [body, message, parameter] of cases) {
      const response = await test.call('PUT', '/api/events/pybay-2016/days/2016-08-20/time-slots', body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ statusCode: 400, error: 'Bad Request', message, parameter });
    }
    const noSlots = await test.call('PUT', '/api/events/pybay-2016/days/2016-08-20/time-slots', {});
    expect(noSlots.statusCode).toBe(400);
    const missing = await test.call('PUT', '/api/events/pybay-2016/days/2016-09-01/time-slots', { slots: [] });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('PyBay 2016 has no day on 2016-09-01.');
    expect(await state(test.db)).toEqual(before);
  });
});
