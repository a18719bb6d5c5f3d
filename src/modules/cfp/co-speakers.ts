import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sessionTypes, speakerInvitations, speakers, talkSpeakers, talks, users } from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { absolute, links } from '../../shared/links.js';
import { formatInZone } from '../../shared/time.js';
import { hashToken, newToken } from '../../shared/tokens.js';
import { normaliseEmail, requireActor, type Actor } from '../accounts/index.js';
import { enqueueMail } from '../mail/index.js';
import { notifyProgramChanged, refreshTalkSearch, type EventRecord } from '../program/index.js';
import { joinProblem, requireCanInvite, requireProposalSpeaker } from './policy.js';
import { findProposal, speakerLimitProblem } from './proposals.js';
import { defaultSpeakerName, findSpeakerProfile, saveProfileRow } from './speaker-profile.js';

/**
 * Co-speakers: a speaker invites someone by mail; the invitee follows the link, logs in (or signs
 * up) with the address the invitation was sent to, accepts, and becomes a speaker of the proposal
 * with a speaker profile of their own. The link alone lets its holder see the invitation and
 * decline it, signed in or not.
 */

export const INVITATION_DAYS = 7;
/** Enough for any panel, few enough that nobody uses the form to send mail to strangers. */
export const MAX_PENDING_INVITATIONS = 5;

export interface InviteOptions {
  publicUrl: string;
  now?: Date;
}

/** The session type's name and speaker limit, for the co-speaker limit; undefined for none. */
async function sessionTypeOf(
  tx: Database,
  sessionTypeId: number | null,
): Promise<{ name: string; maxSpeakers: number | null } | undefined> {
  if (sessionTypeId === null) return undefined;
  const [type] = await tx
    .select({ name: sessionTypes.name, maxSpeakers: sessionTypes.maxSpeakers })
    .from(sessionTypes)
    .where(eq(sessionTypes.id, sessionTypeId));
  return type;
}

/**
 * Invites a co-speaker by mail: the invitation and its mail are written together. The proposal's
 * session type may limit its speakers: open invitations count, so that accepting them all fits.
 */
export async function inviteCoSpeaker(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  code: string,
  emailInput: string,
  options: InviteOptions,
): Promise<{ email: string }> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const { talk, access } = await findProposal(tx, event, code, true);
    const signedIn = requireCanInvite(actor, event, access, now);
    const email = normaliseEmail(emailInput, 'email');
    if (email === signedIn.user.email)
      throw new InvalidInputError('this is your own address: you are already a speaker', 'email');
    const [alreadySpeaker] = await tx
      .select({ id: speakers.id })
      .from(talkSpeakers)
      .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
      .innerJoin(users, eq(users.id, speakers.userId))
      .where(and(eq(talkSpeakers.talkId, talk.id), eq(users.email, email)));
    if (alreadySpeaker) throw new InvalidInputError(`${email} is already a speaker of this proposal`, 'email');
    const pending = await tx
      .select({ email: speakerInvitations.email })
      .from(speakerInvitations)
      .where(
        and(
          eq(speakerInvitations.talkId, talk.id),
          isNull(speakerInvitations.acceptedAt),
          isNull(speakerInvitations.declinedAt),
          gt(speakerInvitations.expiresAt, now),
        ),
      );
    if (pending.some((p) => p.email === email)) {
      throw new InvalidInputError(
        `${email} is already invited; remove that invitation first to send a new one`,
        'email',
      );
    }
    if (pending.length >= MAX_PENDING_INVITATIONS) {
      throw new InvalidInputError(
        `a proposal can have at most ${MAX_PENDING_INVITATIONS} open invitations; remove one first`,
        'email',
      );
    }
    const type = await sessionTypeOf(tx, talk.sessionTypeId);
    const limit = type && speakerLimitProblem(type, access.speakerIds.length + pending.length + 1);
    if (limit) {
      throw new InvalidInputError(
        `${limit}: this proposal has ${access.speakerIds.length} and ${pending.length} open invitation${pending.length === 1 ? '' : 's'}`,
        'email',
      );
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
    await tx
      .insert(speakerInvitations)
      .values({ talkId: talk.id, email, tokenHash: hashToken(token), invitedBy: signedIn.user.id, expiresAt });
    const inviter = (await findSpeakerProfile(tx, event.id, signedIn.user.id))?.name ?? signedIn.user.name;
    await enqueueMail(tx, {
      eventId: event.id,
      to: email,
      // The link makes whoever follows it a speaker: the back office does not show it.
      sensitive: true,
      subject: `[${event.name}] ${inviter} invites you to speak with them`,
      body: `Hello,

${inviter} invites you to be a co-speaker of "${talk.title}", a talk proposed to ${event.name}.

To accept, open this link, log in or create an account with this address (${email}), and confirm:
${absolute(options.publicUrl, links.speakerInvitation(event.slug, token))}

The link works until ${formatInZone(expiresAt, event.timezone)}. The same page lets you decline. If you do not know ${inviter}, ignore this mail.

The ${event.name} organisers`,
    });
    return { email };
  });
}

