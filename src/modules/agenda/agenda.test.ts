import { describe, expect, it } from 'vitest';
import { events } from '../../db/schema.js';
import { importPyBay } from '../../../test/helpers/app.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { countingDatabase } from '../../../test/routes/count-queries.js';
import { Agenda } from './agenda.js';

describe('Agenda', () => {
  it('loads every event, and tells its listeners once all are in', async () => {
    const { db } = await testDatabase();
    await importPyBay(db);
    const agenda = new Agenda(db);
    const changes: (string | undefined)[] = [];
    agenda.onChange((slug) => changes.push(slug));

    await agenda.loadAll();

    expect(agenda.events()).toEqual([
      {
        slug: 'pybay-2016',
        name: 'PyBay 2016',
        talkCount: 38,
        timezone: 'UTC',
        startDate: null,
        endDate: null,
        venue: null,
        description: '',
        descriptionHtml: '',
        logoUrl: null,
        cfpOpensAt: null,
        cfpClosesAt: null,
      },
    ]);
    expect(agenda.event('pybay-2016')!.talks).toHaveLength(38);
    expect(changes.at(-1)).toBeUndefined();
  });

  it('drops an event that is no longer in the database, on reload and on loadAll', async () => {
    const { db } = await testDatabase();
    await importPyBay(db);
    const agenda = new Agenda(db);
    await agenda.loadAll();
    await db.delete(events);

    await agenda.reload('pybay-2016');
    expect(agenda.event('pybay-2016')).toBeUndefined();
    await importPyBay(db);
    await agenda.loadAll();
    expect(agenda.event('pybay-2016')).toBeDefined();
    await db.delete(events);
    await agenda.loadAll();

    expect(agenda.event('pybay-2016')).toBeUndefined();
    expect(agenda.events()).toEqual([]);
  });

  it('gives each load of an event a new version, so cached answers of the old one are never served', async () => {
    const { db } = await testDatabase();
    await importPyBay(db);
    const agenda = new Agenda(db);
    await agenda.loadAll();
    const first = agenda.event('pybay-2016')!;

    await agenda.reload('pybay-2016');

    expect(agenda.event('pybay-2016')!.version).not.toBe(first.version);
    expect(agenda.event('pybay-2016')).not.toBe(first);
  });

  it('folds simultaneous reloads of one event into the one under way and one more', async () => {
    const { db } = await testDatabase();
    await importPyBay(db);
    const counting = countingDatabase(db);
    const agenda = new Agenda(counting.db);
    await agenda.loadAll();
    counting.reset();

    await Promise.all([1, 2, 3, 4, 5].map(() => agenda.reload('pybay-2016')));

    // Ten queries load an event: one load under way, one after it for the calls that came meanwhile.
    expect(counting.queries).toHaveLength(20);
  });
});
