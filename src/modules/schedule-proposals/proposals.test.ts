import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import {
  attendeeAgendas,
  eventDays,
  interestBallots,
  interestBallotTalks,
  rooms,
  scheduleProposals,
  talks,
} from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../../shared/errors.js';
import {
  addBlock,
  listTimeSlots,
  loadProposalInputs,
  placeTalk,
  releaseSchedule,
  setDayTimeSlots,
  setRoomClosures,
} from '../schedule/index.js';
import {
  applyScheduleProposal,
  buildScheduleProblem,
  discardScheduleProposal,
  latestScheduleProposal,
  reviewScheduleProposal,
  ScheduleProposalRunner,
  startScheduleProposal,
  stopScheduleProposal,
  whyHere,
  type ProposalOutcome,
  type ProposalSetup,
  type ScheduleProposal,
} from './index.js';
import {
  at,
  scheduleWorld,
  slotRows,
  stateAvailability,
  type ScheduleWorld,
} from '../../../test/helpers/schedule-world.js';

/**
 * Proposals on the schedule module's test world: Conf 2026 (America/Los_Angeles), two days,
 * Main Hall (400 seats) and Room 2 (80); Engines (Ada), Compilers (Grace), Looms (Ada and
 * Grace) on the program, Drafts only submitted. Each day gets two time slots, 10:00–10:30 and
 * 10:30–11:00. Solver runs are small and short (1 s).
 */

const runners: ScheduleProposalRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.close()));
});

function newRunner(db: Database): ScheduleProposalRunner {
  const runner = new ScheduleProposalRunner(db, { heartbeatMs: 100 });
  runners.push(runner);
  return runner;
}

async function world() {
  const w = await scheduleWorld();
  const event = { ...w.event, published: true };
  const days = await w.db
    .select({ id: eventDays.id })
    .from(eventDays)
    .where(eq(eventDays.eventId, w.event.id))
    .orderBy(asc(eventDays.date));
  for (const day of days) {
    await setDayTimeSlots(w.db, w.organiser, event, day.id, [
      { start: '10:00', end: '10:30' },
      { start: '10:30', end: '11:00' },
    ]);
  }
  const slots = await listTimeSlots(w.db, w.organiser, event);
  const ids = Object.fromEntries(
    await Promise.all(
      (['engines', 'compilers', 'looms'] as const).map(async (name) => {
        const [row] = await w.db.select({ id: talks.id }).from(talks).where(eq(talks.code, w.talks[name]));
        return [name, row!.id] as const;
      }),
    ),
  ) as Record<'engines' | 'compilers' | 'looms', number>;
  /** s1, s2 on day one; s3, s4 on day two, as the solver names them. */
  const s = slots.map((slot) => `s${slot.id}`);
  return { ...w, event, slots, s, ids };
}

async function castBallots(w: ScheduleWorld, ballots: number[][]): Promise<void> {
  for (const talkIds of ballots) {
    const [ballot] = await w.db
      .insert(interestBallots)
      .values({ eventId: w.event.id, tokenHash: null })
      .returning({ id: interestBallots.id });
    await w.db.insert(interestBallotTalks).values(talkIds.map((talkId) => ({ ballotId: ballot!.id, talkId })));
  }
}

