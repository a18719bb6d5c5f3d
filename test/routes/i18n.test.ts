import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema.js';
import { testAppPerFile, importPyBay } from '../helpers/app.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { attribute, links, tags, titleOf, visibleText } from './html.js';
import { PROGRAM, SPEAKERS } from './pybay-program.js';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
  await db.update(events).set({ timezone: 'America/Los_Angeles' }).where(eq(events.slug, 'pybay-2016'));
  // Rooms with German names: room names are the event's words, not the interface's.
  await scheduleAndRelease(db, {
    eventSlug: 'pybay-2016',
    dates: ['2016-08-20', '2016-08-21'],
    lunch: true,
    rooms: [
      { name: 'Großer Saal', capacity: 400 },
      { name: 'Kleiner Saal', capacity: 80 },
    ],
  });
});

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers });
}

const GERMAN = { 'accept-language': 'de-DE, de;q=0.9, en;q=0.5' };
const VARY = 'accept-encoding, accept-language, cookie';

function htmlLang(response: LightMyRequestResponse): string | undefined {
  const html = tags(response.body).find((tag) => tag.name === 'html');
  return html ? attribute(html, 'lang') : undefined;
}

function h1(response: LightMyRequestResponse): string {
  return visibleText(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(response.body)![1]!);
}

/** The language switch's links: text, href, hreflang, lang and aria-current. */
function switchLinks(response: LightMyRequestResponse): string[][] {
  const nav = /<nav class="language-switch"[\s\S]*?<\/nav>/.exec(response.body)![0];
  return tags(nav)
    .filter((tag) => tag.name === 'a')
    .map((tag) => [
      attribute(tag, 'href')!,
      attribute(tag, 'hreflang')!,
      attribute(tag, 'lang')!,
      attribute(tag, 'aria-current') ?? '',
    ]);
}

