import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, reviews, users } from '../../src/db/schema.js';
import {
  browserAs,
  followProgramChanges,
  ORGANISER,
  programFixturePerFile,
  snapshot,
  talkByTitle,
} from './orga-program-fixtures.js';

const programFixture = programFixturePerFile();

const VALID = {
  name: 'PyBay 2016',
  slug: 'pybay-2016',
  timezone: 'America/Los_Angeles',
  startsOn: '2016-08-20',
  endsOn: '2016-08-21',
  cfpOpensAt: '2016-05-01T09:00',
  cfpClosesAt: '2016-06-30T23:59',
  published: 'on',
  reviewScoreMin: '0',
  reviewScoreMax: '3',
};

describe('event settings', () => {
  it("saves the settings, reading the CFP's times in the event's time zone and showing them back in it", async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post('/orga/pybay-2016/settings', {
      ...VALID,
      anonymisedReview: 'on',
      reviewScoreMin: '-2',
      reviewScoreMax: '2',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/orga/pybay-2016/settings');
    const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    expect(event).toMatchObject({
      timezone: 'America/Los_Angeles',
      startsOn: '2016-08-20',
      endsOn: '2016-08-21',
      published: true,
      anonymisedReview: true,
      reviewScoreMin: -2,
      reviewScoreMax: 2,
    });
    // 09:00 in Los Angeles in May is 16:00 UTC (PDT, UTC-7).
    expect(event!.cfpOpensAt!.toISOString()).toBe('2016-05-01T16:00:00.000Z');
    expect(event!.cfpClosesAt!.toISOString()).toBe('2016-07-01T06:59:00.000Z');
    const page = await browser.get('/orga/pybay-2016/settings');
    expect(page.body).toContain('The settings of PyBay 2016 are saved.');
    expect(page.body).toContain('name="cfpOpensAt" type="datetime-local" value="2016-05-01T09:00"');
    expect(page.body).toContain('name="cfpClosesAt" type="datetime-local" value="2016-06-30T23:59"');
    expect(page.body).toContain('Now: Sun 1 May 2016, 09:00 PDT.');
  });

  it('leaves the CFP unset and the event unpublished when those fields are empty and unticked', async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const { published: _published, ...unticked } = VALID;
    const response = await browser.post('/orga/pybay-2016/settings', {
      ...unticked,
      cfpOpensAt: '',
      cfpClosesAt: '',
      startsOn: '',
      endsOn: '',
    });
    expect(response.statusCode).toBe(303);
    const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    expect(event).toMatchObject({
      published: false,
      anonymisedReview: false,
      cfpOpensAt: null,
      cfpClosesAt: null,
      startsOn: null,
      endsOn: null,
    });
  });

  it.each([
    [{ name: '  ' }, 'name', 'the event name must not be empty'],
    [
      { slug: 'Py Bay' },
      'slug',
      '"Py Bay" is not a valid slug: use 1 to 60 lowercase letters, digits and single hyphens, like "pybay-2016"',
    ],
    [{ slug: 'orga' }, 'slug', '"orga" is reserved by Lectern; choose another slug'],
    [{ slug: 'other-2026' }, 'slug', 'there is already an event "other-2026"'],
    [
      { timezone: 'Mars/Olympus' },
      'timezone',
      '"Mars/Olympus" is not one of the listed time zones; choose one such as "America/Los_Angeles", "Europe/Berlin" or "UTC"',
    ],
    // A fixed offset, as imports set: not a place an organiser chooses.
    [
      { timezone: 'Etc/GMT-1' },
      'timezone',
      '"Etc/GMT-1" is not one of the listed time zones; choose one such as "America/Los_Angeles", "Europe/Berlin" or "UTC"',
    ],
    [{ startsOn: '2016-13-01' }, 'startsOn', '"2016-13-01" is not a date (expected YYYY-MM-DD)'],
    [{ endsOn: '2016-08-19' }, 'endsOn', 'must not be before the first day'],
    [{ cfpOpensAt: 'soon' }, 'cfpOpensAt', '"soon" is not a date and time (expected YYYY-MM-DDTHH:MM)'],
    [{ cfpClosesAt: '' }, 'cfpClosesAt', 'set a closing time too, or clear the opening time'],
    [{ cfpClosesAt: '2016-04-30T09:00' }, 'cfpClosesAt', 'must be after the opening time'],
    [{ reviewScoreMin: 'x' }, 'reviewScoreMin', 'must be a whole number from -10 to 10'],
    [{ reviewScoreMin: '' }, 'reviewScoreMin', 'must be a whole number from -10 to 10'],
    [{ reviewScoreMax: '0' }, 'reviewScoreMax', 'must be a whole number above the lowest score, at most 100'],
    [{ startsOn: '', endsOn: '2016-08-21' }, 'startsOn', 'set the first day too, or clear the last day'],
    [
      { brandColor: '#ffd43b' },
      'brandColor',
      '#ffd43b is too light for white text: its contrast with white is 1.42:1, and at least 4.5:1 is needed; choose a darker colour',
    ],
    [
      // #777777 on white is 4.48:1, just short.
      { brandColor: '777' },
      'brandColor',
      '#777777 is too light for white text: its contrast with white is 4.47:1, and at least 4.5:1 is needed; choose a darker colour',
    ],
    [{ brandColor: 'navy' }, 'brandColor', '"navy" is not a colour; use the #rrggbb form, like #14213d'],
    [
      { venueMapUrl: 'javascript:alert(1)' },
      'venueMapUrl',
      '"javascript:alert(1)" is not a web address; use one starting with https://',
    ],
    [
      { logoUrl: '//evil.example/logo.png' },
      'logoUrl',
      '"//evil.example/logo.png" is not a web address; use one starting with https://, or a path of this site starting with /',
    ],
    [{ description: 'x'.repeat(5001) }, 'description', 'must be at most 5000 characters long'],
  ])('refuses %o naming the field %s, and saves nothing', async (change, field, message) => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post('/orga/pybay-2016/settings', { ...VALID, name: 'Changed', ...change });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p class="error" id="${field}-error">${message.replaceAll('"', '&#34;')}</p>`);
    expect(response.body).toContain(`aria-invalid="true"`);
    expect(await snapshot(db)).toBe(before);
  });

  it("saves the venue, description, logo and colour, and the event's page shows them", async () => {
    const { app, db, agenda } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post('/orga/pybay-2016/settings', {
      ...VALID,
      venueName: ' UCSF Mission Bay ',
      venueAddress: '1675 Owens St\r\nSan Francisco',
      venueMapUrl: 'https://www.openstreetmap.org/?mlat=37.7676&mlon=-122.3934',
      description: 'The *regional* Python conference.',
      logoUrl: '/assets/pybay.png',
      brandColor: '#14213D',
    });
    expect(response.statusCode).toBe(303);
    const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    expect(event).toMatchObject({
      venueName: 'UCSF Mission Bay',
      venueAddress: '1675 Owens St\nSan Francisco',
      venueMapUrl: 'https://www.openstreetmap.org/?mlat=37.7676&mlon=-122.3934',
      description: 'The *regional* Python conference.',
      logoUrl: '/assets/pybay.png',
      brandColor: '#14213d',
    });
    const form = (await browser.get('/orga/pybay-2016/settings')).body;
    expect(form).toContain('<input id="brandColor" name="brandColor" type="text" value="#14213d" maxlength="7"');
    expect(form).toContain('>1675 Owens St\nSan Francisco</textarea>');
    await agenda.reload('pybay-2016');
    const page = (await app.inject('/pybay-2016')).body;
    expect(page).toContain('<p class="event-facts__venue-name">UCSF Mission Bay</p>');
    expect(page).toContain('<p>The <em>regional</em> Python conference.</p>');
  });

  it('clears the venue, description, logo and colour when their fields are left empty', async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    await browser.post('/orga/pybay-2016/settings', { ...VALID, venueName: 'Somewhere', brandColor: '#14213d' });
    const response = await browser.post('/orga/pybay-2016/settings', {
      ...VALID,
      venueName: '',
      venueAddress: '',
      venueMapUrl: '',
      description: '',
      logoUrl: '',
      brandColor: '',
    });
    expect(response.statusCode).toBe(303);
    const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    expect(event).toMatchObject({
      venueName: '',
      venueAddress: '',
      venueMapUrl: null,
      description: '',
      logoUrl: null,
      brandColor: null,
    });
  });

  it('refuses a score scale that would leave given reviews outside it, with their count', async () => {
    const { app, db } = await programFixture();
    const talk = await talkByTitle(db, 'A proposal of Sam');
    const [reviewer] = await db.select().from(users).where(eq(users.email, 'reviewer@example.com'));
    await db.insert(reviews).values({ talkId: talk.id, userId: reviewer!.id, score: 3 });
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post('/orga/pybay-2016/settings', { ...VALID, reviewScoreMax: '2' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="reviewScoreMax-error">1 review has a score outside 0 to 2 (3): keep the scale wide enough for the reviews given</p>',
    );
    expect(await snapshot(db)).toBe(before);
  });

  it('moves the public program to a new slug and says the old links stop working', async () => {
    const { app, db, agenda } = await programFixture();
    const stop = await followProgramChanges(agenda);
    try {
      const browser = await browserAs(app, ORGANISER);
      expect((await app.inject('/pybay-2016')).statusCode).toBe(200);
      const response = await browser.post('/orga/pybay-2016/settings', {
        ...VALID,
        slug: 'pybay-16',
        name: 'PyBay 16',
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/orga/pybay-16/settings');
      const page = await browser.get('/orga/pybay-16/settings');
      expect(page.body).toContain(
        'The settings of PyBay 16 are saved. The event&#39;s public address is now /pybay-16, and links to /pybay-2016 no longer work.',
      );
      await expect.poll(async () => (await app.inject('/pybay-16')).statusCode).toBe(200);
      await expect.poll(async () => (await app.inject('/pybay-2016')).statusCode).toBe(404);
      expect((await app.inject('/pybay-16')).body).toContain('PyBay 16');
      expect((await db.select().from(events).where(eq(events.slug, 'pybay-16'))).length).toBe(1);
    } finally {
      await stop();
    }
  });

  it('takes an unpublished event off the public pages and puts it back when published', async () => {
    const { app, agenda } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const { published: _published, ...unpublished } = VALID;
    await browser.post('/orga/pybay-2016/settings', unpublished);
    await agenda.reload('pybay-2016');
    expect((await app.inject('/pybay-2016')).statusCode).toBe(404);
    expect((await app.inject('/api/events/pybay-2016/talks')).statusCode).toBe(404);
    await browser.post('/orga/pybay-2016/settings', VALID);
    await agenda.reload('pybay-2016');
    expect((await app.inject('/pybay-2016')).statusCode).toBe(200);
  });

  it('shows the slug warning and the current values on the form', async () => {
    const { app } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const page = await browser.get('/orga/pybay-2016/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      'Changing it moves the public pages and the API to the new address, and links to the old one stop working.',
    );
    expect(page.body).toContain(
      '<input id="name" name="name" type="text" value="PyBay 2016" required maxlength="120"/>',
    );
    expect(page.body).toContain('<input type="checkbox" name="published" value="on" checked');
    expect(page.body).toContain('aria-current="page">Event settings</a>');
  });

  it('offers the time zones as a searchable list (a datalist of every IANA zone and UTC)', async () => {
    const { app } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const page = (await browser.get('/orga/pybay-2016/settings')).body;
    expect(page).toMatch(
      /<input id="timezone" name="timezone" type="text" value="[^"]+" required autocomplete="off" list="timezone-zones" aria-describedby="timezone-hint"\/>/,
    );
    const list = /<datalist id="timezone-zones">(.*?)<\/datalist>/.exec(page)![1]!;
    const zones = [...list.matchAll(/<option value="([^"]+)"><\/option>/g)].map((match) => match[1]);
    expect(zones).toEqual([...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort());
    expect(zones).toEqual(expect.arrayContaining(['America/Los_Angeles', 'Europe/Berlin', 'UTC']));
  });

  it('keeps a zone outside the list that an import gave the event, when the organiser saves other settings', async () => {
    const { app, db } = await programFixture();
    await db.update(events).set({ timezone: 'Etc/GMT-1' }).where(eq(events.slug, 'pybay-2016'));
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post('/orga/pybay-2016/settings', { ...VALID, timezone: 'Etc/GMT-1' });
    expect(response.statusCode).toBe(303);
    const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    expect(event!.timezone).toBe('Etc/GMT-1');
    // Another zone outside the list is still refused.
    const refused = await browser.post('/orga/pybay-2016/settings', { ...VALID, timezone: 'Etc/GMT-2' });
    expect(refused.statusCode).toBe(400);
  });
});

describe('creating an event', () => {
  it('takes a listed time zone and refuses another, naming the field', async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const form = (await browser.get('/orga')).body;
    expect(form).toContain('list="timezone-zones"');
    expect(form).toContain('<option value="Europe/Berlin"');
    const refused = await browser.post('/orga/events', { name: 'Mars 2099', slug: 'mars-2099', timezone: 'Etc/GMT-1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      '<p class="error" id="timezone-error">&#34;Etc/GMT-1&#34; is not one of the listed time zones; choose one such as &#34;America/Los_Angeles&#34;, &#34;Europe/Berlin&#34; or &#34;UTC&#34;</p>',
    );
    expect(await db.select().from(events).where(eq(events.slug, 'mars-2099'))).toEqual([]);
    // Another name of a listed zone (the list has ICU's Asia/Calcutta) is taken as typed.
    const kolkata = await browser.post('/orga/events', {
      name: 'Pune 2099',
      slug: 'pune-2099',
      timezone: 'Asia/Kolkata',
    });
    expect(kolkata.statusCode).toBe(303);
    expect((await db.select().from(events).where(eq(events.slug, 'pune-2099')))[0]!.timezone).toBe('Asia/Kolkata');
    const created = await browser.post('/orga/events', {
      name: 'Berlin 2099',
      slug: 'berlin-2099',
      timezone: 'Europe/Berlin',
    });
    expect(created.statusCode).toBe(303);
    const [event] = await db.select().from(events).where(eq(events.slug, 'berlin-2099'));
    expect(event!.timezone).toBe('Europe/Berlin');
  });
});