async function until(
  read: () => Promise<ScheduleProposal | undefined>,
  done: (p: ScheduleProposal) => boolean,
  timeoutMs = 20_000,
): Promise<ScheduleProposal> {
  const started = Date.now();
  for (;;) {
    const proposal = await read();
    if (proposal && done(proposal)) return proposal;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${JSON.stringify(proposal?.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the solver’s problem from the work-in-progress schedule', () => {
  it('pins talks placed on a time slot, keeps the others where they are, and closes rooms and speakers around them', async () => {
    const w = await world();
    const { s, ids } = w;
    // Engines on the template (pinned); Compilers off it, 10:10–10:40 in Room 2 (kept).
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.compilers, room: 'room-2', start: '2026-10-31T10:10' });
    // Main Hall closed in the second day's first time slot; a break across every room in its second.
    await setRoomClosures(w.db, w.organiser, w.event, w.rooms.hall, [w.slots[2]!.id]);
    await addBlock(w.db, w.organiser, w.event, {
      title: 'Coffee',
      kind: 'break',
      room: '',
      start: '2026-11-01T10:30',
      end: '11:00',
    });
    // Grace can speak on the first day only.
    await stateAvailability(w.db, w.speakers.grace, [[at('2026-10-31', '09:00'), at('2026-10-31', '18:00')]]);

    const inputs = await loadProposalInputs(w.db, w.organiser, w.event);
    const ballots = [[ids.engines, ids.looms], [ids.compilers, ids.looms], [ids.looms]];
    const built = buildScheduleProblem(inputs, ballots, 300, { keepPlaced: true });
    expect(built.problem).toEqual({
      slots: [
        { id: s[0], day: '2026-10-31', index: 0, start: '10:00', durationMin: 30 },
        { id: s[1], day: '2026-10-31', index: 1, start: '10:30', durationMin: 30 },
        { id: s[2], day: '2026-11-01', index: 0, start: '10:00', durationMin: 30 },
        { id: s[3], day: '2026-11-01', index: 1, start: '10:30', durationMin: 30 },
      ],
      rooms: [
        { id: `r${w.rooms.hall}`, capacity: 400, unavailable: [s[2], s[3]].sort() },
        // Compilers, kept at 10:10–10:40, takes Room 2 in both of the first day's time slots.
        { id: `r${w.rooms.small}`, capacity: 80, unavailable: [s[0], s[1], s[3]].sort() },
      ],
      talks: [
        {
          id: `t${ids.engines}`,
          track: null,
          speakers: [`p${w.speakers.ada}`],
          durationMin: 30,
          unavailable: [],
          pinnedSlot: s[0],
          pinnedRoom: `r${w.rooms.hall}`,
        },
        // Looms: Grace is busy with the kept Compilers on day one, and unavailable on day two.
        {
          id: `t${ids.looms}`,
          track: null,
          speakers: [`p${w.speakers.ada}`, `p${w.speakers.grace}`],
          durationMin: 30,
          unavailable: [s[0], s[1], s[2], s[3]].sort(),
        },
      ],
      ballots: [
        { attendee: 'b1', talks: [`t${ids.engines}`, `t${ids.looms}`] },
        { attendee: 'b2', talks: [`t${ids.looms}`] },
        { attendee: 'b3', talks: [`t${ids.looms}`] },
      ],
      expectedAttendance: 300,
    });
    expect(built.kept.map((p) => p.talkId)).toEqual([ids.compilers]);
    expect(built.pinned).toBe(1);
    expect(built.current).toEqual([{ talk: `t${ids.engines}`, slot: s[0], room: `r${w.rooms.hall}` }]);
  });

  it('re-places every talk when asked, and after a release makes moving one cost', async () => {
    const w = await world();
    const { s, ids } = w;
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:30',
    });
    // A room whose seats nobody entered never overflows.
    await w.db.update(rooms).set({ capacity: null }).where(eq(rooms.id, w.rooms.small));
    const inputs = await loadProposalInputs(w.db, w.organiser, w.event);
    expect(inputs.released).toBe(false);
    const free = buildScheduleProblem(inputs, [], null, { keepPlaced: false });
    expect(free.problem.rooms.map((room) => room.capacity)).toEqual([400, 1_000_000_000]);
    expect(free.problem.talks.map((t) => [t.id, t.pinnedSlot, t.durationMin])).toEqual([
      [`t${ids.engines}`, undefined, 30],
      [`t${ids.compilers}`, undefined, 30],
      [`t${ids.looms}`, undefined, 30],
    ]);
    expect(free.problem.previous).toBeUndefined();
    expect(free.problem.expectedAttendance).toBeUndefined();
    await releaseSchedule(w.db, w.organiser, w.event, { version: '', comment: '' });
    const afterRelease = await loadProposalInputs(w.db, w.organiser, w.event);
    expect(afterRelease.released).toBe(true);
    const released = buildScheduleProblem(afterRelease, [], null, { keepPlaced: false });
    expect(released.problem.previous).toEqual([{ talk: `t${ids.engines}`, slot: s[1], room: `r${w.rooms.hall}` }]);
  });

  it('refuses to start without time slots, naming what to do', async () => {
    const w = await scheduleWorld();
    const runner = newRunner(w.db);
    await expect(
      startScheduleProposal(
        w.db,
        runner,
        w.organiser,
        { ...w.event, published: true },
        {
          seconds: 1,
          seed: 1,
          keepPlaced: true,
        },
      ),
    ).rejects.toThrow(
      new ConflictError('Conf 2026 has no time slots yet: define the time slots first, then propose a schedule.'),
    );
    expect(await w.db.select().from(scheduleProposals)).toEqual([]);
  });

  it('is for organisers only, and checks its options by name', async () => {
    const w = await world();
    const runner = newRunner(w.db);
    const options = { seconds: 1, seed: 1, keepPlaced: true };
    await expect(startScheduleProposal(w.db, runner, w.reviewer, w.event, options)).rejects.toThrow(ForbiddenError);
    await expect(startScheduleProposal(w.db, runner, w.stranger, w.event, options)).rejects.toThrow(ForbiddenError);
    await expect(
      startScheduleProposal(w.db, runner, w.organiser, w.event, { ...options, seconds: 500 }),
    ).rejects.toThrow(new InvalidInputError('give a time budget from 1 to 120 seconds', 'seconds'));
    expect(await w.db.select().from(scheduleProposals)).toEqual([]);
  });
});