describe('choosing the language of a public page', () => {
  it('speaks English without Accept-Language, and says so', async () => {
    const response = await get('/pybay-2016');

    expect(response.statusCode).toBe(200);
    expect(htmlLang(response)).toBe('en');
    expect(response.headers['content-language']).toBe('en');
    expect(response.headers.vary).toBe(VARY);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(h1(response)).toBe('PyBay 2016');
    expect(visibleText(response.body)).toContain('38 talks by 38 speakers in 8 tracks.');
  });

  it('speaks German to a browser that prefers it (Accept-Language with q-values)', async () => {
    const response = await get('/pybay-2016', GERMAN);

    expect(response.statusCode).toBe(200);
    expect(htmlLang(response)).toBe('de');
    expect(response.headers['content-language']).toBe('de');
    expect(response.headers.vary).toBe(VARY);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(visibleText(response.body)).toContain('38 Vorträge von 38 Sprecher*innen in 8 Tracks.');
    expect(visibleText(response.body)).toContain('Alle 38 Vorträge.');
  });

  it('keeps English for a browser that prefers a language it does not have', async () => {
    const response = await get('/pybay-2016', { 'accept-language': 'fr-FR, fr;q=0.9, ja;q=0.8' });

    expect(htmlLang(response)).toBe('en');
    expect(response.headers['content-language']).toBe('en');
  });

  it('takes ?lang= over Accept-Language, and keeps the choice in a cookie for a year', async () => {
    const response = await get('/pybay-2016?lang=de', { 'accept-language': 'en-US' });

    expect(htmlLang(response)).toBe('de');
    expect(response.headers['content-language']).toBe('de');
    expect(response.headers['set-cookie']).toBe('lectern_lang=de; Path=/; Max-Age=31536000; SameSite=Lax');

    const english = await get('/pybay-2016?lang=en', GERMAN);
    expect(htmlLang(english)).toBe('en');
    expect(english.headers['set-cookie']).toBe('lectern_lang=en; Path=/; Max-Age=31536000; SameSite=Lax');
  });

  it('takes the cookie over Accept-Language', async () => {
    const german = await get('/pybay-2016/speakers', { cookie: 'other=1; lectern_lang=de', 'accept-language': 'en' });
    expect(htmlLang(german)).toBe('de');
    expect(h1(german)).toBe('Sprecher*innen');

    const english = await get('/pybay-2016/speakers', { cookie: 'lectern_lang=en', ...GERMAN });
    expect(htmlLang(english)).toBe('en');
    expect(h1(english)).toBe('Speakers');

    // A cookie with a language it does not have is passed over.
    const unknown = await get('/pybay-2016/speakers', { cookie: 'lectern_lang=fr', ...GERMAN });
    expect(htmlLang(unknown)).toBe('de');
  });

  it('refuses an unknown ?lang= with a 400 naming the parameter, on a page in the language it can tell', async () => {
    const response = await get('/pybay-2016?lang=fr', GERMAN);

    expect(response.statusCode).toBe(400);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(htmlLang(response)).toBe('de');
    expect(visibleText(response.body)).toContain('query parameter "lang" must be one of "en", "de"');
    expect(visibleText(response.body)).toContain('Ungültige Anfrage');

    const english = await get('/pybay-2016/talks/flask-for-fun-and-profit?lang=');
    expect(english.statusCode).toBe(400);
    expect(titleOf(english.body)).toBe('Bad Request · PyBay 2016 · Lectern');
  });

  it('shows a switch to every language on every page, marking the current one, keeping the page’s query', async () => {
    // A parameter the page ignores stays out of its links, also for the next visitor of the cached page.
    const first = await get('/pybay-2016?track=security&level=advanced&q=ignored&utm_source=x&lang=de');
    const response = await get('/pybay-2016?track=security&level=advanced&lang=de');
    expect(response.body).toBe(first.body);

    expect(switchLinks(response)).toEqual([
      ['/pybay-2016?track=security&level=advanced&lang=en', 'en', 'en', ''],
      ['/pybay-2016?track=security&level=advanced&lang=de', 'de', 'de', 'true'],
    ]);
    const names = links(response.body)
      .filter((link) => link.href.includes('lang='))
      .map((link) => link.text);
    expect(names).toEqual(['English', 'Deutsch']);

    for (const url of [
      '/',
      '/pybay-2016/schedule',
      '/pybay-2016/agenda',
      '/pybay-2016/exports',
      '/pybay-2016/search?q=flask',
    ]) {
      const page = await get(url, GERMAN);
      expect(page.statusCode, url).toBe(200);
      const path = url.split('?')[0];
      const query = url.includes('?') ? `${url.split('?')[1]}&` : '';
      expect(switchLinks(page), url).toEqual([
        [`${path}?${query}lang=en`, 'en', 'en', ''],
        [`${path}?${query}lang=de`, 'de', 'de', 'true'],
      ]);
    }
  });

  it('keeps the back office English whatever the browser prefers', async () => {
    const login = await get('/login', GERMAN);
    expect(login.statusCode).toBe(200);
    expect(htmlLang(login)).toBe('en');

    const missing = await get('/orga/nothing-here', GERMAN);
    expect(missing.statusCode).toBe(404);
    expect(htmlLang(missing)).toBe('en');
    expect(titleOf(missing.body)).toBe('Page not found · Lectern');
  });

  it('answers an attendee’s 404 in German, with the English details marked as English', async () => {
    const response = await get('/pybay-2016/talks/no-such-talk', GERMAN);

    expect(response.statusCode).toBe(404);
    expect(htmlLang(response)).toBe('de');
    expect(titleOf(response.body)).toBe('Seite nicht gefunden · PyBay 2016 · Lectern');
    expect(visibleText(response.body)).toContain('Fehler 404');
    expect(visibleText(response.body)).toContain('Zurück zum Programm von PyBay 2016');
    expect(response.body).toContain('<p lang="en">There is no talk &#34;no-such-talk&#34; in PyBay 2016.</p>');
  });
});