/** Removes a pending invitation; its link stops working. */
export async function cancelInvitation(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  code: string,
  invitationId: number,
): Promise<{ email: string }> {
  return db.transaction(async (tx) => {
    const { talk, access } = await findProposal(tx, event, code, true);
    requireProposalSpeaker(actor, event, access);
    const [removed] = await tx
      .delete(speakerInvitations)
      .where(
        and(
          eq(speakerInvitations.id, invitationId),
          eq(speakerInvitations.talkId, talk.id),
          isNull(speakerInvitations.acceptedAt),
        ),
      )
      .returning({ email: speakerInvitations.email });
    if (!removed) throw new NotFoundError('There is no such pending invitation on this proposal.');
    return removed;
  });
}

export type InvitationStatus = 'valid' | 'expired' | 'accepted' | 'declined' | 'closed';

export interface InvitationView {
  status: InvitationStatus;
  /** Why it cannot be accepted, in words; undefined when it can. */
  problem: string | undefined;
  /** The address it was sent to, partly hidden (a***@example.com): whoever holds the link may read it. */
  maskedEmail: string;
  proposal: { code: string; title: string };
  invitedBy: string;
  /** The viewer already speaks on this proposal. */
  alreadySpeaker: boolean;
  /**
   * Whether the signed-in viewer's address is the one it was sent to; undefined when nobody is
   * signed in. Only its owner can accept it.
   */
  forViewer: boolean | undefined;
}

/** An address with its local part hidden but for its first letter: a***@example.com. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** The invitation's address is the signed-in person's (addresses are stored lower-cased). */
function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function notYoursMessage(email: string): string {
  return `This invitation is for ${maskEmail(email)}, and you are logged in with another address. Log out, then log in or sign up with the address the invitation was sent to.`;
}

const UNKNOWN =
  'This invitation link is not valid: it may be mistyped, or the invitation was removed. Ask the speaker who invited you to send a new one.';

async function findInvitation(db: Database, event: EventRecord, token: string, lock: boolean) {
  const query = db
    .select({
      id: speakerInvitations.id,
      email: speakerInvitations.email,
      expiresAt: speakerInvitations.expiresAt,
      acceptedAt: speakerInvitations.acceptedAt,
      declinedAt: speakerInvitations.declinedAt,
      invitedBy: speakerInvitations.invitedBy,
      talkId: talks.id,
      code: talks.code,
      title: talks.title,
      state: talks.state,
      sessionTypeId: talks.sessionTypeId,
    })
    .from(speakerInvitations)
    .innerJoin(talks, eq(talks.id, speakerInvitations.talkId))
    .where(and(eq(speakerInvitations.tokenHash, hashToken(token)), eq(talks.eventId, event.id)));
  const [row] = lock ? await query.for('update', { of: speakerInvitations }) : await query;
  if (!row) throw new NotFoundError(UNKNOWN);
  return row;
}

function invitationProblem(
  event: EventRecord,
  row: {
    expiresAt: Date;
    acceptedAt: Date | null;
    declinedAt: Date | null;
    state: Parameters<typeof joinProblem>[0]['state'];
  },
  now: Date,
): { status: InvitationStatus; problem: string | undefined } {
  if (row.declinedAt)
    return {
      status: 'declined',
      problem:
        'This invitation was declined. If you changed your mind, ask the speaker who invited you to send a new one.',
    };
  if (row.acceptedAt)
    return {
      status: 'accepted',
      problem: 'This invitation was already accepted: each link works once. Log in with the account that accepted it.',
    };
  if (row.expiresAt <= now) {
    return {
      status: 'expired',
      problem: `This invitation expired on ${formatInZone(row.expiresAt, event.timezone)}. Ask the speaker who invited you to send a new one.`,
    };
  }
  const closed = joinProblem(row);
  if (closed) return { status: 'closed', problem: closed };
  return { status: 'valid', problem: undefined };
}

/** The name of whoever sent the invitation, as they speak at the event. */
async function inviterName(db: Database, event: EventRecord, userId: number | null): Promise<string> {
  const [inviter] = userId
    ? await db
        .select({ name: sql<string>`coalesce(${speakers.name}, ${users.name})`, email: users.email })
        .from(users)
        .leftJoin(speakers, and(eq(speakers.userId, users.id), eq(speakers.eventId, event.id)))
        .where(eq(users.id, userId))
    : [];
  return inviter?.name || 'A speaker';
}

/**
 * What the invitation page shows to whoever opened the link, signed in or not: the link is the
 * right to see it (and to decline it). Unknown links: 404.
 */
