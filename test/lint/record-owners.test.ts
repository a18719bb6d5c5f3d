import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const PLANTED = `
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { events, talks, talkStateChanges } from '../../db/schema.js';

export async function planted(db: Database): Promise<void> {
  await db.insert(events).values({ slug: 'orga', name: 'Orga' });
  await db.update(events).set({ name: 'Renamed' }).where(eq(events.id, 1));
  await db.update(talks).set({ state: 'withdrawn' }).where(eq(talks.id, 1));
  await db.insert(talkStateChanges).values({ talkId: 1, fromState: 'confirmed', toState: 'withdrawn', actorRole: 'x' });
}
`;

/** The owner-rule messages lint gives the planted file at `filePath` (the file need not exist). */
async function ownerProblems(filePath: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(PLANTED, { filePath: `${ROOT}${filePath}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${m.line}: ${m.message}`);
}

// Lint reads no database: once is enough, on the pglite project.
describe.skipIf(process.env.LECTERN_TEST_DB === 'postgres')('one owner per record, enforced by lint', () => {
  it('refuses writes of events, of talk states and of their records outside their owner', async () => {
    expect(await ownerProblems('src/modules/cfp/planted.ts')).toEqual([
      '7: Only the program module writes events: call insertEventRecord or updateEventRecord.',
      '8: Only the program module writes events: call insertEventRecord or updateEventRecord.',
      "9: A talk's state changes only through changeTalkState (program/talk-lifecycle.ts), which records it.",
      '10: Only the talk lifecycle writes talk_state_changes: call changeTalkState.',
    ]);
  }, 60_000);

  it('lets the program module write events, and only its talk lifecycle write states', async () => {
    expect(await ownerProblems('src/modules/program/planted.ts')).toEqual([
      "9: A talk's state changes only through changeTalkState (program/talk-lifecycle.ts), which records it.",
      '10: Only the talk lifecycle writes talk_state_changes: call changeTalkState.',
    ]);
    expect(await ownerProblems('src/modules/program/talk-lifecycle.ts')).toEqual([]);
  }, 60_000);
});
