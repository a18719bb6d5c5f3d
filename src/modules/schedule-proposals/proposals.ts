import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { scheduleProposals, type ScheduleProposalStatus } from '../../db/schema.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import {
  applyPlacementsWithin,
  loadProposalInputs,
  lockEvent,
  proposeScheduleInWorker,
  readScheduleProblem,
  requireScheduleOrganiser,
  type ObjectiveTerms,
  type ObjectiveWeights,
  type ProposalInputs,
  type ProposeProgress,
  type ScheduleEvent,
  type WipPlacement,
} from '../schedule/index.js';
import { buildScheduleProblem, placementsOf, solverIdToNumber, type BuiltProblem } from './problem.js';
import { computeWhyHere, loadInterest, type WhyHere } from './why-here.js';

/**
 * "Propose a schedule" (issue 10): the solver run on the event's talks on the program, in a
 * worker thread of the app instance that was asked, with its progress, heartbeat and result in
 * the schedule_proposals row, so that any instance can show it and stop it. The organisers
 * then accept all of it, some or none; nothing is ever released by it.
 */

/** The time budgets offered. */
export const PROPOSAL_SECONDS = [5, 10, 30, 60, 120] as const;
const MAX_SECONDS = 120;
/** A running proposal whose heartbeat is older than this lost its instance. */
export const HEARTBEAT_TIMEOUT_MS = 30_000;

export type ProposalEvent = ScheduleEvent & { published: boolean };

export interface ProposalOptions {
  seconds: number;
  seed: number;
  /** Keep placed talks (pinned, or kept off the template) rather than re-place everything. */
  keepPlaced: boolean;
}

/** The solver's latest report. */
export interface ProposalProgress {
  phase: ProposeProgress['phase'];
  elapsedMs: number;
  budgetMs: number;
  iterations: number;
  best: ObjectiveTerms;
  unplaced: number;
  lowerBound: number | null;
}

/** Dates as ISO strings: the row's JSON. */
export interface StoredPlacement {
  talkId: number;
  roomId: number;
  startsAt: string;
  endsAt: string;
}

/** What the proposal started from. */
export interface ProposalSetup {
  talks: number;
  pinned: number;
  /** Talks placed off the template, kept where they are. */
  kept: number;
  awaitingConfirmation: number;
  ballots: number;
  expectedAttendance: number | null;
  timeSlots: number;
  rooms: number;
  released: boolean;
  /** The work-in-progress schedule's talks when it started: a later change is worth a warning. */
  wipAtStart: StoredPlacement[];
  before: ObjectiveTerms;
}

export interface ProposalOutcome {
  placements: StoredPlacement[];
  unplaced: { talkId: number; reason: string }[];
  terms: ObjectiveTerms;
  weights: ObjectiveWeights;
  lexicographic: boolean;
  lowerBound: number | null;
  boundExact: boolean;
  gap: number | null;
  stoppedBy: 'time' | 'iterations' | 'signal';
  elapsedMs: number;
  iterations: number;
  /** Per proposed talk, by id. */
  whyHere: Record<string, WhyHere>;
}

export interface ScheduleProposal {
  id: number;
  /** `running` whose heartbeat stopped reads `interrupted`. */
  status: ScheduleProposalStatus;
  options: ProposalOptions;
  startedAt: Date;
  heartbeatAt: Date;
  stopRequested: boolean;
  progress: ProposalProgress | null;
  setup: ProposalSetup | null;
  outcome: ProposalOutcome | null;
  error: string | null;
  decidedAt: Date | null;
  decision: 'applied' | 'discarded' | null;
}

const toStored = (p: WipPlacement): StoredPlacement => ({
  talkId: p.talkId,
  roomId: p.roomId,
  startsAt: p.startsAt.toISOString(),
  endsAt: p.endsAt.toISOString(),
});

function readOptions(input: { seconds: number; seed: number; keepPlaced: boolean }): ProposalOptions {
  if (!Number.isInteger(input.seconds) || input.seconds < 1 || input.seconds > MAX_SECONDS) {
    throw new InvalidInputError(`give a time budget from 1 to ${MAX_SECONDS} seconds`, 'seconds');
  }
  if (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > 2_147_483_647) {
    throw new InvalidInputError('give a whole number from 0 to 2147483647', 'seed');
  }
  return { seconds: input.seconds, seed: input.seed, keepPlaced: input.keepPlaced };
}

type Row = typeof scheduleProposals.$inferSelect;

