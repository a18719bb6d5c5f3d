import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { events, talks, talkStateChanges, type TalkState } from '../../db/schema.js';
import { ConflictError } from '../../shared/errors.js';
import { enqueueWebhook, proposalWebhookData } from '../webhooks/index.js';

/**
 * Who moves a talk from one state to another: a speaker of it (cfp: submit, withdraw,
 * confirm), an organiser (review decisions, taking a talk off the program) or the system
 * actor `import` (an importer confirming what its file lists and withdrawing what it no
 * longer does).
 */
export type TalkStateRole = 'speaker' | 'organiser' | 'import';

export type TalkStateActor = { role: 'speaker' | 'organiser'; userId: number } | { role: 'import' };

/** The system actor of every import. */
export const IMPORT_ACTOR: TalkStateActor = { role: 'import' };

/**
 * The one transition table: for each state, the states a talk may move to and who may move
 * it there. Anything not listed is refused. Drafts and submitted proposals are the speakers'
 * (submit, withdraw); decisions are the organisers' and may change until the speakers
 * confirm; an accepted talk is confirmed by its speakers; a talk on the program leaves it by
 * its speakers withdrawing, an organiser cancelling or an import no longer listing it. An
 * import's file is the program: every talk it lists is confirmed, whatever its state was.
 */
export const TALK_TRANSITIONS: Readonly<Record<TalkState, Partial<Record<TalkState, readonly TalkStateRole[]>>>> = {
  draft: { submitted: ['speaker'], withdrawn: ['speaker'], confirmed: ['import'] },
  submitted: {
    accepted: ['organiser'],
    rejected: ['organiser'],
    waitlisted: ['organiser'],
    withdrawn: ['speaker'],
    confirmed: ['import'],
  },
  waitlisted: { accepted: ['organiser'], rejected: ['organiser'], withdrawn: ['speaker'], confirmed: ['import'] },
  accepted: {
    rejected: ['organiser'],
    waitlisted: ['organiser'],
    confirmed: ['speaker', 'import'],
    withdrawn: ['speaker'],
  },
  rejected: { accepted: ['organiser'], waitlisted: ['organiser'], confirmed: ['import'] },
  confirmed: { withdrawn: ['speaker', 'organiser', 'import'] },
  withdrawn: { confirmed: ['import'] },
};

/** Whether `role` may move a talk from `from` to `to`. */
export function mayChangeTalkState(from: TalkState, to: TalkState, role: TalkStateRole): boolean {
  return TALK_TRANSITIONS[from][to]?.includes(role) ?? false;
}

/** A state change the transition table refuses; `field` is `state`, the talk's field it concerns. */
export class TalkStateError extends ConflictError {
  override name = 'TalkStateError';
  readonly field = 'state';
  constructor(
    readonly from: TalkState,
    readonly to: TalkState,
    readonly role: TalkStateRole,
  ) {
    super(`a talk cannot go from ${from} to ${to} by ${role === 'import' ? 'an import' : `its ${role}`}`);
  }
}

export function requireTalkStateChange(from: TalkState, to: TalkState, role: TalkStateRole): void {
  if (!mayChangeTalkState(from, to, role)) throw new TalkStateError(from, to, role);
}

export interface TalkStateTarget {
  id: number;
  state: TalkState;
}

export interface TalkStateChangeOptions {
  reason?: string | undefined;
  now?: Date | undefined;
  /** Other columns to set in the same statement, e.g. a confirmed talk's readable slug. */
  set?: { slug?: string; submittedAt?: Date } | undefined;
}

/**
 * The one way a talk's state changes: checks the transition table, updates the talk and
 * writes the change record, in the caller's transaction. A talk already in `to` is left as
 * it is and recorded nowhere.
 */
export async function changeTalkState(
  tx: Database,
  talk: TalkStateTarget,
  to: TalkState,
  actor: TalkStateActor,
  options: TalkStateChangeOptions = {},
): Promise<boolean> {
  return (await changeTalkStates(tx, [talk], to, actor, options)) > 0;
}

/**
 * changeTalkState for many talks at once, all or nothing (every transition is checked before
 * anything is written): two statements whatever their number. Returns how many changed.
 */
export async function changeTalkStates(
  tx: Database,
  targets: readonly TalkStateTarget[],
  to: TalkState,
  actor: TalkStateActor,
  options: TalkStateChangeOptions = {},
): Promise<number> {
  const changing = targets.filter((talk) => talk.state !== to);
  for (const talk of changing) requireTalkStateChange(talk.state, to, actor.role);
  if (changing.length === 0) return 0;
  const now = options.now ?? new Date();
  const changed = await tx
    .update(talks)
    .set({ ...options.set, state: to, stateChangedAt: now, updatedAt: now })
    .from(events)
    .where(
      and(
        eq(events.id, talks.eventId),
        inArray(
          talks.id,
          changing.map((talk) => talk.id),
        ),
      ),
    )
    .returning({
      id: talks.id,
      eventId: talks.eventId,
      eventSlug: events.slug,
      code: talks.code,
      guid: talks.guid,
      title: talks.title,
    });
  await tx.insert(talkStateChanges).values(
    changing.map((talk) => ({
      talkId: talk.id,
      fromState: talk.state,
      toState: to,
      actorUserId: actor.role === 'import' ? null : actor.userId,
      actorRole: actor.role,
      reason: options.reason ?? '',
      at: now,
    })),
  );
  await announceStateChanges(tx, changed, changing, to);
  return changing.length;
}

/**
 * The webhooks of a state change, in the same transaction: a submission is `proposal.submitted`,
 * every other change `proposal.state_changed` with the state before.
 */
async function announceStateChanges(
  tx: Database,
  changed: { id: number; eventId: number; eventSlug: string; code: string; guid: string; title: string }[],
  targets: readonly TalkStateTarget[],
  to: TalkState,
): Promise<void> {
  const before = new Map(targets.map((talk) => [talk.id, talk.state]));
  const byEvent = new Map<number, typeof changed>();
  for (const talk of changed) byEvent.set(talk.eventId, [...(byEvent.get(talk.eventId) ?? []), talk]);
  for (const [eventId, eventTalks] of byEvent) {
    const data = eventTalks
      .sort((a, b) => a.id - b.id)
      .map((talk) =>
        proposalWebhookData(
          talk.eventSlug,
          { ...talk, state: to },
          to === 'submitted' ? undefined : before.get(talk.id),
        ),
      );
    await enqueueWebhook(tx, {
      eventId,
      type: to === 'submitted' ? 'proposal.submitted' : 'proposal.state_changed',
      data,
    });
  }
}

export interface TalkStateChangeRecord {
  from: TalkState;
  to: TalkState;
  role: string;
  reason: string;
  at: Date;
}

/** The change that brought the talk into `state` last (the reason a speaker gave for withdrawing, say); undefined if none did. */
export async function latestStateChangeTo(
  db: Database,
  talkId: number,
  state: TalkState,
): Promise<TalkStateChangeRecord | undefined> {
  const [row] = await db
    .select({
      from: talkStateChanges.fromState,
      to: talkStateChanges.toState,
      role: talkStateChanges.actorRole,
      reason: talkStateChanges.reason,
      at: talkStateChanges.at,
    })
    .from(talkStateChanges)
    .where(and(eq(talkStateChanges.talkId, talkId), eq(talkStateChanges.toState, state)))
    .orderBy(desc(talkStateChanges.at), desc(talkStateChanges.id))
    .limit(1);
  return row;
}