describe('the response cache and ETags per language', () => {
  it('serves each language its own page from memory, with its own ETag', async () => {
    const url = '/pybay-2016/talks/flask-for-fun-and-profit';
    const first = await get(url);
    const german = await get(url, GERMAN);
    const again = await get(url);
    const germanAgain = await get(url, { cookie: 'lectern_lang=de' });

    expect([first, german, again, germanAgain].map(htmlLang)).toEqual(['en', 'de', 'en', 'de']);
    expect(again.body).toBe(first.body);
    expect(germanAgain.body).toBe(german.body);
    expect(german.headers.etag).not.toBe(first.headers.etag);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(germanAgain.headers.etag).toBe(german.headers.etag);
    expect(first.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(german.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
  });

  it('answers 304 only when the copy is in the language asked for', async () => {
    const url = '/pybay-2016/schedule/2016-08-20';
    const english = await get(url);
    const german = await get(url, GERMAN);

    const sameEnglish = await get(url, { 'if-none-match': english.headers.etag as string });
    expect(sameEnglish.statusCode).toBe(304);
    expect(sameEnglish.headers.vary).toBe(VARY);

    const germanWithEnglishCopy = await get(url, { ...GERMAN, 'if-none-match': english.headers.etag as string });
    expect(germanWithEnglishCopy.statusCode).toBe(200);
    expect(htmlLang(germanWithEnglishCopy)).toBe('de');
    expect(germanWithEnglishCopy.headers.etag).toBe(german.headers.etag);

    const sameGerman = await get(url, { ...GERMAN, 'if-none-match': german.headers.etag as string });
    expect(sameGerman.statusCode).toBe(304);
  });

  it('serves a search in both languages from the cache without mixing them', async () => {
    const english = await get('/pybay-2016/search?q=flask');
    const german = await get('/pybay-2016/search?q=flask', GERMAN);
    const englishAgain = await get('/pybay-2016/search?q=flask');

    expect(h1(english)).toBe('Search results for “flask”');
    expect(h1(german)).toBe('Suchergebnisse für „flask“');
    expect(englishAgain.body).toBe(english.body);
    expect(visibleText(german.body)).toMatch(/\d+ Vortr(a|ä)ge? gefunden, die besten Treffer zuerst\./);
  });
});

describe('German dates, times and plurals', () => {
  it('writes the schedule day’s date and times in German', async () => {
    const english = await get('/pybay-2016/schedule/2016-08-20');
    const german = await get('/pybay-2016/schedule/2016-08-20', GERMAN);

    expect(h1(english)).toBe('Saturday 20 August 2016');
    expect(h1(german)).toBe('Samstag, 20. August 2016');
    expect(titleOf(german.body)).toBe('Zeitplan, Tag 1: Samstag, 20. August 2016 · PyBay 2016 · Lectern');
    const text = visibleText(german.body);
    expect(text).toContain('Zeitplan · Tag 1 von 2');
    expect(text).toMatch(/\d+ Vorträge in 2 Räumen\./);
    expect(text).toContain(
      'Alle Zeiten: Nordamerikanische Westküsten-Sommerzeit (UTC-07:00), die Zeitzone der Veranstaltung (America/Los_Angeles).',
    );
    // The day navigation: "Sa., 20. Aug." as Intl writes it in German.
    expect(text).toContain('Tag 1 Sa., 20. Aug.');
    expect(text).toContain('Tag 2 So., 21. Aug.');
    // The same 24-hour clock times in both languages.
    const times = (html: string) =>
      [...html.matchAll(/<th scope="row" class="schedule-grid__time"><time[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(times(german.body)).toEqual(times(english.body));
    expect(times(german.body)[0]).toMatch(/^\d\d:\d\d$/);
  });

  it('writes when a talk is on in German on its page', async () => {
    const url = '/pybay-2016/talks/flask-for-fun-and-profit';
    const english = visibleText((await get(url)).body);
    const german = visibleText((await get(url, GERMAN)).body);

    const englishWhen = /When (\w+day \d+ August 2016), (\d\d:\d\d)–(\d\d:\d\d) PDT/.exec(english);
    expect(englishWhen).not.toBeNull();
    const [, englishDay, start, end] = englishWhen!;
    const germanDay =
      englishDay === 'Saturday 20 August 2016' ? 'Samstag, 20. August 2016' : 'Sonntag, 21. August 2016';
    expect(german).toContain(`Wann ${germanDay}, ${start}–${end} GMT-7`);
    expect(german).toContain('Zum Kalender hinzufügen');
    expect(german).toContain('Im Zeitplan ansehen');
  });

  it('says one talk and two talks in both languages', async () => {
    const [oneSlug, oneName] = SPEAKERS.find(([, , talks]) => talks.length === 1)!;
    const one = await get(`/pybay-2016/speakers/${oneSlug}`);
    const eins = await get(`/pybay-2016/speakers/${oneSlug}`, GERMAN);
    const two = await get('/pybay-2016/speakers/alex-martelli');
    const zwei = await get('/pybay-2016/speakers/alex-martelli', GERMAN);

    expect(h1(one)).toBe(oneName);
    expect(visibleText(one.body)).toContain('1 talk at PyBay 2016');
    expect(visibleText(eins.body)).toContain('1 Vortrag bei PyBay 2016');
    expect(visibleText(two.body)).toContain('2 talks at PyBay 2016');
    expect(visibleText(zwei.body)).toContain('2 Vorträge bei PyBay 2016');
    // After "von", German declines the plural: "von 38 Vorträgen".
    const filtered = await get('/pybay-2016?track=security&level=advanced', GERMAN);
    expect(visibleText(filtered.body)).toContain('0 von 38 Vorträgen in Security für Niveau advanced.');
    expect(/<h2 id="talks">([^<]*)<\/h2>/.exec(eins.body)![1]).toBe('Vortrag');
    expect(/<h2 id="talks">([^<]*)<\/h2>/.exec(zwei.body)![1]).toBe('Vorträge');
  });
});

describe('no English left on German pages', () => {
  /** Words of the English interface that no German page may show (talk content aside). */
  const ENGLISH_UI = [
    'Program',
    'Schedule',
    'Speakers',
    'My agenda',
    'Search',
    'Add to my agenda',
    'Add to calendar',
    'Description',
    'Abstract',
    'Level',
    'When',
    'Room',
    'Time',
    'All rooms',
    'Day 1',
    'talks',
    'Showing',
    'Skip to content',
    'Published with Lectern',
    'All events',
    'Changelog',
    'Exports',
    'Share and subscribe',
    'Not saved for offline reading',
    'Now',
    'Next',
  ];

  /** The page's interface text: what it shows and says, without the program's own words. */
  function interfaceText(html: string): string {
    const withoutContent = html
      // Talk content stays as its author wrote it: titles, abstracts, names, bios.
      .replace(
        /<(h1|h2|h3|dd|p) class="(talk-card__title|talk-card__summary|talk-card__speakers|entry__title|entry__speakers|talk__byline|agenda-entry__title|agenda-entry__speakers|person-card__name|card__title|screen__title|screen__speakers|le-slot__body)"[\s\S]*?<\/\1>/g,
        '',
      )
      .replace(/<div class="prose[^"]*">[\s\S]*?<\/div>/g, '')
      .replace(/<ul class="person-card__talks">[\s\S]*?<\/ul>/g, '')
      .replace(/<h1[^>]*>[\s\S]*?<\/h1>/g, '')
      .replace(/<code[^>]*>[\s\S]*?<\/code>/g, '');
    const attributes = tags(withoutContent)
      .flatMap((tag) => ['aria-label', 'alt', 'title', 'placeholder'].map((name) => attribute(tag, name) ?? ''))
      .join(' | ');
    let text = `${visibleText(withoutContent)} | ${attributes}`;
    // Titles (in the stars' names, My agenda's entries) and addresses are not the interface's words.
    for (const [, title] of PROGRAM) text = text.replaceAll(title, '');
    return text.replace(/\/[\w./-]+/g, '');
  }

  it.each([
    '/',
    '/pybay-2016',
    '/pybay-2016?track=security',
    '/pybay-2016/talks/flask-for-fun-and-profit',
    '/pybay-2016/speakers',
    '/pybay-2016/speakers/alex-martelli',
    '/pybay-2016/tracks',
    '/pybay-2016/tracks/security',
    '/pybay-2016/search?q=flask',
    '/pybay-2016/schedule/2016-08-20',
    '/pybay-2016/changelog',
    '/pybay-2016/exports',
    '/pybay-2016/agenda',
    '/pybay-2016/offline',
    '/pybay-2016/now',
    '/pybay-2016/embed',
  ])('%s in German shows none of the English interface', async (url) => {
    const response = await get(url, GERMAN);
    expect(response.statusCode).toBe(200);
    expect(htmlLang(response)).toBe('de');
    const text = interfaceText(response.body);
    const left = ENGLISH_UI.flatMap((words) => {
      const at = new RegExp(`(^|[^\\p{L}])${words}([^\\p{L}]|$)`, 'u').exec(text);
      return at ? [`${words}: …${text.slice(Math.max(0, at.index - 40), at.index + 40)}…`] : [];
    });
    expect(left).toEqual([]);
  });

  it('gives the star toggle and My agenda’s scripts their words in German', async () => {
    const talk = await get('/pybay-2016/talks/flask-for-fun-and-profit', GERMAN);
    const star = tags(talk.body).find((tag) => tag.name === 'button' && attribute(tag, 'data-star'))!;
    expect(attribute(star, 'aria-label')).toBe('Zu meiner Agenda hinzufügen: Flask for Fun and Profit');
    const main = tags(talk.body).find((tag) => tag.name === 'main')!;
    expect(attribute(main, 'data-text-changed-moved')).toBe('Der Zeitplan hat sich geändert: {link}');
    expect(attribute(main, 'data-text-moved-other')).toBe('{count} Ihrer Vorträge wurden verschoben');

    const agenda = await get('/pybay-2016/agenda', GERMAN);
    const root = tags(agenda.body).find((tag) => tag.name === 'div' && attribute(tag, 'data-my-agenda'))!;
    expect(attribute(root, 'data-text-clash')).toBe('{count} Vorträge um {time}: wählen Sie einen');
  });
});
