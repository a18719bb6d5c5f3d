import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { events, sessionTypes, talks } from '../../src/db/schema.js';
import ICAL from 'ical.js';
import type { TestApp } from '../helpers/app.js';
import {
  parseCsv,
  validateC3vocJson,
  validateCsv,
  validateFrabXml,
  validateICal,
} from '../helpers/export-validators.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { CSV_COLUMNS } from '../../src/modules/exchange/index.js';
import { browserAs, ORGANISER, programFixturePerFile, REVIEWER } from './orga-program-fixtures.js';

const programFixture = programFixturePerFile();

const BASE = '/orga/pybay-2016/session-types';

async function typesOf(db: Database) {
  const rows = await db
    .select({ type: sessionTypes })
    .from(sessionTypes)
    .innerJoin(events, eq(events.id, sessionTypes.eventId))
    .where(eq(events.slug, 'pybay-2016'))
    .orderBy(asc(sessionTypes.position));
  return rows.map(({ type }) => ({
    slug: type.slug,
    name: type.name,
    durationMinutes: type.durationMinutes,
    deadline: type.deadline,
    maxSpeakers: type.maxSpeakers,
    isPublic: type.isPublic,
    position: type.position,
  }));
}

async function typeId(db: Database, slug: string): Promise<number> {
  const [row] = await db.select({ id: sessionTypes.id }).from(sessionTypes).where(eq(sessionTypes.slug, slug));
  return row!.id;
}

async function setTalkType(db: Database, talkSlug: string, typeSlug: string | null): Promise<void> {
  const [event] = await db.select({ id: events.id }).from(events).where(eq(events.slug, 'pybay-2016'));
  await db
    .update(talks)
    .set({ sessionTypeId: typeSlug === null ? null : await typeId(db, typeSlug) })
    .where(and(eq(talks.eventId, event!.id), eq(talks.slug, talkSlug)));
}

const TALK = { name: 'Talk', durationMinutes: '30', deadline: '', maxSpeakers: '', isPublic: 'on' };
const WORKSHOP = { name: 'Workshop', durationMinutes: '90', deadline: '2099-06-01T12:00', maxSpeakers: '2' };

async function addTypes(test: TestApp) {
  const browser = await browserAs(test.app, ORGANISER);
  for (const form of [TALK, WORKSHOP]) {
    const response = await browser.post(BASE, form, { formUrl: BASE });
    expect(response.statusCode).toBe(303);
  }
  return browser;
}

