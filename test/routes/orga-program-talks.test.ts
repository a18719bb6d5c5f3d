import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { events, reviews, speakers, talkSpeakers, talks, users } from '../../src/db/schema.js';
import { searchTalks } from '../../src/modules/program/index.js';
import {
  browserAs,
  followProgramChanges,
  ORGANISER,
  programFixturePerFile,
  snapshot,
  talkByTitle,
  trackBySlug,
} from './orga-program-fixtures.js';

const programFixture = programFixturePerFile();

async function speakerByName(db: Database, name: string) {
  const [row] = await db
    .select({ speaker: speakers })
    .from(speakers)
    .innerJoin(events, eq(events.id, speakers.eventId))
    .where(and(eq(events.slug, 'pybay-2016'), eq(speakers.name, name)));
  if (!row) throw new Error(`no speaker ${name}`);
  return row.speaker;
}

async function speakerNamesOf(db: Database, talkId: number): Promise<string[]> {
  const rows = await db
    .select({ name: speakers.name })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .where(eq(talkSpeakers.talkId, talkId))
    .orderBy(asc(talkSpeakers.position));
  return rows.map((row) => row.name);
}

function formOf(talk: typeof talks.$inferSelect) {
  return {
    title: talk.title,
    description: talk.description,
    abstract: talk.abstract,
    trackId: talk.trackId === null ? '' : String(talk.trackId),
    levelId: talk.levelId === null ? '' : String(talk.levelId),
    durationMinutes: talk.durationMinutes === null ? '' : String(talk.durationMinutes),
  };
}

