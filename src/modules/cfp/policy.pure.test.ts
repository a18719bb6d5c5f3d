import { describe, expect, it } from 'vitest';
import type { Actor } from '../accounts/index.js';
import {
  editProblem,
  inviteProblem,
  isSpeakerOf,
  submissionWindowProblem,
  withdrawProblem,
  type CfpEvent,
  type ProposalAccess,
} from './policy.js';

const event: CfpEvent = {
  id: 7,
  slug: 'pycon-2099',
  name: 'PyCon 2099',
  timezone: 'America/Los_Angeles',
  cfpOpensAt: new Date('2099-06-01T06:59:00Z'),
  cfpClosesAt: new Date('2099-12-02T07:59:00Z'),
};
const open = new Date('2099-07-01T00:00:00Z');
const after = new Date('2099-12-02T08:00:00Z');

function actorWith(roles: Record<number, number | undefined>): Actor {
  return {
    user: { id: 1, email: 'ada@example.com', name: 'Ada' },
    via: 'session',
    roles: new Map(
      Object.entries(roles).map(([eventId, speakerId]) => [
        Number(eventId),
        { organiser: false, reviewer: undefined, speakerId },
      ]),
    ),
  };
}

const proposal = (state: ProposalAccess['state']): ProposalAccess => ({
  eventId: 7,
  code: 'ABCD1234',
  state,
  speakerIds: [40, 41],
});

describe('cfp policy', () => {
  it('names the opening or closing time in the event’s zone when the CFP is not open', () => {
    expect(submissionWindowProblem(event, new Date('2099-05-01T00:00:00Z'))).toBe(
      'The call for proposals of PyCon 2099 opens on Sun 31 May 2099, 23:59 PDT.',
    );
    expect(submissionWindowProblem(event, open)).toBeUndefined();
    expect(submissionWindowProblem(event, after)).toBe(
      'The call for proposals of PyCon 2099 closed on Tue 1 Dec 2099, 23:59 PST: proposals can no longer be submitted or edited.',
    );
    expect(submissionWindowProblem({ ...event, cfpOpensAt: null, cfpClosesAt: null }, open)).toBe(
      'PyCon 2099 has no open call for proposals.',
    );
  });

  it('lets speakers edit drafts and submitted proposals only, and only while the CFP is open', () => {
    expect(editProblem(event, proposal('draft'), open)).toBeUndefined();
    expect(editProblem(event, proposal('submitted'), open)).toBeUndefined();
    expect(editProblem(event, proposal('accepted'), open)).toBe(
      'This proposal is accepted: only drafts and submitted proposals can be edited.',
    );
    expect(editProblem(event, proposal('submitted'), after)).toContain('closed on Tue 1 Dec 2099, 23:59 PST');
  });

  it('takes co-speakers on accepted and confirmed proposals after the deadline too', () => {
    expect(inviteProblem(event, proposal('submitted'), after)).toContain('closed on');
    expect(inviteProblem(event, proposal('accepted'), after)).toBeUndefined();
    expect(inviteProblem(event, proposal('confirmed'), after)).toBeUndefined();
    expect(inviteProblem(event, proposal('withdrawn'), open)).toBe(
      'This proposal is withdrawn: co-speakers join drafts, submitted, accepted and confirmed proposals only.',
    );
  });

  it('allows withdrawing in every state but rejected and withdrawn', () => {
    for (const state of ['draft', 'submitted', 'accepted', 'waitlisted', 'confirmed'] as const) {
      expect(withdrawProblem(proposal(state))).toBeUndefined();
    }
    expect(withdrawProblem(proposal('rejected'))).toBe('This proposal is rejected: there is nothing to withdraw.');
    expect(withdrawProblem(proposal('withdrawn'))).toBe('This proposal is withdrawn: there is nothing to withdraw.');
  });

  it('counts a speaker profile at another event for nothing', () => {
    expect(isSpeakerOf(actorWith({ 7: 41 }), event, proposal('draft'))).toBe(true);
    expect(isSpeakerOf(actorWith({ 8: 41 }), event, proposal('draft'))).toBe(false);
    expect(isSpeakerOf(actorWith({ 7: 42 }), event, proposal('draft'))).toBe(false);
    expect(isSpeakerOf(undefined, event, proposal('draft'))).toBe(false);
  });
});