describe('why here over the work-in-progress schedule', () => {
  it('counts ballots and, once the schedule is released, shared agendas as fans', async () => {
    const w = await world();
    const { ids } = w;
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.compilers, room: 'room-2', start: '2026-10-31T10:00' });
    await castBallots(w, [[ids.engines, ids.compilers]]);
    const [engines] = await w.db.select({ slug: talks.slug }).from(talks).where(eq(talks.id, ids.engines));
    await w.db
      .insert(attendeeAgendas)
      .values({ eventId: w.event.id, tokenHash: 'hash', shareId: 'share', talkSlugs: [engines!.slug, 'gone'] });
    expect(Object.fromEntries(await whyHere(w.db, w.organiser, w.event))).toEqual({
      [ids.engines]: { fans: 1, clashes: 1, audience: 1, capacity: 400, fill: 1 / 400 },
      [ids.compilers]: { fans: 1, clashes: 1, audience: 1, capacity: 80, fill: 1 / 80 },
    });
    await releaseSchedule(w.db, w.organiser, w.event, { version: '', comment: '' });
    expect(Object.fromEntries(await whyHere(w.db, w.organiser, w.event))).toEqual({
      [ids.engines]: { fans: 2, clashes: 1, audience: 2, capacity: 400, fill: 2 / 400 },
      [ids.compilers]: { fans: 1, clashes: 1, audience: 1, capacity: 80, fill: 1 / 80 },
    });
    await expect(whyHere(w.db, w.reviewer, w.event)).rejects.toThrow(ForbiddenError);
  });
});