describe("the program's talks", () => {
  it('lists the confirmed talks in program order, flags the one needing attention, and filters', async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const page = await browser.get('/orga/pybay-2016/talks');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('38 talks on the program, 1 needing attention.');
    const rows = [
      ...page.body.matchAll(/<th scope="row"><a href="\/orga\/pybay-2016\/talks\/[A-Z0-9]+">([^<]+)<\/a>/g),
    ];
    expect(rows.length).toBe(38);
    expect(page.body).not.toContain('A proposal of Sam');
    expect(page.body).toContain(
      '<span class="state state--waitlisted">Needs attention: missing title, missing speakers</span>',
    );
    const flagged = await browser.get('/orga/pybay-2016/talks?attention=1');
    const flaggedRows = [
      ...flagged.body.matchAll(/<th scope="row"><a href="\/orga\/pybay-2016\/talks\/[A-Z0-9]+">([^<]+)<\/a>/g),
    ];
    expect(flaggedRows.map((m) => m[1])).toEqual(['Untitled talk']);
    expect(flagged.body).toContain('1 shown.');
    const security = await trackBySlug(db, 'security');
    const inTrack = await browser.get(`/orga/pybay-2016/talks?track=${security.id}`);
    expect([...inTrack.body.matchAll(/<th scope="row">/g)].length).toBe(3);
    expect(inTrack.body).toContain(`<option value="${security.id}" selected>Security</option>`);
  });

  it('adds a talk straight onto the program with an existing and a new speaker, and the public program shows it', async () => {
    const test = await programFixture();
    const { db, app, agenda } = test;
    const stop = await followProgramChanges(agenda);
    try {
      const armin = await speakerByName(db, 'Armin Ronacher');
      const web = await trackBySlug(db, 'all-things-web');
      const browser = await browserAs(app, ORGANISER);
      const response = await browser.post('/orga/pybay-2016/talks', {
        title: '  Lightning   Talks ',
        description: 'Five minutes each.',
        abstract: 'Sign up at the desk.',
        trackId: String(web.id),
        levelId: '',
        durationMinutes: '45',
        speakerIds: [String(armin.id)],
        newSpeakerName: 'Grace Hopper',
        newSpeakerBiography: 'Found the first zyzzyva.',
      });
      expect(response.statusCode).toBe(303);
      const talk = await talkByTitle(db, 'Lightning Talks');
      expect(response.headers.location).toBe(`/orga/pybay-2016/talks/${talk.code}`);
      expect(talk).toMatchObject({
        slug: 'lightning-talks',
        state: 'confirmed',
        trackId: web.id,
        levelId: null,
        durationMinutes: 45,
        description: 'Five minutes each.',
        position: 40,
        attention: [],
        source: null,
      });
      expect(await speakerNamesOf(db, talk.id)).toEqual(['Armin Ronacher', 'Grace Hopper']);
      expect(await speakerByName(db, 'Grace Hopper')).toMatchObject({
        slug: 'grace-hopper',
        biography: 'Found the first zyzzyva.',
        userId: null,
      });
      await expect.poll(async () => (await app.inject('/pybay-2016/talks/lightning-talks')).statusCode).toBe(200);
      const publicPage = await app.inject('/pybay-2016/talks/lightning-talks');
      expect(publicPage.body).toContain('Grace Hopper');
      expect((await searchTalks(db, talk.eventId, 'zyzzyva')).map((hit) => hit.talkId)).toEqual([talk.id]);
    } finally {
      await stop();
    }
  });

  it.each([
    ['an empty title', { title: ' ' }, 'title', 'give the talk a title'],
    ['a title of 201 characters', { title: 'x'.repeat(201) }, 'title', 'must be at most 200 characters (it has 201)'],
    [
      'a length of 4 minutes',
      { durationMinutes: '4' },
      'durationMinutes',
      'must be a whole number of minutes from 5 to 600, or empty for the usual length',
    ],
    [
      'a length that is not a number',
      { durationMinutes: 'long' },
      'durationMinutes',
      'must be a whole number of minutes from 5 to 600, or empty for the usual length',
    ],
    ['an unknown track', { trackId: '999999' }, 'trackId', 'choose a track from the list'],
    ['a level that is not an id', { levelId: 'x' }, 'levelId', 'choose a level from the list'],
    [
      'no speaker',
      { speakerIds: [] },
      'speakerIds',
      'a talk on the program needs a speaker: choose one from the list or add a new one',
    ],
    ['an unknown speaker', { speakerIds: ['999999'] }, 'speakerIds', 'choose speakers from the list'],
    [
      "an imported speaker's name as new speaker",
      { newSpeakerName: 'Armin  Ronacher' },
      'newSpeakerName',
      'there is already a speaker named &#34;Armin Ronacher&#34; at this event: choose them from the list',
    ],
    [
      'a new bio without a name',
      { newSpeakerBiography: 'A bio without a name' },
      'newSpeakerName',
      'give the new speaker a name',
    ],
  ])('refuses a new talk with %s, naming the field, and writes nothing', async (_label, change, field, message) => {
    const { app, db } = await programFixture();
    const armin = await speakerByName(db, 'Armin Ronacher');
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post('/orga/pybay-2016/talks', {
      title: 'A talk',
      description: '',
      abstract: '',
      trackId: '',
      levelId: '',
      durationMinutes: '',
      speakerIds: [String(armin.id)],
      newSpeakerName: '',
      newSpeakerBiography: '',
      ...change,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p class="error" id="${field}-error">${message}</p>`);
    expect(await snapshot(db)).toBe(before);
  });

  it('edits a talk keeping its slug, and the public page shows the change', async () => {
    const { app, db, agenda } = await programFixture();
    const talk = await talkByTitle(db, 'Flask for Fun and Profit');
    const security = await trackBySlug(db, 'security');
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/talks/${talk.code}`, {
      ...formOf(talk),
      title: 'Flask for Fun, Profit and Security',
      abstract: 'A new **quuxification**.',
      trackId: String(security.id),
      durationMinutes: '30',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/orga/pybay-2016/talks/${talk.code}`);
    const after = await talkByTitle(db, 'Flask for Fun, Profit and Security');
    expect(after).toMatchObject({
      id: talk.id,
      slug: talk.slug,
      code: talk.code,
      trackId: security.id,
      durationMinutes: 30,
      position: talk.position,
    });
    await agenda.reload('pybay-2016');
    const page = await app.inject(`/pybay-2016/talks/${talk.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Flask for Fun, Profit and Security');
    expect(page.body).toContain('A new <strong>quuxification</strong>.');
    // Quoted: the words exactly (a plain query also forgives typos, and would add look-alikes).
    expect((await searchTalks(db, talk.eventId, '"quuxification"')).map((hit) => hit.talkId)).toEqual([talk.id]);
  });

  it("sets and clears a talk's recording choice, keeps it when a form leaves it out, and refuses any other value", async () => {
    const { app, db, agenda } = await programFixture();
    const talk = await talkByTitle(db, 'Flask for Fun and Profit');
    expect(talk.doNotRecord).toBeNull();
    const browser = await browserAs(app, ORGANISER);
    const edit = `/orga/pybay-2016/talks/${talk.code}`;
    const choiceOnPage = async () => {
      const page = await browser.get(edit);
      return [...page.body.matchAll(/<option value="(|true|false)"( selected)?>([^<]*)<\/option>/g)]
        .filter((m) => ['Not asked', 'May be recorded', 'Do not record'].includes(m[3]!))
        .map((m) => `${m[3]}${m[2] ? ' (selected)' : ''}`);
    };
    expect(await choiceOnPage()).toEqual(['Not asked', 'May be recorded', 'Do not record']);

    const save = (doNotRecord?: string) =>
      browser.post(edit, { ...formOf(talk), ...(doNotRecord === undefined ? {} : { doNotRecord }) });
    expect((await save('true')).statusCode).toBe(303);
    expect((await talkByTitle(db, talk.title)).doNotRecord).toBe(true);
    expect(await choiceOnPage()).toEqual(['Not asked', 'May be recorded', 'Do not record (selected)']);
    await agenda.reload('pybay-2016');
    expect(agenda.event('pybay-2016')!.talkById.get(talk.id)!.doNotRecord).toBe(true);

    // A form from before the field existed leaves the choice as it is.
    expect((await save()).statusCode).toBe(303);
    expect((await talkByTitle(db, talk.title)).doNotRecord).toBe(true);

    expect((await save('false')).statusCode).toBe(303);
    expect((await talkByTitle(db, talk.title)).doNotRecord).toBe(false);
    expect(await choiceOnPage()).toEqual(['Not asked', 'May be recorded (selected)', 'Do not record']);

    expect((await save('')).statusCode).toBe(303);
    expect((await talkByTitle(db, talk.title)).doNotRecord).toBeNull();
    expect(await choiceOnPage()).toEqual(['Not asked', 'May be recorded', 'Do not record']);

    const before = await snapshot(db);
    const refused = await save('yes');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'body field &#34;doNotRecord&#34; must be one of &#34;&#34;, &#34;false&#34;, &#34;true&#34;',
    );
    expect(await snapshot(db)).toBe(before);
  });

  it('puts a new talk on the program with its recording choice', async () => {
    const { app, db } = await programFixture();
    const armin = await speakerByName(db, 'Armin Ronacher');
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post('/orga/pybay-2016/talks', {
      title: 'Off the record',
      description: '',
      abstract: '',
      trackId: '',
      levelId: '',
      durationMinutes: '',
      doNotRecord: 'true',
      speakerIds: [String(armin.id)],
    });
    expect(response.statusCode).toBe(303);
    expect((await talkByTitle(db, 'Off the record')).doNotRecord).toBe(true);
  });

  it('refuses an edit with an empty title, writing nothing and showing what was typed', async () => {
    const { app, db } = await programFixture();
    const talk = await talkByTitle(db, 'Flask for Fun and Profit');
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post(`/orga/pybay-2016/talks/${talk.code}`, {
      ...formOf(talk),
      title: '',
      description: 'Typed <b>text</b>',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<p class="error" id="title-error">give the talk a title</p>');
    expect(response.body).toContain('>Typed &lt;b>text&lt;/b></textarea>');
    expect(await snapshot(db)).toBe(before);
  });

  it('clears the needs-attention flags as the organiser gives the untitled talk a title and a speaker', async () => {
    const { app, db, agenda } = await programFixture();
    const untitled = await talkByTitle(db, 'Untitled talk');
    expect(untitled.attention).toEqual(['missing title', 'missing speakers']);
    const browser = await browserAs(app, ORGANISER);
    const page = await browser.get(`/orga/pybay-2016/talks/${untitled.code}`);
    expect(page.body).toContain('This talk needs attention: missing title, missing speakers.');
    await browser.post(`/orga/pybay-2016/talks/${untitled.code}`, { ...formOf(untitled), title: 'Python in Space' });
    expect((await talkByTitle(db, 'Python in Space')).attention).toEqual(['missing speakers']);
    const response = await browser.post(`/orga/pybay-2016/talks/${untitled.code}/speakers`, {
      speakerId: '',
      newSpeakerName: 'Ada Lovelace',
      newSpeakerBiography: 'Wrote the first program.',
    });
    expect(response.statusCode).toBe(303);
    const fixed = await talkByTitle(db, 'Python in Space');
    expect(fixed.attention).toEqual([]);
    expect(fixed.slug).toBe(untitled.slug);
    await agenda.reload('pybay-2016');
    const talk = agenda.event('pybay-2016')!.talkBySlug.get(untitled.slug)!;
    expect([talk.title, talk.needsAttention, talk.speakers.map((s) => s.name)]).toEqual([
      'Python in Space',
      false,
      ['Ada Lovelace'],
    ]);
    expect((await browser.get('/orga/pybay-2016/talks')).body).toContain(
      '38 talks on the program, 0 needing attention.',
    );
  });

  it('clears the flags when the organiser says the talk is right as it is', async () => {
    const { app, db } = await programFixture();
    const untitled = await talkByTitle(db, 'Untitled talk');
    const browser = await browserAs(app, ORGANISER);
    expect((await browser.post(`/orga/pybay-2016/talks/${untitled.code}/checked`, {})).statusCode).toBe(303);
    expect((await talkByTitle(db, 'Untitled talk')).attention).toEqual([]);
  });

  it('adds, reorders and removes speakers; a talk left without one needs attention again', async () => {
    const { app, db, agenda } = await programFixture();
    const talk = await talkByTitle(db, 'Flask for Fun and Profit');
    const armin = await speakerByName(db, 'Armin Ronacher');
    const sam = await speakerByName(db, 'Sam Speaker');
    const browser = await browserAs(app, ORGANISER);
    const at = `/orga/pybay-2016/talks/${talk.code}`;
    expect((await browser.post(`${at}/speakers`, { speakerId: String(sam.id) })).statusCode).toBe(303);
    expect(await speakerNamesOf(db, talk.id)).toEqual(['Armin Ronacher', 'Sam Speaker']);
    const again = await browser.post(`${at}/speakers`, { speakerId: String(sam.id) });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('<p class="error" id="speakerId-error">is already a speaker of this talk</p>');
    const both = await browser.post(`${at}/speakers`, { speakerId: String(sam.id), newSpeakerName: 'Someone New' });
    expect(both.body).toContain(
      '<p class="error" id="speakerId-error">either choose a speaker from the list or add a new one, not both</p>',
    );
    await browser.post(`${at}/speakers/${sam.id}/move`, { direction: 'up' });
    expect(await speakerNamesOf(db, talk.id)).toEqual(['Sam Speaker', 'Armin Ronacher']);
    await agenda.reload('pybay-2016');
    expect(
      agenda
        .event('pybay-2016')!
        .talkBySlug.get(talk.slug)!
        .speakers.map((s) => s.name),
    ).toEqual(['Sam Speaker', 'Armin Ronacher']);
    await browser.post(`${at}/speakers/${sam.id}/remove`, {});
    await browser.post(`${at}/speakers/${armin.id}/remove`, {});
    const bare = await talkByTitle(db, 'Flask for Fun and Profit');
    expect(await speakerNamesOf(db, talk.id)).toEqual([]);
    expect(bare.attention).toEqual(['missing speakers']);
    expect(await speakerByName(db, 'Armin Ronacher')).toEqual(armin);
    expect((await browser.post(`${at}/speakers/${armin.id}/remove`, {})).statusCode).toBe(404);
  });

  it('cancels a talk: it leaves the program and is kept, withdrawn, with its reviews', async () => {
    const { app, db, agenda } = await programFixture();
    const talk = await talkByTitle(db, 'Flask for Fun and Profit');
    const [reviewer] = await db.select().from(users).where(eq(users.email, 'reviewer@example.com'));
    await db.insert(reviews).values({ talkId: talk.id, userId: reviewer!.id, score: 2 });
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/talks/${talk.code}/cancel`, {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/orga/pybay-2016/talks');
    expect(await talkByTitle(db, 'Flask for Fun and Profit')).toMatchObject({ state: 'withdrawn', slug: talk.slug });
    expect(await db.$count(reviews, eq(reviews.talkId, talk.id))).toBe(1);
    await agenda.reload('pybay-2016');
    expect((await app.inject(`/pybay-2016/talks/${talk.slug}`)).statusCode).toBe(404);
    expect((await browser.get('/orga/pybay-2016/talks')).body).toContain('37 talks on the program');
    expect((await browser.get(`/orga/pybay-2016/talks/${talk.code}`)).statusCode).toBe(404);
  });

  it('deletes a talk after asking, keeping its speakers, and the public page goes away', async () => {
    const { app, db, agenda } = await programFixture();
    const talk = await talkByTitle(db, 'Flask for Fun and Profit');
    const browser = await browserAs(app, ORGANISER);
    const confirm = await browser.get(`/orga/pybay-2016/talks/${talk.code}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('<h1>Delete &#34;Flask for Fun and Profit&#34;?</h1>');
    const response = await browser.post(`/orga/pybay-2016/talks/${talk.code}/delete`, {});
    expect(response.statusCode).toBe(303);
    expect(await db.$count(talks, eq(talks.id, talk.id))).toBe(0);
    expect((await speakerByName(db, 'Armin Ronacher')).slug).toBe('armin-ronacher');
    await agenda.reload('pybay-2016');
    expect((await app.inject(`/pybay-2016/talks/${talk.slug}`)).statusCode).toBe(404);
    expect((await browser.get('/orga/pybay-2016/talks')).body).toContain(
      '&#34;Flask for Fun and Profit&#34; is deleted.',
    );
  });

  it('escapes what organisers type on every page that shows it', async () => {
    const { app, db } = await programFixture();
    const talk = await talkByTitle(db, 'Flask for Fun and Profit');
    const armin = await speakerByName(db, 'Armin Ronacher');
    const browser = await browserAs(app, ORGANISER);
    await browser.post(`/orga/pybay-2016/talks/${talk.code}`, { ...formOf(talk), title: '<script>alert(1)</script>' });
    await browser.post(`/orga/pybay-2016/speakers/${armin.id}`, {
      name: '<img src=x onerror=alert(1)>',
      biography: '',
    });
    for (const url of [
      '/orga/pybay-2016/talks',
      `/orga/pybay-2016/talks/${talk.code}`,
      `/orga/pybay-2016/talks/${talk.code}/delete`,
      '/orga/pybay-2016/talks/new',
      '/orga/pybay-2016/speakers',
      `/orga/pybay-2016/speakers/${armin.id}`,
    ]) {
      // Inside a quoted attribute (a form field's value) the text is inert; everywhere else it must be escaped.
      const body = (await browser.get(url)).body.replace(/ value="[^"]*"/g, '');
      expect(body, url).not.toContain('<script>alert');
      expect(body, url).not.toContain('<img src=x');
      expect(
        body.includes('&lt;script>alert(1)&lt;/script>') || body.includes('&lt;img src=x onerror=alert(1)>'),
        url,
      ).toBe(true);
    }
  });
});

describe('speaker profiles', () => {
  it('lists the profiles and edits a name and bio, keeping the slug; the talk and search follow', async () => {
    const { app, db, agenda } = await programFixture();
    const armin = await speakerByName(db, 'Armin Ronacher');
    const browser = await browserAs(app, ORGANISER);
    const list = await browser.get('/orga/pybay-2016/speakers');
    expect(list.body).toContain(
      `<a href="/orga/pybay-2016/speakers/${armin.id}">Armin Ronacher</a></th><td>No</td><td class="number">1</td>`,
    );
    expect(list.body).toContain('>Sam Speaker</a></th><td>Yes</td><td class="number">1</td>');
    const response = await browser.post(`/orga/pybay-2016/speakers/${armin.id}`, {
      name: 'Armin R.',
      biography: 'Makes *Flask*.',
    });
    expect(response.statusCode).toBe(303);
    expect(await speakerByName(db, 'Armin R.')).toMatchObject({
      id: armin.id,
      slug: 'armin-ronacher',
      nameKey: 'Armin R.',
      biography: 'Makes *Flask*.',
    });
    await agenda.reload('pybay-2016');
    const page = await app.inject('/pybay-2016/speakers/armin-ronacher');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Makes <em>Flask</em>.');
    const talk = await talkByTitle(db, 'Flask for Fun and Profit');
    expect((await searchTalks(db, talk.eventId, '"Armin"')).map((hit) => hit.talkId)).toEqual([talk.id]);
  });

  it.each([
    ['an empty name', { name: '' }, 'name', 'give the speaker&#39;s name'],
    [
      "another imported speaker's name",
      { name: 'Dillon  Niederhut' },
      'name',
      'there is already a speaker named &#34;Dillon Niederhut&#34; at this event: choose them from the list',
    ],
    [
      'a bio of 10001 characters',
      { biography: 'b'.repeat(10_001) },
      'biography',
      'must be at most 10000 characters (it has 10001)',
    ],
  ])('refuses a profile with %s, naming the field, and writes nothing', async (_label, change, field, message) => {
    const { app, db } = await programFixture();
    const armin = await speakerByName(db, 'Armin Ronacher');
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post(`/orga/pybay-2016/speakers/${armin.id}`, {
      name: 'Armin Ronacher',
      biography: '',
      ...change,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p class="error" id="${field}-error">${message}</p>`);
    expect(await snapshot(db)).toBe(before);
  });

  it('allows a name that a speaker with an account has: such profiles are told apart by their account', async () => {
    const { app, db } = await programFixture();
    const armin = await speakerByName(db, 'Armin Ronacher');
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/speakers/${armin.id}`, {
      name: 'Sam Speaker',
      biography: '',
    });
    expect(response.statusCode).toBe(303);
    expect((await db.select().from(speakers).where(eq(speakers.name, 'Sam Speaker'))).length).toBe(2);
  });
});
