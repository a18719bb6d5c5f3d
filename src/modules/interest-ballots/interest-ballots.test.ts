import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, interestBallots, interestBallotTalks, talks } from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { addToTeam, createUser } from '../../../test/helpers/site.js';
import { loadActor } from '../accounts/index.js';
import { loadEventProgram } from '../agenda/index.js';
import {
  closeInterestBallot,
  countInterest,
  findInterestBallot,
  findInterestBallotState,
  importInterestBallots,
  interestBallotOverview,
  listBallotTalkIds,
  MAX_BALLOT_TALKS,
  openInterestBallot,
  putInterestBallot,
  setExpectedAttendance,
} from './index.js';

const NOW = new Date('2026-05-01T10:00:00Z');
const TOKEN_A = 'a'.repeat(43);
const TOKEN_B = 'b'.repeat(43);

/** An event with talks a, b, c on the program and a withdrawn talk w; the ballot open. */
async function setUp() {
  const { db } = await testDatabase();
  const [event] = await db.insert(events).values({ slug: 'conf', name: 'Conf', interestBallotOpen: true }).returning();
  await db.insert(talks).values(
    ['a', 'b', 'c', 'w'].map((slug, i) => ({
      eventId: event!.id,
      slug,
      title: `Talk ${slug}`,
      position: i + 1,
      state: slug === 'w' ? ('withdrawn' as const) : ('confirmed' as const),
    })),
  );
  const organiser = await createUser(db, { email: 'orga@example.com' });
  await addToTeam(db, 'conf', organiser.id, 'organiser');
  const orga = (await loadActor(db, organiser.id))!;
  const program = (await loadEventProgram(db, 'conf'))!;
  return { db, event: event!, orga, program };
}