function toProposal(row: Row, now: Date): ScheduleProposal {
  const result = (row.result ?? {}) as { setup?: ProposalSetup; outcome?: ProposalOutcome };
  const stale = row.status === 'running' && +now - +row.heartbeatAt > HEARTBEAT_TIMEOUT_MS;
  return {
    id: row.id,
    status: stale ? 'interrupted' : row.status,
    options: row.options as ProposalOptions,
    startedAt: row.startedAt,
    heartbeatAt: row.heartbeatAt,
    stopRequested: row.stopRequested,
    progress: (row.progress as ProposalProgress | null) ?? null,
    setup: result.setup ?? null,
    outcome: result.outcome ?? null,
    error: row.error,
    decidedAt: row.decidedAt,
    decision: row.decision as ScheduleProposal['decision'],
  };
}

/** The event's latest proposal; undefined when none was ever asked for. */
export async function latestScheduleProposal(
  db: Database,
  actor: Actor | undefined,
  event: ProposalEvent,
  now = new Date(),
): Promise<ScheduleProposal | undefined> {
  requireScheduleOrganiser(actor, event);
  const [row] = await db
    .select()
    .from(scheduleProposals)
    .where(eq(scheduleProposals.eventId, event.id))
    .orderBy(desc(scheduleProposals.id))
    .limit(1);
  return row ? toProposal(row, now) : undefined;
}

export async function getScheduleProposal(
  db: Database,
  actor: Actor | undefined,
  event: ProposalEvent,
  id: number,
  now = new Date(),
): Promise<ScheduleProposal> {
  requireScheduleOrganiser(actor, event);
  const [row] = await db
    .select()
    .from(scheduleProposals)
    .where(and(eq(scheduleProposals.id, id), eq(scheduleProposals.eventId, event.id)));
  if (!row) throw new NotFoundError(`${event.name} has no such proposal.`);
  return toProposal(row, now);
}

/**
 * Runs proposals in this app instance: one worker thread each. It writes each run's latest
 * progress and a heartbeat about once a second, reading back whether an organiser (on any
 * instance) asked to stop; at the end, the result. `close` stops every run (the best schedule
 * so far is kept) and waits for their last writes: the app calls it when it closes.
 */
export class ScheduleProposalRunner {
  private readonly runs = new Map<number, { controller: AbortController; done: Promise<void> }>();

  constructor(
    private readonly db: Database,
    private readonly options: { heartbeatMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  /** How many run here now. */
  get running(): number {
    return this.runs.size;
  }

  launch(
    id: number,
    built: BuiltProblem,
    inputs: ProposalInputs,
    interest: { ballots: number[][]; expectedAttendance: number | null },
    options: ProposalOptions,
  ): void {
    const { db } = this;
    const controller = new AbortController();
    const budgetMs = options.seconds * 1000;
    let latest: ProposalProgress | undefined;
    let writing: Promise<void> = Promise.resolve();
    const report = (error: unknown): void => this.options.onError?.(error);
    const beat = async (): Promise<void> => {
      const [row] = await db
        .update(scheduleProposals)
        .set({ heartbeatAt: new Date(), ...(latest ? { progress: latest } : {}) })
        .where(and(eq(scheduleProposals.id, id), eq(scheduleProposals.status, 'running')))
        .returning({ stopRequested: scheduleProposals.stopRequested });
      // Asked to stop, or no longer running (another instance took it for dead): stop here.
      if (!row || row.stopRequested) controller.abort();
    };
    const timer = setInterval(() => {
      writing = writing.then(beat).catch(report);
    }, this.options.heartbeatMs ?? 1000);
    const finish = async (set: Partial<typeof scheduleProposals.$inferInsert>): Promise<void> => {
      clearInterval(timer);
      await writing;
      await db
        .update(scheduleProposals)
        .set({ heartbeatAt: new Date(), ...(latest ? { progress: latest } : {}), ...set })
        .where(and(eq(scheduleProposals.id, id), eq(scheduleProposals.status, 'running')));
    };
    const done = proposeScheduleInWorker(built.problem, {
      timeLimitMs: budgetMs,
      seed: options.seed,
      signal: controller.signal,
      onProgress: (p) => {
        latest = {
          phase: p.phase,
          elapsedMs: Math.round(p.elapsedMs),
          budgetMs,
          iterations: p.iterations,
          best: p.best,
          unplaced: p.unplaced,
          lowerBound: p.lowerBound,
        };
      },
    })
      .then(async (result) => {
        const placements = placementsOf(built, inputs, result.assignments);
        const capacity = new Map(inputs.rooms.map((room) => [room.id, room.capacity]));
        // Talks kept off the template run too: fans clash with them as with any other.
        const why = computeWhyHere(
          [...placements, ...built.kept].map((p) => ({ ...p, capacity: capacity.get(p.roomId) ?? null })),
          interest.ballots,
          interest.expectedAttendance,
        );
        const outcome: ProposalOutcome = {
          placements: placements.map(toStored),
          unplaced: result.unplaced.map((u) => ({ talkId: solverIdToNumber(u.talk), reason: u.reason })),
          terms: result.terms,
          weights: result.weights,
          lexicographic: result.lexicographic,
          lowerBound: result.lowerBound,
          boundExact: result.boundExact,
          gap: result.gap,
          stoppedBy: result.stoppedBy,
          elapsedMs: Math.round(result.elapsedMs),
          iterations: result.iterations,
          whyHere: Object.fromEntries(placements.map((p) => [String(p.talkId), why.get(p.talkId)!])),
        };
        const [row] = await db
          .select({ result: scheduleProposals.result })
          .from(scheduleProposals)
          .where(eq(scheduleProposals.id, id));
        await finish({
          status: controller.signal.aborted ? 'stopped' : 'done',
          result: { ...(row?.result as object), outcome },
        });
      })
      .catch(async (error: unknown) => {
        report(error);
        await finish({ status: 'failed', error: error instanceof Error ? error.message : String(error) }).catch(report);
      })
      .finally(() => {
        this.runs.delete(id);
      });
    this.runs.set(id, { controller, done });
  }

  /** Stops every run here; each keeps its best schedule so far. */
  async close(): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) run.controller.abort();
    await Promise.all(runs.map((run) => run.done));
  }
}