export async function peekInvitation(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  token: string,
  now = new Date(),
): Promise<InvitationView> {
  const row = await findInvitation(db, event, token, false);
  const base = {
    ...invitationProblem(event, row, now),
    maskedEmail: maskEmail(row.email),
    proposal: { code: row.code, title: row.title },
    invitedBy: await inviterName(db, event, row.invitedBy),
  };
  if (!actor) return { ...base, alreadySpeaker: false, forViewer: undefined };
  const signedIn = requireActor(actor);
  const profile = await findSpeakerProfile(db, event.id, signedIn.user.id);
  const alreadySpeaker = profile
    ? (
        await db
          .select({ talkId: talkSpeakers.talkId })
          .from(talkSpeakers)
          .where(and(eq(talkSpeakers.talkId, row.talkId), eq(talkSpeakers.speakerId, profile.id)))
      ).length > 0
    : false;
  return { ...base, alreadySpeaker, forViewer: sameAddress(row.email, signedIn.user.email) };
}

/**
 * The signed-in person joins the proposal as co-speaker, with a speaker profile of their own
 * (made from their account's name if they have none at the event). The link works once, and only
 * for the owner of the address it was sent to: their account's verified address must be it.
 */
export async function acceptInvitation(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  token: string,
  now = new Date(),
): Promise<{ code: string; title: string; needsBiography: boolean }> {
  const signedIn = requireActor(actor);
  return db.transaction(async (tx) => {
    const row = await findInvitation(tx, event, token, true);
    const { problem } = invitationProblem(event, row, now);
    if (problem) throw new ConflictError(problem);
    const [account] = await tx
      .select({ email: users.email, emailVerifiedAt: users.emailVerifiedAt })
      .from(users)
      .where(eq(users.id, signedIn.user.id));
    if (!account?.emailVerifiedAt || !sameAddress(account.email, row.email))
      throw new ForbiddenError(notYoursMessage(row.email));
    const profile =
      (await findSpeakerProfile(tx, event.id, signedIn.user.id)) ??
      (await saveProfileRow(tx, event.id, signedIn.user.id, {
        name: defaultSpeakerName(signedIn.user),
        biography: '',
      }));
    const [last] = await tx
      .select({
        position: sql<number>`coalesce(max(${talkSpeakers.position}), 0)::int`,
        speakers: sql<number>`count(*)::int`,
      })
      .from(talkSpeakers)
      .where(eq(talkSpeakers.talkId, row.talkId));
    // The type may have changed since the invitation was sent.
    const type = await sessionTypeOf(tx, row.sessionTypeId);
    const limit = type && speakerLimitProblem(type, (last?.speakers ?? 0) + 1);
    if (limit)
      throw new ConflictError(`${limit}, and this proposal has ${last?.speakers ?? 0}: it has no room for you.`);
    await tx
      .insert(talkSpeakers)
      .values({ talkId: row.talkId, speakerId: profile.id, position: (last?.position ?? 0) + 1 })
      .onConflictDoNothing();
    await tx.update(speakerInvitations).set({ acceptedAt: now }).where(eq(speakerInvitations.id, row.id));
    if (row.state === 'confirmed') {
      await refreshTalkSearch(tx, event.id, [row.talkId]);
      await notifyProgramChanged(tx, event.slug);
    }
    return { code: row.code, title: row.title, needsBiography: profile.biography.trim() === '' };
  });
}

/**
 * The invitee says no. Whoever holds the link may: it went to the invitee's address, and declining
 * gives nothing away. The inviter is told by mail. An invitation declined, accepted or expired
 * cannot be declined (again).
 */
export async function declineInvitation(
  db: Database,
  event: EventRecord,
  token: string,
  options: InviteOptions,
): Promise<{ title: string }> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await findInvitation(tx, event, token, true);
    const { status, problem } = invitationProblem(event, row, now);
    // A proposal closed to new speakers can still be declined: it tells the inviter.
    if (problem && status !== 'closed') throw new ConflictError(problem);
    await tx.update(speakerInvitations).set({ declinedAt: now }).where(eq(speakerInvitations.id, row.id));
    const [inviter] = row.invitedBy
      ? await tx.select({ email: users.email }).from(users).where(eq(users.id, row.invitedBy))
      : [];
    if (inviter) {
      await enqueueMail(tx, {
        eventId: event.id,
        to: inviter.email,
        subject: `[${event.name}] ${row.email} declined your invitation`,
        body: `Hello,

${row.email} declined your invitation to be a co-speaker of "${row.title}" at ${event.name}.

You can invite someone else from your proposal's page:
${absolute(options.publicUrl, links.speakerProposal(event.slug, row.code))}

The ${event.name} organisers`,
      });
    }
    return { title: row.title };
  });
}