describe('running a proposal', () => {
  it('runs in a worker, writes its progress and result, and offers the diff; accepting all writes it and never releases', async () => {
    const w = await world();
    const { ids } = w;
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await castBallots(w, [
      [ids.compilers, ids.looms],
      [ids.compilers, ids.looms],
    ]);
    const runner = newRunner(w.db);
    const started = await startScheduleProposal(w.db, runner, w.organiser, w.event, {
      seconds: 1,
      seed: 7,
      keepPlaced: true,
    });
    expect(started.status).toBe('running');
    expect(started.setup).toMatchObject({ talks: 3, pinned: 1, kept: 0, awaitingConfirmation: 0, ballots: 2 });
    // A second run of the same event waits for the first.
    await expect(
      startScheduleProposal(w.db, runner, w.organiser, w.event, { seconds: 1, seed: 1, keepPlaced: true }),
    ).rejects.toThrow(ConflictError);
    const done = await until(
      () => latestScheduleProposal(w.db, w.organiser, w.event),
      (p) => p.status !== 'running',
    );
    expect(done.status).toBe('done');
    const outcome = done.outcome!;
    expect(outcome.unplaced).toEqual([]);
    // Compilers and Looms share fans (and Grace): never at the same time. Engines stays pinned.
    expect(outcome.terms.missed).toBe(0);
    expect(outcome.gap).toBe(0);
    const review = await reviewScheduleProposal(w.db, w.organiser, w.event, done);
    expect(review.changes.map((c) => [c.kind, c.talk.title])).toEqual([
      ['placed', 'Compilers'],
      ['placed', 'Looms'],
      ['unchanged', 'Engines'],
    ]);
    const compilers = review.changes[0]!;
    expect(compilers.why).toMatchObject({ fans: 2, clashes: 0, audience: 2 });

    const applied = await applyScheduleProposal(w.db, w.organiser, w.event, done.id, 'all');
    expect(applied).toEqual({ placed: 2, moved: 0, changedSince: 0 });
    const rows = await slotRows(w.db, w.event.id);
    expect(rows).toHaveLength(3);
    for (const change of review.changes) {
      const to = change.to!;
      expect(rows).toContain(
        `talk ${change.talk.id} room=${to.roomId} ${to.startsAt.toISOString()}–${to.endsAt.toISOString()}`,
      );
    }
    const decided = (await latestScheduleProposal(w.db, w.organiser, w.event))!;
    expect([decided.decision, decided.decidedAt !== null]).toEqual(['applied', true]);
    await expect(applyScheduleProposal(w.db, w.organiser, w.event, done.id, 'all')).rejects.toThrow(
      new ConflictError('This proposal was accepted already.'),
    );
    // Why here, over the work-in-progress schedule now.
    const why = await whyHere(w.db, w.organiser, w.event);
    expect(why.get(ids.looms)).toMatchObject({ fans: 2, clashes: 0 });
  });

  it('stops when asked, from any instance, keeping the best schedule so far', async () => {
    const w = await world();
    const runner = newRunner(w.db);
    const started = await startScheduleProposal(w.db, runner, w.organiser, w.event, {
      seconds: 120,
      seed: 1,
      keepPlaced: false,
    });
    await until(
      () => latestScheduleProposal(w.db, w.organiser, w.event),
      (p) => p.progress !== null,
    );
    const asked = Date.now();
    await stopScheduleProposal(w.db, w.organiser, w.event, started.id);
    const stopped = await until(
      () => latestScheduleProposal(w.db, w.organiser, w.event),
      (p) => p.status !== 'running',
    );
    expect(Date.now() - asked).toBeLessThan(15_000);
    expect(stopped.status).toBe('stopped');
    expect(stopped.outcome!.stoppedBy).toBe('signal');
    expect(stopped.outcome!.placements).toHaveLength(3);
    await expect(stopScheduleProposal(w.db, w.organiser, w.event, started.id)).rejects.toThrow(
      new ConflictError('This proposal is not running.'),
    );
  });

  it('reads a running proposal whose heartbeat stopped as interrupted, and starts another over it', async () => {
    const w = await world();
    const now = new Date('2026-09-01T12:00:00Z');
    await w.db.insert(scheduleProposals).values({
      eventId: w.event.id,
      status: 'running',
      options: { seconds: 60, seed: 1, keepPlaced: true },
      startedAt: new Date(+now - 60_000),
      heartbeatAt: new Date(+now - 31_000),
    });
    const stale = await latestScheduleProposal(w.db, w.organiser, w.event, now);
    expect(stale!.status).toBe('interrupted');
    const fresh = await latestScheduleProposal(w.db, w.organiser, w.event, new Date(+now - 20_000));
    expect(fresh!.status).toBe('running');
    const runner = newRunner(w.db);
    const next = await startScheduleProposal(
      w.db,
      runner,
      w.organiser,
      w.event,
      { seconds: 1, seed: 1, keepPlaced: true },
      now,
    );
    await runner.close();
    const rows = await w.db
      .select({ id: scheduleProposals.id, status: scheduleProposals.status })
      .from(scheduleProposals)
      .orderBy(asc(scheduleProposals.id));
    expect(rows.map((row) => row.status)).toEqual(['interrupted', 'stopped']);
    expect(rows[1]!.id).toBe(next.id);
    // Closing the runner (the app closing) stopped the run, keeping its best schedule so far.
    const closed = await latestScheduleProposal(w.db, w.organiser, w.event);
    expect(closed!.outcome!.stoppedBy).toBe('signal');
    expect(closed!.outcome!.placements).toHaveLength(3);
  });
});