/**
 * Starts a proposal: reads the schedule, builds the problem, writes the running row and hands
 * the problem to the runner. Refused (409) without time slots, rooms or talks on the program,
 * or while another proposal of the event runs.
 */
export async function startScheduleProposal(
  db: Database,
  runner: ScheduleProposalRunner,
  actor: Actor | undefined,
  event: ProposalEvent,
  input: { seconds: number; seed: number; keepPlaced: boolean },
  now = new Date(),
): Promise<ScheduleProposal> {
  const organiser = requireScheduleOrganiser(actor, event);
  const options = readOptions(input);
  const inputs = await loadProposalInputs(db, actor, event);
  if (inputs.timeSlots.length === 0) {
    throw new ConflictError(
      `${event.name} has no time slots yet: define the time slots first, then propose a schedule.`,
    );
  }
  if (inputs.rooms.length === 0) {
    throw new ConflictError(`${event.name} has no rooms yet: add rooms first, then propose a schedule.`);
  }
  if (inputs.talks.length === 0) {
    throw new ConflictError(`${event.name} has no talks on the program (confirmed) to place yet.`);
  }
  const interest = await loadInterest(db, event, now);
  const built = buildScheduleProblem(inputs, interest.ballots, interest.expectedAttendance, {
    keepPlaced: options.keepPlaced,
  });
  // Every reference checked, as for a bench file: a mistake here is ours, and says where.
  readScheduleProblem(built.problem, { source: 'proposal' });
  const setup: ProposalSetup = {
    talks: inputs.talks.length,
    pinned: built.pinned,
    kept: built.kept.length,
    awaitingConfirmation: inputs.awaitingConfirmation,
    ballots: built.ballots,
    expectedAttendance: interest.expectedAttendance,
    timeSlots: inputs.timeSlots.length,
    rooms: inputs.rooms.length,
    released: inputs.released,
    wipAtStart: inputs.placements.map(toStored),
    before: built.before,
  };
  // A run whose instance died holds the event no longer.
  await db
    .update(scheduleProposals)
    .set({ status: 'interrupted' })
    .where(
      and(
        eq(scheduleProposals.eventId, event.id),
        eq(scheduleProposals.status, 'running'),
        lt(scheduleProposals.heartbeatAt, new Date(+now - HEARTBEAT_TIMEOUT_MS)),
      ),
    );
  const [row] = await db
    .insert(scheduleProposals)
    .values({
      eventId: event.id,
      status: 'running',
      options,
      requestedBy: organiser.user.id,
      startedAt: now,
      heartbeatAt: now,
      result: { setup },
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ConflictError('A proposal is already running for this event: stop it or wait for it to finish.');
  runner.launch(row.id, built, inputs, interest, options);
  return toProposal(row, now);
}

/** Asks the running proposal to stop; the instance running it stops at its next write. */
export async function stopScheduleProposal(
  db: Database,
  actor: Actor | undefined,
  event: ProposalEvent,
  id: number,
): Promise<void> {
  const proposal = await getScheduleProposal(db, actor, event, id);
  if (proposal.status !== 'running') throw new ConflictError('This proposal is not running.');
  await db
    .update(scheduleProposals)
    .set({ stopRequested: true })
    .where(and(eq(scheduleProposals.id, id), eq(scheduleProposals.status, 'running')));
}

// --- the result against the work-in-progress schedule

export type ProposalChangeKind = 'placed' | 'moved' | 'unchanged' | 'unplaced';

export interface ProposalChange {
  kind: ProposalChangeKind;
  talk: { id: number; code: string; title: string };
  /** Where it is now; undefined when unplaced. */
  from: WipPlacement | undefined;
  /** Where the proposal puts it; undefined when the solver could not place it. */
  to: WipPlacement | undefined;
  /** The solver's reason, for an unplaced talk. */
  reason: string | undefined;
  why: WhyHere | undefined;
}

export interface ProposalReview {
  proposal: ScheduleProposal;
  /** Placed and moved first, then unplaced, then unchanged; each in program order. */
  changes: ProposalChange[];
  rooms: Map<number, { name: string; capacity: number | null }>;
  /** Talks of the proposal placed or moved in the work-in-progress schedule since it started. */
  changedSince: number;
  /** Accepted talks not on the program now (awaiting their speakers' confirmation). */
  awaitingConfirmation: number;
}

const samePlace = (a: WipPlacement, b: WipPlacement): boolean =>
  a.roomId === b.roomId && +a.startsAt === +b.startsAt && +a.endsAt === +b.endsAt;

const fromStored = (p: StoredPlacement): WipPlacement => ({
  talkId: p.talkId,
  roomId: p.roomId,
  startsAt: new Date(p.startsAt),
  endsAt: new Date(p.endsAt),
});

/** A finished proposal against the work-in-progress schedule as it is now. */
export async function reviewScheduleProposal(
  db: Database,
  actor: Actor | undefined,
  event: ProposalEvent,
  proposal: ScheduleProposal,
): Promise<ProposalReview> {
  const inputs = await loadProposalInputs(db, actor, event);
  return diffProposal(proposal, inputs);
}

function diffProposal(proposal: ScheduleProposal, inputs: ProposalInputs): ProposalReview {
  const outcome = proposal.outcome;
  const now = new Map(inputs.placements.map((p) => [p.talkId, p]));
  const proposed = new Map((outcome?.placements ?? []).map((p) => [p.talkId, fromStored(p)]));
  const unplaced = new Map((outcome?.unplaced ?? []).map((u) => [u.talkId, u.reason]));
  const order: ProposalChangeKind[] = ['placed', 'moved', 'unplaced', 'unchanged'];
  const changes: ProposalChange[] = [];
  for (const talk of inputs.talks) {
    const to = proposed.get(talk.id);
    const from = now.get(talk.id);
    const reason = unplaced.get(talk.id);
    let kind: ProposalChangeKind;
    if (to) kind = !from ? 'placed' : samePlace(from, to) ? 'unchanged' : 'moved';
    else if (reason !== undefined) kind = 'unplaced';
    else continue;
    changes.push({
      kind,
      talk: { id: talk.id, code: talk.code, title: talk.title },
      from,
      to,
      reason,
      why: outcome?.whyHere[String(talk.id)],
    });
  }
  changes.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  const atStart = new Map((proposal.setup?.wipAtStart ?? []).map((p) => [p.talkId, fromStored(p)]));
  let changedSince = 0;
  for (const talk of inputs.talks) {
    const before = atStart.get(talk.id);
    const current = now.get(talk.id);
    if ((before === undefined) !== (current === undefined) || (before && current && !samePlace(before, current))) {
      changedSince++;
    }
  }
  return {
    proposal,
    changes,
    rooms: new Map(inputs.rooms.map((room) => [room.id, { name: room.name, capacity: room.capacity }])),
    changedSince,
    awaitingConfirmation: inputs.awaitingConfirmation,
  };
}

function requireOpen(proposal: ScheduleProposal): ProposalOutcome {
  if (proposal.decidedAt) {
    throw new ConflictError(`This proposal was ${proposal.decision === 'applied' ? 'accepted' : 'discarded'} already.`);
  }
  if (!proposal.outcome) throw new ConflictError('This proposal has no result to accept.');
  return proposal.outcome;
}

export interface AppliedProposal {
  placed: number;
  moved: number;
  /** The work-in-progress schedule changed since the proposal started: the organisers should look again. */
  changedSince: number;
}

/**
 * Accepts the proposal's changes (placed and moved talks) for the talks chosen, or all of them:
 * one transaction under the event's lock; any hard error over the result refuses everything
 * (409, naming the talks). A changed work-in-progress schedule is allowed, and reported.
 */
export async function applyScheduleProposal(
  db: Database,
  actor: Actor | undefined,
  event: ProposalEvent,
  id: number,
  selection: 'all' | readonly number[],
  now = new Date(),
): Promise<AppliedProposal> {
  requireScheduleOrganiser(actor, event);
  return db.transaction(async (tx) => {
    // The event's lock first, as every change of the schedule takes it; then the proposal's
    // row, so that of two organisers accepting at once the second finds it decided.
    await lockEvent(tx, event);
    const [row] = await tx
      .select()
      .from(scheduleProposals)
      .where(and(eq(scheduleProposals.id, id), eq(scheduleProposals.eventId, event.id)))
      .for('update');
    if (!row) throw new NotFoundError(`${event.name} has no such proposal.`);
    const proposal = toProposal(row, now);
    requireOpen(proposal);
    const review = diffProposal(proposal, await loadProposalInputs(tx, actor, event));
    const offered = review.changes.filter((change) => change.kind === 'placed' || change.kind === 'moved');
    const chosen = selection === 'all' ? offered : offered.filter((change) => selection.includes(change.talk.id));
    if (selection !== 'all') {
      const known = new Set(offered.map((change) => change.talk.id));
      const unknown = selection.find((talkId) => !known.has(talkId));
      if (unknown !== undefined)
        throw new InvalidInputError(`the proposal offers no change for talk ${unknown}`, 'talk');
      if (chosen.length === 0) throw new InvalidInputError('tick at least one change to accept', 'talk');
    }
    const applied = await applyPlacementsWithin(
      tx,
      event,
      chosen.map((change) => change.to!),
    );
    await tx.update(scheduleProposals).set({ decidedAt: now, decision: 'applied' }).where(eq(scheduleProposals.id, id));
    return { ...applied, changedSince: review.changedSince };
  });
}

/** Discards the proposal: nothing of it is written to the schedule. */
export async function discardScheduleProposal(
  db: Database,
  actor: Actor | undefined,
  event: ProposalEvent,
  id: number,
  now = new Date(),
): Promise<void> {
  const proposal = await getScheduleProposal(db, actor, event, id, now);
  if (proposal.status === 'running') throw new ConflictError('This proposal is still running: stop it first.');
  if (proposal.decidedAt) requireOpen(proposal);
  await db
    .update(scheduleProposals)
    .set({ decidedAt: now, decision: 'discarded' })
    .where(
      and(eq(scheduleProposals.id, id), eq(scheduleProposals.eventId, event.id), isNull(scheduleProposals.decidedAt)),
    );
}

/** What the proposal page shows: the latest proposal (its diff when it has a result) and what a new one would start from. */
export interface ProposalOverview {
  proposal: ScheduleProposal | undefined;
  /** The latest proposal against the schedule now, when it has a result nobody decided on yet. */
  review: ProposalReview | undefined;
  timeSlots: number;
  rooms: number;
  /** Talks on the program. */
  talks: number;
  placed: number;
  awaitingConfirmation: number;
}

export async function loadProposalOverview(
  db: Database,
  actor: Actor | undefined,
  event: ProposalEvent,
  now = new Date(),
): Promise<ProposalOverview> {
  const proposal = await latestScheduleProposal(db, actor, event, now);
  const inputs = await loadProposalInputs(db, actor, event);
  const open = proposal && proposal.outcome && !proposal.decidedAt ? proposal : undefined;
  return {
    proposal,
    review: open ? diffProposal(open, inputs) : undefined,
    timeSlots: inputs.timeSlots.length,
    rooms: inputs.rooms.length,
    talks: inputs.talks.length,
    placed: inputs.placements.length,
    awaitingConfirmation: inputs.awaitingConfirmation,
  };
}