describe('interest ballots', () => {
  it('creates a ballot under its token, then replaces its talks', async () => {
    const { db, program } = await setUp();
    expect(await putInterestBallot(db, program, TOKEN_A, ['c', 'a', 'c'], NOW)).toEqual({
      created: true,
      talks: ['a', 'c'],
    });
    expect(await putInterestBallot(db, program, TOKEN_A, ['b'], NOW)).toEqual({ created: false, talks: ['b'] });
    expect(await findInterestBallot(db, program, TOKEN_A)).toEqual({ talks: ['b'] });
    expect(await db.select({ id: interestBallots.id }).from(interestBallots)).toHaveLength(1);
    expect(await db.select().from(interestBallotTalks)).toHaveLength(1);
  });

  it('keeps only the hash of the token', async () => {
    const { db, program } = await setUp();
    await putInterestBallot(db, program, TOKEN_A, ['a'], NOW);
    const [row] = await db.select({ tokenHash: interestBallots.tokenHash }).from(interestBallots);
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.tokenHash).not.toContain(TOKEN_A);
  });

  it('refuses a talk not on the program, naming it and its position, and writes nothing', async () => {
    const { db, program } = await setUp();
    const put = putInterestBallot(db, program, TOKEN_A, ['a', 'w'], NOW);
    await expect(put).rejects.toThrow(new InvalidInputError('there is no talk "w" on the program of Conf', 'talks.1'));
    expect(await db.select().from(interestBallots)).toEqual([]);
  });

  it(`refuses more than ${MAX_BALLOT_TALKS} talks`, async () => {
    const { db, program } = await setUp();
    const many = Array.from({ length: MAX_BALLOT_TALKS + 1 }, () => 'a');
    await expect(putInterestBallot(db, program, TOKEN_A, many, NOW)).rejects.toThrow(
      new InvalidInputError(`a ballot marks at most 200 talks; this one has 201`, 'talks'),
    );
  });

  it('refuses to create or change a ballot once closed, by an organiser or by its closing time', async () => {
    const { db, event, orga, program } = await setUp();
    await putInterestBallot(db, program, TOKEN_A, ['a'], NOW);
    await closeInterestBallot(db, orga, event);
    const closed = new ConflictError('The interest ballot of Conf is closed: ballots can no longer be changed.');
    await expect(putInterestBallot(db, program, TOKEN_A, ['b'], NOW)).rejects.toThrow(closed);
    await expect(putInterestBallot(db, program, TOKEN_B, ['b'], NOW)).rejects.toThrow(closed);
    expect(await findInterestBallot(db, program, TOKEN_A)).toEqual({ talks: ['a'] });

    const closesAt = new Date('2026-05-02T00:00:00Z');
    await openInterestBallot(db, orga, event, closesAt, NOW);
    expect(await findInterestBallotState(db, event, NOW)).toEqual({ open: true, closesAt, expectedAttendance: null });
    await putInterestBallot(db, program, TOKEN_A, ['b'], NOW);
    expect((await findInterestBallotState(db, event, closesAt)).open).toBe(false);
    await expect(putInterestBallot(db, program, TOKEN_A, ['c'], closesAt)).rejects.toThrow(closed);
  });

  it('refuses a closing time in the past, and lets only organisers open, close and count', async () => {
    const { db, event, orga, program } = await setUp();
    await expect(openInterestBallot(db, orga, event, new Date('2026-04-01T00:00:00Z'), NOW)).rejects.toThrow(
      new InvalidInputError('the closing time must be in the future', 'closesAt'),
    );
    const stranger = (await loadActor(db, (await createUser(db, { email: 'x@example.com' })).id))!;
    await expect(closeInterestBallot(db, stranger, event)).rejects.toThrow(ForbiddenError);
    await expect(countInterest(db, stranger, program, NOW)).rejects.toThrow(ForbiddenError);
  });

  it('finds no ballot under an unknown token', async () => {
    const { db, program } = await setUp();
    await expect(findInterestBallot(db, program, TOKEN_B)).rejects.toThrow(
      new NotFoundError('There is no such interest ballot at Conf.'),
    );
  });

  it('counts ballots per talk, with share and expected audience, most marked first', async () => {
    const { db, event, orga, program } = await setUp();
    await putInterestBallot(db, program, TOKEN_A, ['a', 'b'], NOW);
    await putInterestBallot(db, program, TOKEN_B, ['b'], NOW);
    await putInterestBallot(db, program, 'c'.repeat(43), ['b', 'c'], NOW);
    await setExpectedAttendance(db, orga, event, 500);
    const counts = await countInterest(db, orga, program, NOW);
    expect(counts.ballots).toBe(3);
    expect(counts.expectedAttendance).toBe(500);
    expect(counts.talks.map((t) => [t.talk.slug, t.count, t.share, t.expectedAudience])).toEqual([
      ['b', 3, 1, 500],
      ['a', 1, 1 / 3, 167],
      ['c', 1, 1 / 3, 167],
    ]);
    await expect(setExpectedAttendance(db, orga, event, 0)).rejects.toThrow(InvalidInputError);
  });

  it('imports ballots by slug or GUID, replacing the previous import and keeping web ballots', async () => {
    const { db, orga, program } = await setUp();
    await putInterestBallot(db, program, TOKEN_A, ['c'], NOW);
    const guidB = program.talkBySlug.get('b')!.guid;
    const csv = `a, b\n"${guidB.toUpperCase()}"  c\n\nc\n`;
    expect(await importInterestBallots(db, orga, program, csv, NOW)).toEqual({
      linesRead: 4,
      ballotsWritten: 3,
      unknown: [],
    });
    expect(await importInterestBallots(db, orga, program, csv, NOW)).toEqual({
      linesRead: 4,
      ballotsWritten: 3,
      unknown: [],
    });
    const counts = await countInterest(db, orga, program, NOW);
    expect(counts.ballots).toBe(4);
    expect(counts.talks.map((t) => [t.talk.slug, t.count])).toEqual([
      ['c', 3],
      ['b', 2],
      ['a', 1],
    ]);
  });

  it('writes nothing from a file with an unknown id, and reports each with its line', async () => {
    const { db, orga, program } = await setUp();
    const report = await importInterestBallots(db, orga, program, 'a\nb nope\nw,c\n', NOW);
    expect(report).toEqual({
      linesRead: 3,
      ballotsWritten: 0,
      unknown: [
        { line: 2, id: 'nope' },
        { line: 3, id: 'w' },
      ],
    });
    expect(await db.select().from(interestBallots)).toEqual([]);
  });

  it('gives the talk ids of each ballot, anonymous, for the solver', async () => {
    const { db, orga, program } = await setUp();
    await putInterestBallot(db, program, TOKEN_A, ['a', 'c'], NOW);
    await importInterestBallots(db, orga, program, 'b\n', NOW);
    const id = (slug: string) => program.talkBySlug.get(slug)!.id;
    const ballots = (await listBallotTalkIds(db, program)).map((talks) => [...talks].sort((x, y) => x - y));
    expect(ballots.sort((x, y) => x[0]! - y[0]!)).toEqual([[id('a'), id('c')], [id('b')]]);
  });

  it('shows organisers the state and no counts while the event is unpublished', async () => {
    const { db, event, orga } = await setUp();
    expect(await interestBallotOverview(db, orga, event, undefined, NOW)).toEqual({
      state: { open: true, closesAt: null, expectedAttendance: null },
      counts: undefined,
    });
  });

  it('drops a ballot talk with its talk', async () => {
    const { db, program } = await setUp();
    await putInterestBallot(db, program, TOKEN_A, ['a', 'b'], NOW);
    await db.delete(talks).where(eq(talks.slug, 'a'));
    expect(await db.select({ talkId: interestBallotTalks.talkId }).from(interestBallotTalks)).toEqual([
      { talkId: program.talkBySlug.get('b')!.id },
    ]);
  });
});