describe('accepting a proposal', () => {
  /** A finished proposal written as it was found: Engines to Room 2 at 10:00, Compilers to Main Hall at 10:00. */
  async function finished(w: Awaited<ReturnType<typeof world>>): Promise<number> {
    const ten = at('2026-10-31', '10:00');
    const half = at('2026-10-31', '10:30');
    const outcome: ProposalOutcome = {
      placements: [
        { talkId: w.ids.engines, roomId: w.rooms.small, startsAt: ten.toISOString(), endsAt: half.toISOString() },
        { talkId: w.ids.compilers, roomId: w.rooms.hall, startsAt: ten.toISOString(), endsAt: half.toISOString() },
      ],
      unplaced: [{ talkId: w.ids.looms, reason: 'no time slot is free for all its speakers' }],
      terms: { missed: 0, overflow: 0, parallel: 0, moved: 0 },
      weights: { missed: 4, overflow: 2, parallel: 1, moved: 1 },
      lexicographic: true,
      lowerBound: null,
      boundExact: false,
      gap: null,
      stoppedBy: 'time',
      elapsedMs: 1000,
      iterations: 10,
      whyHere: {},
    };
    const [row] = await w.db
      .insert(scheduleProposals)
      .values({
        eventId: w.event.id,
        status: 'done',
        options: { seconds: 5, seed: 1, keepPlaced: false },
        result: {
          setup: {
            talks: 3,
            pinned: 0,
            kept: 0,
            awaitingConfirmation: 0,
            ballots: 0,
            expectedAttendance: null,
            timeSlots: 4,
            rooms: 2,
            released: false,
            wipAtStart: [
              { talkId: w.ids.engines, roomId: w.rooms.hall, startsAt: ten.toISOString(), endsAt: half.toISOString() },
            ],
            before: { missed: 0, overflow: 0, parallel: 0, moved: 0 },
          } satisfies ProposalSetup,
          outcome,
        },
      })
      .returning({ id: scheduleProposals.id });
    return row!.id;
  }

  it('lists moved, placed and unplaced talks with the reason', async () => {
    const w = await world();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const id = await finished(w);
    const proposal = (await latestScheduleProposal(w.db, w.organiser, w.event))!;
    expect(proposal.id).toBe(id);
    const review = await reviewScheduleProposal(w.db, w.organiser, w.event, proposal);
    expect(review.changes.map((c) => [c.kind, c.talk.title, c.from?.roomId, c.to?.roomId, c.reason])).toEqual([
      ['placed', 'Compilers', undefined, w.rooms.hall, undefined],
      ['moved', 'Engines', w.rooms.hall, w.rooms.small, undefined],
      ['unplaced', 'Looms', undefined, undefined, 'no time slot is free for all its speakers'],
    ]);
  });

  it('refuses a selection that collides with a talk left in place, naming both, and writes nothing', async () => {
    const w = await world();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const id = await finished(w);
    const before = await slotRows(w.db, w.event.id);
    await expect(applyScheduleProposal(w.db, w.organiser, w.event, id, [w.ids.compilers])).rejects.toThrow(
      new ConflictError(
        'A room would hold two things at once: "Compilers" and "Engines" in Main Hall, Sat 31 Oct 2026 10:00–10:30. Nothing was changed.',
      ),
    );
    expect(await slotRows(w.db, w.event.id)).toEqual(before);
    expect((await latestScheduleProposal(w.db, w.organiser, w.event))!.decidedAt).toBeNull();
  });

  it('accepts some changes: the ticked ones only', async () => {
    const w = await world();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const id = await finished(w);
    // Placed since the proposal started: accepting is still allowed, and says so.
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'room-2', start: '2026-11-01T10:00' });
    expect(await applyScheduleProposal(w.db, w.organiser, w.event, id, [w.ids.engines])).toEqual({
      placed: 0,
      moved: 1,
      changedSince: 1,
    });
    expect(await slotRows(w.db, w.event.id)).toEqual([
      `talk ${w.ids.engines} room=${w.rooms.small} 2026-10-31T17:00:00.000Z–2026-10-31T17:30:00.000Z`,
      `talk ${w.ids.looms} room=${w.rooms.small} 2026-11-01T18:00:00.000Z–2026-11-01T18:30:00.000Z`,
    ]);
    await expect(applyScheduleProposal(w.db, w.organiser, w.event, id, 'all')).rejects.toThrow(ConflictError);
  });

  it('refuses an empty selection by name, and discarding writes nothing to the schedule', async () => {
    const w = await world();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const id = await finished(w);
    const before = await slotRows(w.db, w.event.id);
    await expect(applyScheduleProposal(w.db, w.organiser, w.event, id, [])).rejects.toThrow(
      new InvalidInputError('tick at least one change to accept', 'talk'),
    );
    await expect(applyScheduleProposal(w.db, w.reviewer, w.event, id, 'all')).rejects.toThrow(ForbiddenError);
    await discardScheduleProposal(w.db, w.organiser, w.event, id);
    expect(await slotRows(w.db, w.event.id)).toEqual(before);
    const discarded = (await latestScheduleProposal(w.db, w.organiser, w.event))!;
    expect(discarded.decision).toBe('discarded');
    await expect(applyScheduleProposal(w.db, w.organiser, w.event, id, 'all')).rejects.toThrow(
      new ConflictError('This proposal was discarded already.'),
    );
  });
});
