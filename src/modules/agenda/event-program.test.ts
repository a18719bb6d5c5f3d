import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/helpers/database.js';
import { countingDatabase } from '../../../test/routes/count-queries.js';
import { importTalksPage } from '../exchange/index.js';
import { loadEventProgram } from './event-program.js';

/** A talks page of `count` talks; the second has two speakers, the third shares a speaker with the first. */
function talksPage(count: number): string {
  const talks = [
    'Flask in Practice\n\nAda Lovelace\n\nAll things Web, Beginner\n\nDescription: Routing.\n\nAbstract: Views.\n\nBio: Ada writes code.',
    'Data at Scale\n\nGrace Hopper, Alan Turing\n\nDealing with Data, Advanced\n\nDescription: Big.\n\nAbstract: Bigger.\n\nBio: Grace.\n\nBio2: Alan.',
    'Flask Again\n\nAda Lovelace\n\nAll things Web, Intermediate\n\nDescription: More routing.\n\nAbstract: More views.\n\nBio: Ada writes code.',
  ];
  return `${talks.slice(0, count).join('\n\n\n')}\n`;
}

describe('loadEventProgram', () => {
  it('loads an event of 1 talk and an event of 3 talks in the same ten queries (session types among them)', async () => {
    const { db } = await testDatabase();
    await importTalksPage(db, { eventSlug: 'one', eventName: 'One', content: talksPage(1) });
    await importTalksPage(db, { eventSlug: 'three', eventName: 'Three', content: talksPage(3) });
    const counting = countingDatabase(db);

    const one = await loadEventProgram(counting.db, 'one');
    const oneQueries = counting.queries.length;
    counting.reset();
    const three = await loadEventProgram(counting.db, 'three');
    const threeQueries = counting.queries.length;

    expect(one!.talks.map((t) => t.slug)).toEqual(['flask-in-practice']);
    expect(three!.talks.map((t) => [t.slug, t.speakers.map((s) => s.name)])).toEqual([
      ['flask-in-practice', ['Ada Lovelace']],
      ['data-at-scale', ['Grace Hopper', 'Alan Turing']],
      ['flask-again', ['Ada Lovelace']],
    ]);
    expect(three!.speakerBySlug.get('ada-lovelace')!.talks.map((t) => t.slug)).toEqual([
      'flask-in-practice',
      'flask-again',
    ]);
    expect(oneQueries).toBe(10);
    expect(threeQueries).toBe(oneQueries);
  });

  it('answers undefined for an unknown event after one query', async () => {
    const { db } = await testDatabase();
    const counting = countingDatabase(db);

    expect(await loadEventProgram(counting.db, 'nowhere')).toBeUndefined();
    expect(counting.queries).toHaveLength(1);
  });
});