describe('session types in the back office', () => {
  it('starts with none: the page says so, and the public program has no type filter', async () => {
    const test = await programFixture();
    const browser = await browserAs(test.app, ORGANISER);
    const page = await browser.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p>No session types yet.</p>');
    expect(page.body).toContain('<a href="/orga/pybay-2016/session-types" aria-current="page">Session types</a>');
    const program = await test.app.inject('/pybay-2016');
    expect(program.body).not.toContain('name="type"');
    expect(await typesOf(test.db)).toEqual([]);
  });

  it('adds session types at the end with slugs from their names, a deadline in the event time zone and a speaker limit', async () => {
    const test = await programFixture();
    const browser = await addTypes(test);
    expect(await typesOf(test.db)).toEqual([
      {
        slug: 'talk',
        name: 'Talk',
        durationMinutes: 30,
        deadline: null,
        maxSpeakers: null,
        isPublic: true,
        position: 1,
      },
      {
        slug: 'workshop',
        name: 'Workshop',
        durationMinutes: 90,
        // In the event's zone, which for PyBay is UTC.
        deadline: new Date('2099-06-01T12:00:00Z'),
        maxSpeakers: 2,
        isPublic: false,
        position: 2,
      },
    ]);
    const page = await browser.get(BASE);
    expect(page.body).toContain('The session type &#34;Workshop&#34; is added.');
    expect(page.body).toContain(
      '<code>workshop</code></td><td class="number">90</td><td>Mon 1 Jun 2099, 12:00 UTC</td><td>2 speakers</td><td>No (hidden)</td><td class="number">0</td>',
    );
    expect(page.body).toContain(
      '<code>talk</code></td><td class="number">30</td><td>None</td><td>No limit</td><td>Yes</td><td class="number">0</td>',
    );
  });

  it.each([
    [{ ...TALK, name: '  ' }, 'name', 'give the session type a name'],
    [{ ...TALK, durationMinutes: 'long' }, 'durationMinutes', 'must be a whole number of minutes from 1 to 1440'],
    [{ ...TALK, durationMinutes: '0' }, 'durationMinutes', 'must be a whole number of minutes from 1 to 1440'],
    [{ ...TALK, durationMinutes: '1441' }, 'durationMinutes', 'must be a whole number of minutes from 1 to 1440'],
    [{ ...TALK, maxSpeakers: '0' }, 'maxSpeakers', 'must be a whole number of speakers from 1 to 50'],
    [{ ...TALK, deadline: 'soon' }, 'deadline', '&#34;soon&#34; is not a date and time (expected YYYY-MM-DDTHH:MM)'],
  ])('refuses %j with a message under the field %s, adding nothing', async (form, field, message) => {
    const test = await programFixture();
    const browser = await browserAs(test.app, ORGANISER);
    const response = await browser.post(BASE, form, { formUrl: BASE });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p class="error" id="${field}-error">`);
    expect(response.body).toContain(message);
    expect(await typesOf(test.db)).toEqual([]);
  });

  it('refuses a second type of the same name, whatever its case', async () => {
    const test = await programFixture();
    const browser = await addTypes(test);
    const response = await browser.post(BASE, { ...TALK, name: 'TALK' }, { formUrl: BASE });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('there is already a session type named &#34;Talk&#34;');
    expect((await typesOf(test.db)).map((type) => type.slug)).toEqual(['talk', 'workshop']);
  });

  it('changes a type and keeps its slug; reorders types', async () => {
    const test = await programFixture();
    const browser = await addTypes(test);
    const id = await typeId(test.db, 'talk');
    const form = await browser.get(`${BASE}/${id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="durationMinutes" type="number" value="30"');
    const saved = await browser.post(
      `${BASE}/${id}`,
      { name: 'Long talk', durationMinutes: '45', deadline: '', maxSpeakers: '3', isPublic: 'on' },
      { formUrl: `${BASE}/${id}` },
    );
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(BASE);
    const moved = await browser.post(`${BASE}/${id}/move`, { direction: 'down' }, { formUrl: BASE });
    expect(moved.statusCode).toBe(303);
    expect(await typesOf(test.db)).toEqual([
      expect.objectContaining({ slug: 'workshop', position: 1 }),
      {
        slug: 'talk',
        name: 'Long talk',
        durationMinutes: 45,
        deadline: null,
        maxSpeakers: 3,
        isPublic: true,
        position: 2,
      },
    ]);
  });

  it('refuses deleting a type talks are of unless they move to another, then moves them', async () => {
    const test = await programFixture();
    const browser = await addTypes(test);
    await setTalkType(test.db, 'flask-for-fun-and-profit', 'workshop');
    const workshop = await typeId(test.db, 'workshop');
    const talk = await typeId(test.db, 'talk');
    const refused = await browser.post(`${BASE}/${workshop}/delete`, {}, { formUrl: `${BASE}/${workshop}` });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      '1 talk or proposal is in the session type &#34;Workshop&#34;: choose a session type to move it to',
    );
    expect(await typesOf(test.db)).toHaveLength(2);
    const deleted = await browser.post(
      `${BASE}/${workshop}/delete`,
      { moveTo: String(talk) },
      { formUrl: `${BASE}/${workshop}` },
    );
    expect(deleted.statusCode).toBe(303);
    expect((await browser.get(BASE)).body).toContain(
      'The session type &#34;Workshop&#34; is deleted. Its talk or proposal is now of the type &#34;Talk&#34;.',
    );
    expect((await typesOf(test.db)).map((type) => [type.slug, type.position])).toEqual([['talk', 1]]);
    const [moved] = await test.db
      .select({ sessionTypeId: talks.sessionTypeId })
      .from(talks)
      .where(eq(talks.slug, 'flask-for-fun-and-profit'));
    expect(moved!.sessionTypeId).toBe(talk);
  });

  it("lets the talk editor choose a talk's session type from the event's, refusing another event's by field", async () => {
    const test = await programFixture();
    const browser = await addTypes(test);
    const [talk] = await test.db.select().from(talks).where(eq(talks.slug, 'flask-for-fun-and-profit'));
    const edit = `/orga/pybay-2016/talks/${talk!.code}`;
    const page = await browser.get(edit);
    expect(page.body).toContain('<select id="sessionTypeId" name="sessionTypeId"');
    expect(page.body).toContain('>Workshop (90 minutes)</option>');
    expect(page.body).not.toContain('name="sessionType"');
    const form = {
      title: talk!.title,
      description: talk!.description,
      abstract: talk!.abstract,
      trackId: talk!.trackId === null ? '' : String(talk!.trackId),
      levelId: talk!.levelId === null ? '' : String(talk!.levelId),
      durationMinutes: '',
    };
    const workshop = await typeId(test.db, 'workshop');
    const saved = await browser.post(edit, { ...form, sessionTypeId: String(workshop) }, { formUrl: edit });
    expect(saved.statusCode).toBe(303);
    const refused = await browser.post(edit, { ...form, sessionTypeId: '999999' }, { formUrl: edit });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<a href="#sessionTypeId">Session type: choose a session type from the list</a>');
    const [after] = await test.db
      .select({ sessionTypeId: talks.sessionTypeId })
      .from(talks)
      .where(eq(talks.id, talk!.id));
    expect(after!.sessionTypeId).toBe(workshop);
  });

  it('is for organisers only: a reviewer is refused and nothing changes', async () => {
    const test = await programFixture();
    const reviewer = await browserAs(test.app, REVIEWER);
    expect((await reviewer.get(BASE)).statusCode).toBe(403);
    const response = await reviewer.post(BASE, TALK, { formUrl: '/account' });
    expect(response.statusCode).toBe(403);
    expect(await typesOf(test.db)).toEqual([]);
  });
});

