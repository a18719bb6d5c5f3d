import type { TalkState } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { formatInZone } from '../../shared/time.js';
import { isOrganiser, requireActor, rolesAt, type Actor } from '../accounts/index.js';
import { cfpState, type EventRecord } from '../program/index.js';

/**
 * Who may do what with a proposal. A proposal belongs to its speakers (the first one and every
 * co-speaker who accepted an invitation); organisers of its event may look at it. Every module
 * function of cfp checks these rules at its entry, whatever the page showed.
 */

export type CfpEvent = Pick<EventRecord, 'id' | 'slug' | 'name' | 'timezone' | 'cfpOpensAt' | 'cfpClosesAt'>;

/** What the rules need to know of a proposal. */
export interface ProposalAccess {
  eventId: number;
  code: string;
  state: TalkState;
  /** Its speaker profiles, first speaker first. */
  speakerIds: number[];
}

/** Speakers may change their proposal while the CFP is open, until a decision is taken. */
export const EDITABLE_STATES: readonly TalkState[] = ['draft', 'submitted'];
/** A rejected or already withdrawn proposal has nothing left to withdraw from. */
export const WITHDRAWABLE_STATES: readonly TalkState[] = ['draft', 'submitted', 'accepted', 'waitlisted', 'confirmed'];
/** Co-speakers join while the proposal is being written, and after acceptance (speakers often pair up late). */
const INVITE_ANYTIME_STATES: readonly TalkState[] = ['accepted', 'confirmed'];

export function isSpeakerOf(
  actor: Actor | undefined,
  event: Pick<EventRecord, 'id'>,
  proposal: ProposalAccess,
): boolean {
  const speakerId = rolesAt(actor, event.id).speakerId;
  return proposal.eventId === event.id && speakerId !== undefined && proposal.speakerIds.includes(speakerId);
}

function notFound(event: Pick<EventRecord, 'name'>, code: string): NotFoundError {
  // The same answer whether the proposal does not exist or is someone else's: codes are not to be probed.
  return new NotFoundError(`You have no proposal ${code} at ${event.name}.`);
}

/** Its speakers, and the event's organisers (read only). Anyone else: 404. */
export function requireProposalViewer(actor: Actor | undefined, event: CfpEvent, proposal: ProposalAccess): Actor {
  const signedIn = requireActor(actor);
  if (isSpeakerOf(signedIn, event, proposal)) return signedIn;
  if (proposal.eventId === event.id && isOrganiser(signedIn, event.id)) return signedIn;
  throw notFound(event, proposal.code);
}

/** Its speakers only. Anyone else: 404. */
export function requireProposalSpeaker(actor: Actor | undefined, event: CfpEvent, proposal: ProposalAccess): Actor {
  const signedIn = requireActor(actor);
  if (!isSpeakerOf(signedIn, event, proposal)) throw notFound(event, proposal.code);
  return signedIn;
}

/** Why proposals cannot be submitted or edited now, in words for the speaker; undefined while the CFP is open. */
export function submissionWindowProblem(event: CfpEvent, now: Date): string | undefined {
  const state = cfpState(event, now);
  if (state === 'open') return undefined;
  if (state === 'not-configured') return `${event.name} has no open call for proposals.`;
  if (state === 'upcoming') {
    return `The call for proposals of ${event.name} opens on ${formatInZone(event.cfpOpensAt!, event.timezone)}.`;
  }
  return `The call for proposals of ${event.name} closed on ${formatInZone(event.cfpClosesAt!, event.timezone)}: proposals can no longer be submitted or edited.`;
}

export function requireCfpOpen(event: CfpEvent, now: Date): void {
  const problem = submissionWindowProblem(event, now);
  if (problem) throw new ConflictError(problem);
}

const STATE_WORDS: Record<TalkState, string> = {
  draft: 'a draft',
  submitted: 'submitted',
  accepted: 'accepted',
  rejected: 'rejected',
  waitlisted: 'on the wait list',
  confirmed: 'confirmed',
  withdrawn: 'withdrawn',
};

/**
 * Why the speaker may not edit the proposal now; undefined when they may. `byAccessCode`: the
 * proposal was made with an access code that still lasts, which keeps the CFP open for it.
 */
export function editProblem(
  event: CfpEvent,
  proposal: ProposalAccess,
  now: Date,
  byAccessCode = false,
): string | undefined {
  if (!EDITABLE_STATES.includes(proposal.state)) {
    return `This proposal is ${STATE_WORDS[proposal.state]}: only drafts and submitted proposals can be edited.`;
  }
  return byAccessCode ? undefined : submissionWindowProblem(event, now);
}

export function requireEditable(
  actor: Actor | undefined,
  event: CfpEvent,
  proposal: ProposalAccess,
  now: Date,
  byAccessCode = false,
): Actor {
  const signedIn = requireProposalSpeaker(actor, event, proposal);
  const problem = editProblem(event, proposal, now, byAccessCode);
  if (problem) throw new ConflictError(problem);
  return signedIn;
}

export function withdrawProblem(proposal: ProposalAccess): string | undefined {
  if (WITHDRAWABLE_STATES.includes(proposal.state)) return undefined;
  return `This proposal is ${STATE_WORDS[proposal.state]}: there is nothing to withdraw.`;
}

export function requireWithdrawable(actor: Actor | undefined, event: CfpEvent, proposal: ProposalAccess): Actor {
  const signedIn = requireProposalSpeaker(actor, event, proposal);
  const problem = withdrawProblem(proposal);
  if (problem) throw new ConflictError(problem);
  return signedIn;
}

export function confirmProblem(proposal: ProposalAccess): string | undefined {
  if (proposal.state === 'accepted') return undefined;
  if (proposal.state === 'confirmed') return 'This talk is already confirmed.';
  return `This proposal is ${STATE_WORDS[proposal.state]}: only accepted proposals can be confirmed.`;
}

export function requireConfirmable(actor: Actor | undefined, event: CfpEvent, proposal: ProposalAccess): Actor {
  const signedIn = requireProposalSpeaker(actor, event, proposal);
  const problem = confirmProblem(proposal);
  if (problem) throw new ConflictError(problem);
  return signedIn;
}

/** Co-speakers may be invited while the proposal may be edited, and once it is accepted or confirmed. */
export function inviteProblem(event: CfpEvent, proposal: ProposalAccess, now: Date): string | undefined {
  if (INVITE_ANYTIME_STATES.includes(proposal.state)) return undefined;
  if (!EDITABLE_STATES.includes(proposal.state)) {
    return `This proposal is ${STATE_WORDS[proposal.state]}: co-speakers join drafts, submitted, accepted and confirmed proposals only.`;
  }
  return submissionWindowProblem(event, now);
}

export function requireCanInvite(
  actor: Actor | undefined,
  event: CfpEvent,
  proposal: ProposalAccess,
  now: Date,
): Actor {
  const signedIn = requireProposalSpeaker(actor, event, proposal);
  const problem = inviteProblem(event, proposal, now);
  if (problem) throw new ConflictError(problem);
  return signedIn;
}

/** Joining a proposal as co-speaker: not once it is off the table. */
export function joinProblem(proposal: Pick<ProposalAccess, 'state'>): string | undefined {
  if (proposal.state === 'withdrawn' || proposal.state === 'rejected') {
    return `This proposal is ${STATE_WORDS[proposal.state]}: it takes no new co-speakers.`;
  }
  return undefined;
}

export function stateLabel(state: TalkState): string {
  return STATE_WORDS[state];
}
