import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const PLANTED = `
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { events, speakers, talks, talkStateChanges } from '../../db/schema.js';

export async function planted(db: Database): Promise<void> {
  await db.insert(events).values({ slug: 'orga', name: 'Orga' });
  await db.update(events).set({ name: 'Renamed' }).where(eq(events.id, 1));
  await db.update(talks).set({ state: 'withdrawn' }).where(eq(talks.id, 1));
  await db.insert(talkStateChanges).values({ talkId: 1, fromState: 'confirmed', toState: 'withdrawn', actorRole: 'x' });
  await db.delete(speakers).where(eq(speakers.id, 1));
}
`;

/** A bulk update names its table in SQL; lint knows the three of talks and speakers by name. */
const PLANTED_BULK = `
import { updateRows } from '../../../db/bulk.js';
import type { Database } from '../../../db/client.js';

export async function planted(db: Database): Promise<void> {
  await updateRows(db, 'talks', { id: 'integer', title: 'text' }, []);
  await updateRows(db, 'talk_speakers', { id: 'integer', position: 'integer' }, []);
  await updateRows(db, 'rooms', { id: 'integer', name: 'text' }, []);
}
`;

/** The owner-rule messages lint gives the planted file at `filePath` (the file need not exist). */
async function ownerProblems(filePath: string, text = PLANTED): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(text, { filePath: `${ROOT}${filePath}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${m.line}: ${m.message}`);
}

// Lint reads no database: once is enough, on the pglite project.
describe.skipIf(process.env.LECTERN_TEST_DB === 'postgres')('one owner per record, enforced by lint', () => {
  const EVENTS = 'Only the program module writes events: call insertEventRecord or updateEventRecord.';
  const STATE = "A talk's state changes only through changeTalkState (program/talk-lifecycle.ts), which records it.";
  const RECORDS = 'Only the talk lifecycle writes talk_state_changes: call changeTalkState.';
  const TALKS =
    'Talks and speakers are written by the program module (and, for now, cfp): call it; an importer calls syncImportedProgram.';
  const BULK = 'Talks and speakers are written by the program module: call it; an importer calls syncImportedProgram.';

  it('refuses writes of events, talks, speakers, talk states and their records outside their owner', async () => {
    expect(await ownerProblems('src/modules/schedule/planted.ts')).toEqual([
      `7: ${EVENTS}`,
      `8: ${EVENTS}`,
      `9: ${TALKS}`,
      `9: ${STATE}`,
      `10: ${RECORDS}`,
      `11: ${TALKS}`,
    ]);
  }, 60_000);

  it('refuses talk and speaker writes in both importers, which call syncImportedProgram, bulk updates included', async () => {
    for (const importer of [
      'src/modules/exchange/schedule-import/write-schedule.ts',
      'src/modules/exchange/talks-page/import-talks-page.ts',
    ]) {
      expect(await ownerProblems(importer)).toEqual([
        `7: ${EVENTS}`,
        `8: ${EVENTS}`,
        `9: ${TALKS}`,
        `9: ${STATE}`,
        `10: ${RECORDS}`,
        `11: ${TALKS}`,
      ]);
      expect(await ownerProblems(importer, PLANTED_BULK)).toEqual([`6: ${BULK}`, `7: ${BULK}`]);
    }
    expect(await ownerProblems('src/modules/program/planted.ts', PLANTED_BULK)).toEqual([]);
  }, 60_000);

  it('lets the cfp files that write talks today write them, but not events or states', async () => {
    expect(await ownerProblems('src/modules/cfp/proposals.ts')).toEqual([
      `7: ${EVENTS}`,
      `8: ${EVENTS}`,
      `9: ${STATE}`,
      `10: ${RECORDS}`,
    ]);
  }, 60_000);

  it('refuses writes of webhook endpoints and deliveries outside the webhooks module', async () => {
    const planted = `
import type { Database } from '../../db/client.js';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema.js';

export async function planted(db: Database): Promise<void> {
  await db.delete(webhookEndpoints);
  await db.update(webhookDeliveries).set({ status: 'pending' });
}
`;
    const WEBHOOKS =
      'Only the webhooks module writes webhook endpoints and deliveries: call enqueueWebhook (or its index).';
    for (const file of ['src/modules/schedule/planted.ts', 'src/modules/cfp/proposals.ts', 'src/web/planted.ts']) {
      expect(await ownerProblems(file, planted)).toEqual([`6: ${WEBHOOKS}`, `7: ${WEBHOOKS}`]);
    }
    expect(await ownerProblems('src/modules/program/planted.ts', planted)).toEqual([
      `6: ${WEBHOOKS}`,
      `7: ${WEBHOOKS}`,
    ]);
    expect(await ownerProblems('src/modules/webhooks/planted.ts', planted)).toEqual([]);
    expect(await ownerProblems('src/modules/webhooks/planted.ts')).toEqual([
      `7: ${EVENTS}`,
      `8: ${EVENTS}`,
      `9: ${TALKS}`,
      `9: ${STATE}`,
      `10: ${RECORDS}`,
      `11: ${TALKS}`,
    ]);
  }, 60_000);

  it('lets the program module write events, and only its talk lifecycle write states', async () => {
    expect(await ownerProblems('src/modules/program/planted.ts')).toEqual([`9: ${STATE}`, `10: ${RECORDS}`]);
    expect(await ownerProblems('src/modules/program/talk-lifecycle.ts')).toEqual([]);
  }, 60_000);
});