describe('session types on the public side', () => {
  async function typedProgram(test: TestApp) {
    await addTypes(test);
    await setTalkType(test.db, 'flask-for-fun-and-profit', 'workshop');
    await setTalkType(test.db, 'tensorflow-on-the-web', 'talk');
    await test.agenda.reload('pybay-2016');
  }

  it('shows the type on the talk page, with its length', async () => {
    const test = await programFixture();
    await typedProgram(test);
    const page = await test.app.inject('/pybay-2016/talks/flask-for-fun-and-profit');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<dt>Session type</dt><dd><a href="/pybay-2016?type=workshop">Workshop, 90 minutes</a></dd>',
    );
  });

  it('filters the program by ?type= and offers a Type select; an unknown type is a 400 naming type', async () => {
    const test = await programFixture();
    await typedProgram(test);
    const filtered = await test.app.inject('/pybay-2016?type=workshop');
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('<select id="filter-type" name="type">');
    expect(filtered.body).toContain('<option value="workshop" selected>Workshop (1)</option>');
    expect(filtered.body).toContain('href="/pybay-2016/talks/flask-for-fun-and-profit"');
    expect(filtered.body).not.toContain('href="/pybay-2016/talks/tensorflow-on-the-web"');
    const api = await test.app.inject('/api/events/pybay-2016/talks?type=talk');
    expect(api.json().talks.map((talk: { slug: string }) => talk.slug)).toEqual(['tensorflow-on-the-web']);
    const unknown = await test.app.inject('/pybay-2016?type=keynote');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('no session type &#34;keynote&#34; in PyBay 2016; session types are talk, workshop');
    const unknownApi = await test.app.inject('/api/events/pybay-2016/talks?type=keynote');
    expect(unknownApi.statusCode).toBe(400);
    expect(unknownApi.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'type: no session type "keynote" in PyBay 2016; session types are talk, workshop',
      parameter: 'type',
    });
  });

  it('gives sessionType and guid in the talks API', async () => {
    const test = await programFixture();
    await typedProgram(test);
    const [flask] = await test.db
      .select({ guid: talks.guid })
      .from(talks)
      .where(eq(talks.slug, 'flask-for-fun-and-profit'));
    const talk = (await test.app.inject('/api/events/pybay-2016/talks/flask-for-fun-and-profit')).json();
    expect(talk.guid).toBe(flask!.guid);
    expect(talk.sessionType).toEqual({ slug: 'workshop', name: 'Workshop', durationMinutes: 90 });
    const untyped = (await test.app.inject('/api/events/pybay-2016/talks/untitled-talk')).json();
    expect(untyped.sessionType).toBeNull();
  });

  it("makes a talk without its own length last its type's duration, and exports carry the type's name", async () => {
    const test = await programFixture();
    await typedProgram(test);
    const csv = await test.app.inject('/pybay-2016/talks.csv');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.split('\r\n');
    const header = lines[0]!.split(',');
    const flask = lines.find((line) => line.includes(',flask-for-fun-and-profit,'))!;
    expect(header.at(-1)).toBe('session_type');
    expect(flask.endsWith(',Workshop')).toBe(true);
    expect(flask).toContain(',90,');
  });

  it("writes the type's name into every export, each valid as its format's own parser reads it", async () => {
    const test = await programFixture();
    await typedProgram(test);
    await scheduleAndRelease(test.db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
    await test.agenda.reload('pybay-2016');

    const xml = (await test.app.inject('/pybay-2016/schedule.xml')).body;
    expect(await validateFrabXml(xml)).toEqual([]);
    const flaskEvent =
      /<event [^>]*>(?:(?!<\/event>)[\s\S])*<slug>[^<]*flask-for-fun-and-profit<\/slug>(?:(?!<\/event>)[\s\S])*<\/event>/.exec(
        xml,
      )![0];
    expect(flaskEvent).toContain('<type>Workshop</type>');

    const json = (await test.app.inject('/pybay-2016/schedule.json')).body;
    expect(validateC3vocJson(json)).toEqual([]);
    const days = (
      JSON.parse(json) as {
        schedule: { conference: { days: { rooms: Record<string, { slug: string; type: string }[]> }[] } };
      }
    ).schedule.conference.days;
    const events = days.flatMap((day) => Object.values(day.rooms).flat());
    expect(events.find((event) => event.slug.endsWith('flask-for-fun-and-profit'))!.type).toBe('Workshop');
    expect(events.find((event) => event.slug.endsWith('tensorflow-on-the-web'))!.type).toBe('Talk');

    const ics = (await test.app.inject('/pybay-2016/talks/flask-for-fun-and-profit.ics')).body;
    expect(validateICal(ics)).toEqual([]);
    const vevent = new ICAL.Component(ICAL.parse(ics) as unknown[]).getFirstSubcomponent('vevent')!;
    expect(vevent.getAllProperties('categories').flatMap((property) => property.getValues())).toEqual([
      'All things Web',
      'Workshop',
    ]);

    const csv = (await test.app.inject('/pybay-2016/talks.csv')).body;
    expect(validateCsv(csv, CSV_COLUMNS)).toEqual([]);
    const [header, ...rows] = parseCsv(csv);
    const row = rows.find((cells) => cells[1] === 'flask-for-fun-and-profit')!;
    expect(row[header!.indexOf('session_type')]).toBe('Workshop');
  });
});
