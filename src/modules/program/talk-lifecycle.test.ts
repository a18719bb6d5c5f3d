import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, TALK_STATES, talks, talkStateChanges } from '../../db/schema.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { addToTeam, createUser } from '../../../test/helpers/site.js';
import { loadActor } from '../accounts/index.js';
import {
  changeTalkState,
  changeTalkStates,
  IMPORT_ACTOR,
  mayChangeTalkState,
  TalkStateError,
  type TalkStateRole,
} from './talk-lifecycle.js';
import { cancelProgramTalk } from './talks-admin.js';

/** The whole table, written out: every (from → to, by) that is allowed; everything else is refused. */
const ALLOWED = [
  'draft → submitted by speaker',
  'draft → withdrawn by speaker',
  'draft → confirmed by import',
  'submitted → accepted by organiser',
  'submitted → rejected by organiser',
  'submitted → waitlisted by organiser',
  'submitted → withdrawn by speaker',
  'submitted → confirmed by import',
  'waitlisted → accepted by organiser',
  'waitlisted → rejected by organiser',
  'waitlisted → withdrawn by speaker',
  'waitlisted → confirmed by import',
  'accepted → rejected by organiser',
  'accepted → waitlisted by organiser',
  'accepted → confirmed by speaker',
  'accepted → confirmed by import',
  'accepted → withdrawn by speaker',
  'rejected → accepted by organiser',
  'rejected → waitlisted by organiser',
  'rejected → confirmed by import',
  'confirmed → withdrawn by speaker',
  'confirmed → withdrawn by organiser',
  'confirmed → withdrawn by import',
  'withdrawn → confirmed by import',
];
const ROLES: TalkStateRole[] = ['speaker', 'organiser', 'import'];

async function setUp() {
  const { db } = await testDatabase();
  await db.insert(events).values({ slug: 'conf', name: 'Conf' });
  const organiser = await createUser(db, { email: 'orga@example.com' });
  await addToTeam(db, 'conf', organiser.id, 'organiser');
  return { db, organiser: (await loadActor(db, organiser.id))! };
}

describe('the talk lifecycle', () => {
  it('allows exactly the transitions of its table, by the roles it names, and refuses every other pair', () => {
    const allowed: string[] = [];
    for (const from of TALK_STATES)
      for (const to of TALK_STATES)
        for (const role of ROLES) if (mayChangeTalkState(from, to, role)) allowed.push(`${from} → ${to} by ${role}`);
    expect(allowed.sort()).toEqual([...ALLOWED].sort());
  });

  it('changes the state and records who changed it, from what, when and why, in one go', async () => {
    const { db, organiser } = await setUp();
    const talk = await createProposal(db, { eventSlug: 'conf', title: 'Engines', state: 'submitted' });
    const now = new Date('2026-05-01T10:00:00Z');
    const actor = { role: 'organiser', userId: organiser.user.id } as const;
    expect(await changeTalkState(db, talk, 'accepted', actor, { now, reason: 'great' })).toBe(true);
    // Already there: nothing written, nothing recorded.
    expect(await changeTalkState(db, { ...talk, state: 'accepted' }, 'accepted', actor)).toBe(false);
    const [row] = await db.select().from(talks).where(eq(talks.id, talk.id));
    expect([row!.state, row!.stateChangedAt]).toEqual(['accepted', now]);
    const records = await db.select().from(talkStateChanges).orderBy(asc(talkStateChanges.id));
    expect(records.map(({ id: _id, ...record }) => record)).toEqual([
      {
        talkId: talk.id,
        fromState: 'submitted',
        toState: 'accepted',
        actorUserId: organiser.user.id,
        actorRole: 'organiser',
        reason: 'great',
        at: now,
      },
    ]);
  });

  it('refuses an illegal transition with an error carrying its field, writing nothing of the batch', async () => {
    const { db } = await setUp();
    const submitted = await createProposal(db, { eventSlug: 'conf', title: 'One', state: 'submitted' });
    const draft = await createProposal(db, { eventSlug: 'conf', title: 'Two', state: 'draft' });
    const refused = changeTalkStates(db, [submitted, draft], 'withdrawn', IMPORT_ACTOR);
    await expect(refused).rejects.toThrow(new TalkStateError('submitted', 'withdrawn', 'import'));
    await expect(refused).rejects.toMatchObject({
      field: 'state',
      message: 'a talk cannot go from submitted to withdrawn by an import',
    });
    const states = await db.select({ state: talks.state }).from(talks).orderBy(asc(talks.id));
    expect(states.map((t) => t.state)).toEqual(['submitted', 'draft']);
    expect(await db.$count(talkStateChanges)).toBe(0);
  });

  it('records an organiser taking a talk off the program', async () => {
    const { db, organiser } = await setUp();
    const [event] = await db.select().from(events);
    const talk = await createProposal(db, { eventSlug: 'conf', title: 'Engines', state: 'confirmed' });
    await cancelProgramTalk(db, organiser, event!, talk.code);
    const records = await db.select().from(talkStateChanges);
    expect(records.map((r) => [r.talkId, r.fromState, r.toState, r.actorRole, r.actorUserId])).toEqual([
      [talk.id, 'confirmed', 'withdrawn', 'organiser', organiser.user.id],
    ]);
  });
});
