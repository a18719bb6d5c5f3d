import { describe, expect, it } from 'vitest';
import { catalogueProblems, messageArguments } from './catalogue-check.js';
import { CATALOGUES, LOCALES, negotiateLocale, renderIn, t, tIn } from './index.js';
import { en } from './messages/en.js';

describe('the catalogues', () => {
  it('give German every English key, each message parsing and using the same arguments', () => {
    expect(catalogueProblems(en, CATALOGUES.de, 'de')).toEqual([]);
    expect(catalogueProblems(CATALOGUES.de, en, 'en')).toEqual([]);
  });

  it('find a missing key, an extra key, a changed argument and a message that does not parse', () => {
    const broken: Record<string, string> = { ...CATALOGUES.de };
    delete broken['talk.addToAgenda'];
    broken['talk.addToAgendaTypo'] = 'Zu meiner Agenda';
    broken['event.logoAlt'] = 'Logo von {nmae}';
    broken['count.talks'] = '{count, plural, one {# Vortrag} other {# Vorträge}';

    expect(catalogueProblems(en, broken, 'de')).toEqual([
      'de: "talk.addToAgenda" is missing',
      'de: "count.talks" does not parse: EXPECT_ARGUMENT_CLOSING_BRACE',
      'de: "event.logoAlt" uses {nmae:argument}, the source {name:argument}',
      'de: "talk.addToAgendaTypo" is not in the source catalogue',
    ]);
  });

  it('read the arguments of plain, plural and nested messages', () => {
    expect(messageArguments('{talks} by {speakers}', 'en')).toEqual(['speakers:argument', 'talks:argument']);
    expect(messageArguments(en['agenda.clash'], 'en')).toEqual(['count:plural', 'time:argument']);
  });
});

describe('messages', () => {
  it('say one and many in both languages', () => {
    expect([0, 1, 2, 38].map((count) => tIn('en', 'count.talks', { count }))).toEqual([
      '0 talks',
      '1 talk',
      '2 talks',
      '38 talks',
    ]);
    expect([0, 1, 2, 38].map((count) => tIn('de', 'count.talks', { count }))).toEqual([
      '0 Vorträge',
      '1 Vortrag',
      '2 Vorträge',
      '38 Vorträge',
    ]);
    expect(tIn('de', 'schedule.summary', { talks: '22 Vorträge', rooms: 1 })).toBe('22 Vorträge in 1 Raum.');
    expect(tIn('de', 'schedule.summary', { talks: '22 Vorträge', rooms: 2 })).toBe('22 Vorträge in 2 Räumen.');
    expect(tIn('de', 'changelog.talks', { count: 38 })).toBe('38 Vorträgen');
    expect(tIn('de', 'talk.speakers', { count: 2 })).toBe('Sprecher*innen');
  });

  it('speak the language of the render under way, English outside one', async () => {
    expect(t('layout.program')).toBe('Program');
    expect(renderIn({ locale: 'de' }, () => t('layout.program'))).toBe('Programm');
    // The language survives an await inside the render (a search reads the database first).
    const later = await renderIn({ locale: 'de' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return t('layout.schedule');
    });
    expect(later).toBe('Zeitplan');
    expect(t('layout.program')).toBe('Program');
  });

  it('leave values as given: no markup is read from a message or a value', () => {
    expect(tIn('de', 'event.logoAlt', { name: '<b>PyBay</b>' })).toBe('Logo von <b>PyBay</b>');
  });
});

describe('Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['de', 'de'],
    ['de-DE, de;q=0.9', 'de'],
    ['de-AT', 'de'],
    ['DE-de', 'de'],
    ['en-US,en;q=0.9,de;q=0.8', 'en'],
    ['fr-FR, fr;q=0.9, de;q=0.5', 'de'],
    ['fr-FR, fr;q=0.9, de;q=0.5, en;q=0.7', 'en'],
    ['en;q=0.2, de;q=0.8', 'de'],
    ['de;q=0', 'en'],
    ['fr, ja', 'en'],
    ['*', 'en'],
    ['de;q=abc', 'en'],
  ])('%j picks %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it('knows exactly the languages it has catalogues for', () => {
    expect([...LOCALES]).toEqual(Object.keys(CATALOGUES));
  });
});
