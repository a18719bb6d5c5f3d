import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailTemplates, outbox, talks, talkStateChanges, type TalkState } from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { createUser } from '../../../test/helpers/site.js';
import { actorOf, createReviewEvent, createReviewTeam, stateOf } from '../../../test/routes/review-fixtures.js';
import { decideProposal, decideProposals } from './decisions.js';

const PUBLIC_URL = 'https://talks.example.org/';

async function setUp() {
  const { db } = await testDatabase();
  const { event } = await createReviewEvent(db);
  const team = await createReviewTeam(db, event.slug, []);
  const ada = await createUser(db, { email: 'ada@example.com', name: 'Ada' });
  const grace = await createUser(db, { email: 'grace@example.com', name: 'Grace' });
  const talk = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Engines',
    speakers: [
      { name: 'Ada Lovelace', userId: ada.id },
      { name: 'Grace Hopper', userId: grace.id },
      { name: 'Imported Person' },
    ],
  });
  return { db, event, team, talk, orga: await actorOf(db, team.orga.id) };
}

async function mails(db: Awaited<ReturnType<typeof setUp>>['db']) {
  return db
    .select({
      to: outbox.recipient,
      subject: outbox.subject,
      body: outbox.body,
      eventId: outbox.eventId,
      status: outbox.status,
    })
    .from(outbox)
    .orderBy(asc(outbox.id));
}

