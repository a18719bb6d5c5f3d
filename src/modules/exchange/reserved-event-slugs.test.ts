import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { events } from '../../db/schema.js';
import { InvalidInputError } from '../../shared/errors.js';
import { dumpDatabase } from '../../../test/fixtures/database-dump.js';
import { SAMPLE_TEXT } from '../../../test/helpers/app.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { addToTeam, createUser } from '../../../test/helpers/site.js';
import { loadActor } from '../accounts/index.js';
import { createEvent, createEventFromCommandLine, RESERVED_EVENT_SLUGS } from '../program/index.js';
import { parseScheduleFile } from './schedule-import/import-schedule.js';
import { writeSchedule } from './schedule-import/write-schedule.js';
import { importTalksPage } from './talks-page/import-talks-page.js';

const SAMPLES = new URL('../../../test/fixtures/conformance/samples/', import.meta.url);
const DEMOCON = parseScheduleFile('schedule-json', readFileSync(new URL('pretalx-democon.json', SAMPLES)));
const RC3_XML = parseScheduleFile('frab', readFileSync(new URL('rc3-like.xml', SAMPLES)));

function reserved(slug: string, field: string): InvalidInputError {
  return new InvalidInputError(`"${slug}" is reserved by Lectern; choose another slug`, field);
}

describe('reserved event slugs', () => {
  it('are refused by every way an event comes to be, naming the field, writing nothing', async () => {
    const { db } = await testDatabase();
    await db.insert(events).values({ slug: 'home', name: 'Home' });
    const organiser = await createUser(db, { email: 'orga@example.com' });
    await addToTeam(db, 'home', organiser.id, 'organiser');
    const actor = (await loadActor(db, organiser.id))!;
    const before = await dumpDatabase(db);
    expect([...RESERVED_EVENT_SLUGS]).toEqual(expect.arrayContaining(['orga', 'api']));
    for (const slug of RESERVED_EVENT_SLUGS) {
      await expect(importTalksPage(db, { eventSlug: slug, content: SAMPLE_TEXT })).rejects.toThrow(
        reserved(slug, '--event'),
      );
      for (const schedule of [DEMOCON, RC3_XML]) {
        await expect(writeSchedule(db, schedule, { eventSlug: slug, fileName: 'schedule' })).rejects.toThrow(
          reserved(slug, '--event'),
        );
      }
      await expect(createEventFromCommandLine(db, { slug, name: 'X', timezone: 'UTC' })).rejects.toThrow(
        reserved(slug, 'SLUG'),
      );
      await expect(createEvent(db, actor, { slug, name: 'X', timezone: 'UTC' })).rejects.toThrow(
        reserved(slug, 'slug'),
      );
    }
    expect(await dumpDatabase(db)).toEqual(before);
  });
});
