import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { speakers, talkSpeakers, talks, users } from '../../db/schema.js';
import { absolute, links } from '../../shared/links.js';
import { enqueueMail, loadTemplate, renderTemplate } from '../mail/index.js';
import { formatRange } from './days.js';
import type { ChangePlace, ReleasedSchedule, ScheduleChange } from './release-snapshot.js';

/**
 * What a release tells speakers (pretalx: "notify speakers" on the release form): each speaker
 * whose talks it placed, moved, took off the schedule or cancelled gets one mail for the release,
 * listing every change of theirs, in the event's time zone, each with its link. The event's first
 * release sends the "talk scheduled" mail, later ones "schedule changed"; speakers whose talks did
 * not change get nothing. The mails are queued (not drafts) in the release's transaction: the
 * organiser chose to notify on the release form, which is the look a draft would give.
 */

export interface SpeakerNotices {
  /** Mails queued: one per address. */
  mailed: number;
  /** Speakers with a change but no address (imported, without an account): nobody to write to. */
  withoutAddress: number;
}

export interface NoticeEvent {
  id: number;
  slug: string;
  name: string;
  timezone: string;
  published: boolean;
}

interface TalkChange {
  talkId: number;
  change: ScheduleChange;
}

const LINE_KIND: Record<ScheduleChange['kind'], string> = {
  added: 'Scheduled',
  moved: 'Moved',
  removed: 'Taken off the schedule',
  cancelled: 'Cancelled',
};

function place(at: ChangePlace, zone: string): string {
  return `${formatRange(new Date(at.start), new Date(at.end), zone)}, ${at.room}`;
}

/** One talk's line of {schedule_changes}: what happened to it and where it is (or was). */
export function noticeLine(change: ScheduleChange, zone: string): string {
  const title = `“${change.title}”`;
  switch (change.kind) {
    case 'added':
      return `${LINE_KIND.added}: ${title}, ${place(change.after!, zone)}`;
    case 'moved':
      return `${LINE_KIND.moved}: ${title}, from ${place(change.before!, zone)} to ${place(change.after!, zone)}`;
    case 'removed':
      return `${LINE_KIND.removed}: ${title} (it was ${place(change.before!, zone)}); it stays on the program`;
    case 'cancelled':
      return `${LINE_KIND.cancelled}: ${title} (it was ${place(change.before!, zone)}); it is no longer on the program`;
  }
}

/** The talks among the changes, each with its talk's id (from the snapshot that holds it). */
function talkChanges(
  previous: ReleasedSchedule | undefined,
  next: ReleasedSchedule,
  changes: ScheduleChange[],
): TalkChange[] {
  const talkIds = new Map<string, number>();
  for (const slot of [...(previous?.slots ?? []), ...next.slots]) {
    if (slot.kind === 'talk' && slot.talkId !== null) talkIds.set(slot.guid, slot.talkId);
  }
  const found: TalkChange[] = [];
  for (const change of changes) {
    const talkId = change.slotKind === 'talk' ? talkIds.get(change.guid) : undefined;
    if (talkId !== undefined) found.push({ talkId, change });
  }
  return found;
}

/**
 * Queues the release's mails to speakers in the caller's transaction (the release's): if the
 * release rolls back, no mail is left. Co-speakers each get their own; a person is one address.
 */
export async function queueSpeakerNotices(
  tx: Database,
  event: NoticeEvent,
  release: {
    version: string;
    previous: ReleasedSchedule | undefined;
    next: ReleasedSchedule;
    changes: ScheduleChange[];
  },
  publicUrl: string,
): Promise<SpeakerNotices> {
  const changed = talkChanges(release.previous, release.next, release.changes);
  if (changed.length === 0) return { mailed: 0, withoutAddress: 0 };
  const rows = await tx
    .select({
      talkId: talkSpeakers.talkId,
      code: talks.code,
      slug: talks.slug,
      state: talks.state,
      speakerId: speakers.id,
      name: speakers.name,
      email: users.email,
    })
    .from(talkSpeakers)
    .innerJoin(talks, eq(talks.id, talkSpeakers.talkId))
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .leftJoin(users, eq(users.id, speakers.userId))
    .where(
      inArray(
        talkSpeakers.talkId,
        changed.map((c) => c.talkId),
      ),
    )
    .orderBy(asc(talkSpeakers.talkId), asc(talkSpeakers.position));
  const zone = event.timezone;
  const recipients = new Map<string, { name: string; email: string; lines: string[] }>();
  const withoutAddress = new Set<number>();
  // In the changelog's order: the new schedule's, then what left it.
  for (const { talkId, change } of changed) {
    for (const speaker of rows.filter((row) => row.talkId === talkId)) {
      if (!speaker.email) {
        withoutAddress.add(speaker.speakerId);
        continue;
      }
      const key = speaker.email.toLowerCase();
      const recipient = recipients.get(key) ?? { name: speaker.name, email: speaker.email, lines: [] };
      recipients.set(key, recipient);
      // A talk on the published program links to its public page; one off it (or an unpublished
      // event's) to the speaker's own page of it, which they can always open.
      const link =
        event.published && speaker.state === 'confirmed'
          ? links.publicTalk(event.slug, speaker.slug)
          : links.speakerProposal(event.slug, speaker.code);
      recipient.lines.push(noticeLine(change, zone), `  ${absolute(publicUrl, link)}`);
    }
  }
  if (recipients.size > 0) {
    const template = await loadTemplate(tx, event.id, release.previous ? 'schedule-changed' : 'talk-scheduled');
    for (const recipient of recipients.values()) {
      const mail = renderTemplate(template, {
        speaker_name: recipient.name,
        event_name: event.name,
        release_version: release.version,
        schedule_changes: [...recipient.lines, '', `Times are in the event’s time zone, ${zone}.`].join('\n'),
        schedule_url: absolute(publicUrl, links.publicSchedule(event.slug)),
      });
      await enqueueMail(tx, { eventId: event.id, to: recipient.email, subject: mail.subject, body: mail.body });
    }
  }
  return { mailed: recipients.size, withoutAddress: withoutAddress.size };
}