describe('decisions', () => {
  it('accepts a proposal and drafts the rendered template for each speaker with an account, in the same transaction', async () => {
    const { db, event, talk, orga } = await setUp();
    const before = Date.now();
    const outcome = await decideProposal(db, orga, event, {
      code: talk.code,
      decision: 'accept',
      publicUrl: PUBLIC_URL,
    });
    expect(outcome).toEqual({
      code: talk.code,
      title: 'Engines',
      from: 'submitted',
      to: 'accepted',
      changed: true,
      mailed: [
        { name: 'Ada Lovelace', email: 'ada@example.com' },
        { name: 'Grace Hopper', email: 'grace@example.com' },
      ],
      notMailed: [{ name: 'Imported Person' }],
    });
    const after = await stateOf(db, talk.id);
    expect(after.state).toBe('accepted');
    expect(after.stateChangedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const sent = await mails(db);
    expect(sent.map((m) => m.to)).toEqual(['ada@example.com', 'grace@example.com']);
    expect(sent.map((m) => m.status)).toEqual(['draft', 'draft']);
    expect(sent[0]).toEqual({
      to: 'ada@example.com',
      eventId: event.id,
      status: 'draft',
      subject: '[Conf 2030] Your proposal "Engines" was accepted',
      body: `Hello Ada Lovelace,

Good news: your proposal "Engines" for Conf 2030 was accepted.

Please confirm that you will give the talk (or withdraw it, if you cannot) here:
https://talks.example.org/conf-2030/me/proposals/${talk.code}

Your talk joins the program once you confirm.

The Conf 2030 organisers`,
    });
    expect(sent[1]!.body).toContain('Hello Grace Hopper,');
    const records = await db.select().from(talkStateChanges);
    expect(records.map((r) => [r.talkId, r.fromState, r.toState, r.actorRole, r.actorUserId])).toEqual([
      [talk.id, 'submitted', 'accepted', 'organiser', orga.user.id],
    ]);
  });

  it("uses the event's own wording of the mail", async () => {
    const { db, event, talk, orga } = await setUp();
    await db.insert(mailTemplates).values({
      eventId: event.id,
      key: 'proposal-waitlisted',
      subject: 'Wait for {event_name}',
      body: '{speaker_name}: "{proposal_title}" waits. {proposal_url}',
    });
    await decideProposal(db, orga, event, { code: talk.code, decision: 'waitlist', publicUrl: PUBLIC_URL });
    expect((await mails(db))[0]).toEqual({
      to: 'ada@example.com',
      eventId: event.id,
      status: 'draft',
      subject: 'Wait for Conf 2030',
      body: `Ada Lovelace: "Engines" waits. https://talks.example.org/conf-2030/me/proposals/${talk.code}`,
    });
  });

  it('does nothing and mails nobody when the proposal already has that state', async () => {
    const { db, event, talk, orga } = await setUp();
    await decideProposal(db, orga, event, { code: talk.code, decision: 'reject', publicUrl: PUBLIC_URL });
    const first = await stateOf(db, talk.id);
    const again = await decideProposal(db, orga, event, { code: talk.code, decision: 'reject', publicUrl: PUBLIC_URL });
    expect(again).toMatchObject({ changed: false, from: 'rejected', to: 'rejected', mailed: [], notMailed: [] });
    expect((await mails(db)).length).toBe(2);
    expect((await stateOf(db, talk.id)).stateChangedAt).toEqual(first.stateChangedAt);
  });

  it('mails once when the same decision is sent twice at the same time', async () => {
    const { db, event, talk, orga } = await setUp();
    const results = await Promise.all([
      decideProposal(db, orga, event, { code: talk.code, decision: 'accept', publicUrl: PUBLIC_URL }),
      decideProposal(db, orga, event, { code: talk.code, decision: 'accept', publicUrl: PUBLIC_URL }),
    ]);
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect((await mails(db)).length).toBe(2);
  });

  it('follows the allowed transitions and refuses the others', async () => {
    const { db, event, orga } = await setUp();
    const cases: [TalkState, 'accept' | 'reject' | 'waitlist', TalkState | 'refused'][] = [
      ['submitted', 'accept', 'accepted'],
      ['submitted', 'reject', 'rejected'],
      ['submitted', 'waitlist', 'waitlisted'],
      ['waitlisted', 'accept', 'accepted'],
      ['waitlisted', 'reject', 'rejected'],
      ['accepted', 'reject', 'rejected'],
      ['accepted', 'waitlist', 'waitlisted'],
      ['rejected', 'accept', 'accepted'],
      ['rejected', 'waitlist', 'waitlisted'],
      ['confirmed', 'reject', 'refused'],
      ['confirmed', 'waitlist', 'refused'],
      ['withdrawn', 'accept', 'refused'],
    ];
    for (const [from, decision, to] of cases) {
      const talk = await createProposal(db, {
        eventSlug: event.slug,
        title: `From ${from} by ${decision}`,
        state: from,
      });
      const attempt = decideProposal(db, orga, event, { code: talk.code, decision, publicUrl: PUBLIC_URL });
      if (to === 'refused') {
        await expect(attempt).rejects.toThrow(ConflictError);
        expect((await stateOf(db, talk.id)).state).toBe(from);
      } else {
        expect((await attempt).to).toBe(to);
        expect((await stateOf(db, talk.id)).state).toBe(to);
      }
    }
  });

  it('says why a withdrawn proposal cannot be decided', async () => {
    const { db, event, orga } = await setUp();
    const talk = await createProposal(db, { eventSlug: event.slug, title: 'Gone', state: 'withdrawn' });
    await expect(
      decideProposal(db, orga, event, { code: talk.code, decision: 'accept', publicUrl: PUBLIC_URL }),
    ).rejects.toThrow(
      new ConflictError(
        `"Gone" (${talk.code}) is withdrawn and cannot be decided: only submitted, wait-listed, accepted or rejected proposals can.`,
      ),
    );
  });

  it('decides several proposals at once, in the order given', async () => {
    const { db, event, talk, orga } = await setUp();
    const other = await createProposal(db, { eventSlug: event.slug, title: 'Looms', state: 'waitlisted' });
    const outcomes = await decideProposals(db, orga, event, {
      codes: [other.code, talk.code],
      decision: 'accept',
      publicUrl: PUBLIC_URL,
    });
    expect(outcomes.map((o) => [o.code, o.from, o.to, o.changed])).toEqual([
      [other.code, 'waitlisted', 'accepted', true],
      [talk.code, 'submitted', 'accepted', true],
    ]);
    expect(
      (await db.select({ state: talks.state }).from(talks).where(eq(talks.eventId, event.id))).map((t) => t.state),
    ).toEqual(['accepted', 'accepted']);
  });

  it('decides none of several proposals, and mails nobody, when one cannot be decided', async () => {
    const { db, event, talk, orga } = await setUp();
    const withdrawn = await createProposal(db, { eventSlug: event.slug, title: 'Gone', state: 'withdrawn' });
    const attempt = decideProposals(db, orga, event, {
      codes: [talk.code, withdrawn.code],
      decision: 'reject',
      publicUrl: PUBLIC_URL,
    });
    await expect(attempt).rejects.toThrow(ConflictError);
    expect((await stateOf(db, talk.id)).state).toBe('submitted');
    expect(await mails(db)).toEqual([]);
  });

  it('decides none when one code is unknown or a draft', async () => {
    const { db, event, talk, orga } = await setUp();
    const draft = await createProposal(db, { eventSlug: event.slug, title: 'Unfinished', state: 'draft' });
    const attempt = decideProposals(db, orga, event, {
      codes: [talk.code, 'NOPE1234', draft.code],
      decision: 'accept',
      publicUrl: PUBLIC_URL,
    });
    await expect(attempt).rejects.toThrow(
      new InvalidInputError(`no proposal "NOPE1234", "${draft.code}" at Conf 2030`, 'proposals'),
    );
    expect((await stateOf(db, talk.id)).state).toBe('submitted');
    await expect(
      decideProposal(db, orga, event, { code: 'NOPE1234', decision: 'accept', publicUrl: PUBLIC_URL }),
    ).rejects.toThrow(NotFoundError);
  });

  it('refuses an empty choice and an unknown decision', async () => {
    const { db, event, talk, orga } = await setUp();
    await expect(
      decideProposals(db, orga, event, { codes: [' '], decision: 'accept', publicUrl: PUBLIC_URL }),
    ).rejects.toThrow(new InvalidInputError('choose at least one proposal', 'proposals'));
    await expect(
      decideProposals(db, orga, event, { codes: [talk.code], decision: 'confirm', publicUrl: PUBLIC_URL }),
    ).rejects.toThrow(new InvalidInputError('must be one of accept, reject, waitlist', 'decision'));
  });

  it('lets only organisers of the event decide', async () => {
    const { db, event, team, talk } = await setUp();
    for (const user of [team.rita, team.speaker, team.stranger]) {
      const attempt = decideProposal(db, await actorOf(db, user.id), event, {
        code: talk.code,
        decision: 'accept',
        publicUrl: PUBLIC_URL,
      });
      await expect(attempt).rejects.toThrow(new ForbiddenError('Only organisers of Conf 2030 may do this.'));
    }
    expect((await stateOf(db, talk.id)).state).toBe('submitted');
  });
});
