import { and, asc, eq, inArray, notInArray, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { speakers, talkSpeakers, talks, tracks, users, type TalkState } from '../../db/schema.js';
import { InvalidInputError } from '../../shared/errors.js';
import { absolute, links } from '../../shared/links.js';
import { requireOrganiser, type Actor } from '../accounts/index.js';
import { enqueueMail, renderTemplate, validateGroupMail, type MailTemplate } from '../mail/index.js';

/**
 * Mail to a group of speakers: those of the proposals accepted, confirmed or rejected, those of
 * a track's proposals, or speakers picked by hand. The organiser writes one subject and text with
 * the placeholders of the decision mails; each recipient (one per address) gets a draft in the
 * outbox, sent with the other drafts.
 */

export const GROUP_AUDIENCES = ['accepted', 'confirmed', 'rejected', 'track', 'picked'] as const;
export type GroupAudience = (typeof GROUP_AUDIENCES)[number];

/** Proposals that count for a track's group and a picked speaker's {proposal_title}: neither drafts nor withdrawn, nor (for a track) rejected. */
const NOT_LIVE: TalkState[] = ['draft', 'withdrawn'];
const TRACK_STATES: TalkState[] = ['submitted', 'waitlisted', 'accepted', 'confirmed'];

export const MAX_PICKED_SPEAKERS = 1000;

export interface GroupMailInput {
  audience: string;
  /** The track's slug, for the audience 'track'. */
  track?: string | undefined;
  /** Speaker ids, for the audience 'picked'. */
  speakers?: number[] | undefined;
  subject: string;
  body: string;
  /** The address people reach Lectern at, for {proposal_url}. */
  publicUrl: string;
}

export interface GroupMailRecipient {
  name: string;
  email: string;
  /** The titles of the recipient's proposals in the group (for a picked speaker: all their live ones). */
  proposals: string[];
  mail: MailTemplate;
}

export interface GroupMailPlan {
  recipients: GroupMailRecipient[];
  /** Speakers of the group without an account (imported): no address to write to. */
  notMailed: string[];
}

export interface GroupMailChoices {
  tracks: { slug: string; name: string }[];
  /** The event's speakers, by name; those without an address cannot be picked. */
  speakers: { id: number; name: string; email: string | null }[];
}

type GroupEvent = { id: number; name: string; slug: string };

/** What the group mail form offers: the event's tracks and speakers. */
export async function loadGroupMailChoices(
  db: Database,
  actor: Actor | undefined,
  event: GroupEvent,
): Promise<GroupMailChoices> {
  requireOrganiser(actor, event);
  const trackRows = await db
    .select({ slug: tracks.slug, name: tracks.name })
    .from(tracks)
    .where(eq(tracks.eventId, event.id))
    .orderBy(asc(tracks.position), asc(tracks.id));
  const speakerRows = await db
    .select({ id: speakers.id, name: speakers.name, email: users.email })
    .from(speakers)
    .leftJoin(users, eq(users.id, speakers.userId))
    .where(eq(speakers.eventId, event.id))
    .orderBy(asc(speakers.name), asc(speakers.id));
  return { tracks: trackRows, speakers: speakerRows };
}

function requireAudience(value: string): GroupAudience {
  if (!(GROUP_AUDIENCES as readonly string[]).includes(value)) {
    throw new InvalidInputError(`must be one of ${GROUP_AUDIENCES.join(', ')}`, 'audience');
  }
  return value as GroupAudience;
}

interface GroupRow {
  speakerId: number;
  name: string;
  email: string | null;
  code: string | null;
  title: string | null;
}

/** The speakers of the group with their proposals in it, in proposal order. */
async function selectGroup(db: Database, event: GroupEvent, input: GroupMailInput): Promise<GroupRow[]> {
  const audience = requireAudience(input.audience);
  const columns = {
    speakerId: speakers.id,
    name: speakers.name,
    email: users.email,
    code: talks.code,
    title: talks.title,
  };
  if (audience === 'picked') {
    const ids = [...new Set(input.speakers ?? [])];
    if (ids.length === 0) throw new InvalidInputError('choose at least one speaker', 'speakers');
    if (ids.length > MAX_PICKED_SPEAKERS) {
      throw new InvalidInputError(`choose at most ${MAX_PICKED_SPEAKERS} speakers`, 'speakers');
    }
    const rows = await db
      .select(columns)
      .from(speakers)
      .leftJoin(users, eq(users.id, speakers.userId))
      .leftJoin(talkSpeakers, eq(talkSpeakers.speakerId, speakers.id))
      .leftJoin(talks, and(eq(talks.id, talkSpeakers.talkId), notInArray(talks.state, NOT_LIVE)))
      .where(and(eq(speakers.eventId, event.id), inArray(speakers.id, ids)))
      .orderBy(asc(speakers.name), asc(speakers.id), asc(talks.id));
    const found = new Set(rows.map((r) => r.speakerId));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0)
      throw new InvalidInputError(`no speaker ${unknown.join(', ')} at ${event.name}`, 'speakers');
    return rows;
  }
  let condition: SQL;
  if (audience === 'track') {
    const slug = input.track?.trim() ?? '';
    if (slug === '') throw new InvalidInputError('choose a track', 'track');
    const [track] = await db
      .select({ id: tracks.id })
      .from(tracks)
      .where(and(eq(tracks.eventId, event.id), eq(tracks.slug, slug)));
    if (!track) throw new InvalidInputError(`no track "${slug}" at ${event.name}`, 'track');
    condition = and(eq(talks.trackId, track.id), inArray(talks.state, TRACK_STATES))!;
  } else {
    condition = eq(talks.state, audience);
  }
  return db
    .select(columns)
    .from(talks)
    .innerJoin(talkSpeakers, eq(talkSpeakers.talkId, talks.id))
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .leftJoin(users, eq(users.id, speakers.userId))
    .where(and(eq(talks.eventId, event.id), condition))
    .orderBy(asc(talks.id), asc(talkSpeakers.position));
}

