import { changeTalkStates } from '../program/index.js';
import type { Database } from '../../db/client.js';
import type { TalkState } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { absolute, links } from '../../shared/links.js';
import type { Actor } from '../accounts/index.js';
import { enqueueMail, loadTemplate, renderTemplate, type EditableTemplateKey } from '../mail/index.js';
import { lockProposalsByCodes, selectSpeakers } from './proposals.queries.js';
import {
  DECISION_NAMES,
  DECISIONS,
  canSeeProposal,
  decisionEffect,
  isDecision,
  requireDecider,
  reviewScope,
  type Decision,
  type ReviewEvent,
} from './policy.js';

export interface DecisionOutcome {
  code: string;
  title: string;
  from: TalkState;
  to: TalkState;
  /** False when the proposal already was in that state: nothing was written and nobody mailed. */
  changed: boolean;
  /** The speakers whose decision mail is drafted: it waits in the outbox until an organiser sends the drafts. */
  mailed: { name: string; email: string }[];
  /** Speakers without an account (imported): they have no address to write to. */
  notMailed: { name: string }[];
}

const TEMPLATES: Record<Decision, EditableTemplateKey> = {
  accept: 'proposal-accepted',
  reject: 'proposal-rejected',
  waitlist: 'proposal-waitlisted',
};

export const MAX_PROPOSALS_PER_DECISION = 500;

export interface DecisionInput {
  /** The codes of the proposals to decide. */
  codes: string[];
  decision: string;
  /** The address people reach Lectern at, for the link in the mail. */
  publicUrl: string;
}

function requireDecision(value: string): Decision {
  if (!isDecision(value)) throw new InvalidInputError(`must be one of ${DECISION_NAMES.join(', ')}`, 'decision');
  return value;
}

/**
 * Decides proposals (accept, reject, wait-list), all or nothing: if one of them cannot be
 * decided, none is. In the same transaction, the event's mail for that decision is drafted for
 * each speaker with an account: deciding sends nothing, the organisers send the drafts when
 * they have looked at them (see sendDrafts in the mail module). A proposal already in the
 * decided state is left alone, so that deciding twice never mails twice.
 */
export async function decideProposals(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
  input: DecisionInput,
): Promise<DecisionOutcome[]> {
  requireDecider(actor, event);
  return decide(db, actor, event, input, 'proposals');
}

/** Decides one proposal; see decideProposals. */
export async function decideProposal(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
  input: { code: string; decision: string; publicUrl: string },
): Promise<DecisionOutcome> {
  requireDecider(actor, event);
  const [outcome] = await decide(
    db,
    actor,
    event,
    { codes: [input.code], decision: input.decision, publicUrl: input.publicUrl },
    'code',
  );
  return outcome!;
}

async function decide(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
  input: DecisionInput,
  field: 'proposals' | 'code',
): Promise<DecisionOutcome[]> {
  const decider = requireDecider(actor, event);
  const scope = reviewScope(actor, event);
  const decision = requireDecision(input.decision);
  const codes = [...new Set(input.codes.map((code) => code.trim().toUpperCase()).filter(Boolean))];
  if (codes.length === 0) throw new InvalidInputError('choose at least one proposal', field);
  if (codes.length > MAX_PROPOSALS_PER_DECISION) {
    throw new InvalidInputError(`decide at most ${MAX_PROPOSALS_PER_DECISION} proposals at once`, field);
  }
  const newState = DECISIONS[decision];
  return db.transaction(async (tx) => {
    const found = (await lockProposalsByCodes(tx, event.id, codes)).filter((p) => canSeeProposal(scope, p));
    const missing = codes.filter((code) => !found.some((p) => p.code === code));
    if (missing.length > 0) {
      const list = missing.map((c) => `"${c}"`).join(', ');
      if (field === 'code') throw new NotFoundError(`There is no proposal ${list} at ${event.name}.`);
      throw new InvalidInputError(`no proposal ${list} at ${event.name}`, field);
    }
    // Every proposal is checked before anything is written: one that cannot be decided stops them all.
    const effects = found.map((proposal) => ({ proposal, effect: decisionEffect(proposal, decision) }));
    const changing = effects.filter((e) => e.effect === 'change').map((e) => e.proposal);
    const now = new Date();
    await changeTalkStates(tx, changing, newState, { role: 'organiser', userId: decider.user.id }, { now });
    const speakers = await selectSpeakers(
      tx,
      changing.map((p) => p.id),
    );
    const template = changing.length > 0 ? await loadTemplate(tx, event.id, TEMPLATES[decision]) : undefined;
    const outcomes: DecisionOutcome[] = [];
    for (const { proposal, effect } of effects) {
      const outcome: DecisionOutcome = {
        code: proposal.code,
        title: proposal.title,
        from: proposal.state,
        to: newState,
        changed: effect === 'change',
        mailed: [],
        notMailed: [],
      };
      if (effect === 'change') {
        for (const speaker of speakers.filter((s) => s.talkId === proposal.id)) {
          if (!speaker.email) {
            outcome.notMailed.push({ name: speaker.name });
            continue;
          }
          const mail = renderTemplate(template!, {
            speaker_name: speaker.name,
            proposal_title: proposal.title,
            event_name: event.name,
            proposal_url: absolute(input.publicUrl, links.speakerProposal(event.slug, proposal.code)),
          });
          await enqueueMail(tx, {
            eventId: event.id,
            to: speaker.email,
            subject: mail.subject,
            body: mail.body,
            draft: true,
          });
          outcome.mailed.push({ name: speaker.name, email: speaker.email });
        }
      }
      outcomes.push(outcome);
    }
    // In the order asked for.
    return codes.map((code) => outcomes.find((o) => o.code === code)!);
  });
}