async function plan(db: Database, event: GroupEvent, input: GroupMailInput): Promise<GroupMailPlan> {
  const template = { subject: input.subject.trim(), body: input.body.replace(/\r\n/g, '\n').trimEnd() };
  const rows = await selectGroup(db, event, input);
  validateGroupMail(template);
  // One mail per address: a speaker with several proposals, or two profiles of one person, gets one.
  const byAddress = new Map<string, { name: string; email: string; proposals: { code: string; title: string }[] }>();
  const notMailed: string[] = [];
  for (const row of rows) {
    if (!row.email) {
      if (!notMailed.includes(row.name)) notMailed.push(row.name);
      continue;
    }
    const key = row.email.toLowerCase();
    const recipient = byAddress.get(key) ?? { name: row.name, email: row.email, proposals: [] };
    byAddress.set(key, recipient);
    if (row.code && row.title && !recipient.proposals.some((p) => p.code === row.code)) {
      recipient.proposals.push({ code: row.code, title: row.title });
    }
  }
  const recipients = [...byAddress.values()].map((r) => ({
    name: r.name,
    email: r.email,
    proposals: r.proposals.map((p) => p.title),
    mail: renderTemplate(template, {
      speaker_name: r.name,
      proposal_title: r.proposals.map((p) => p.title).join(', '),
      event_name: event.name,
      proposal_url: absolute(
        input.publicUrl,
        r.proposals.length === 1
          ? links.speakerProposal(event.slug, r.proposals[0]!.code)
          : `/${event.slug}/me/proposals`,
      ),
    }),
  }));
  return { recipients, notMailed };
}

/** Who would get the mail, and each mail as its recipient would get it; nothing is written. */
export async function previewGroupMail(
  db: Database,
  actor: Actor | undefined,
  event: GroupEvent,
  input: GroupMailInput,
): Promise<GroupMailPlan> {
  requireOrganiser(actor, event);
  return plan(db, event, input);
}

/**
 * Writes one draft per recipient, all or none, in one transaction. Nothing is sent: the drafts
 * wait in the outbox with the others until an organiser sends them.
 */
export async function draftGroupMail(
  db: Database,
  actor: Actor | undefined,
  event: GroupEvent,
  input: GroupMailInput,
): Promise<GroupMailPlan> {
  requireOrganiser(actor, event);
  return db.transaction(async (tx) => {
    const result = await plan(tx, event, input);
    if (result.recipients.length === 0) {
      throw new InvalidInputError('nobody in this group has an address to write to', 'audience');
    }
    for (const recipient of result.recipients) {
      await enqueueMail(tx, { eventId: event.id, to: recipient.email, ...recipient.mail, draft: true });
    }
    return result;
  });
}
