import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { eventDays, events, rooms, scheduleReleases, scheduleSlots, talks } from '../../db/schema.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { notifyProgramChanged } from '../program/index.js';
import { enqueueWebhook } from '../webhooks/index.js';
import { diffReleases } from './changelog.js';
import { requireScheduleOrganiser } from './policy.js';
import type { ReleasedSchedule, ReleasedSlot, ScheduleChange } from './release-snapshot.js';
import { queueSpeakerNotices, type SpeakerNotices } from './speaker-notices.js';

export interface ScheduleEventRef {
  id: number;
  slug: string;
  name: string;
}

export interface ReleaseInput {
  /** Empty: the next free number ("1", "2", …). */
  version?: string | undefined;
  comment?: string | undefined;
  /**
   * Mail each speaker whose talks the release changes (see speaker-notices.ts), queued in the
   * release's transaction. The release form ticks it by default, as pretalx does; importers and
   * callers that leave it out notify nobody.
   */
  notifySpeakers?: boolean | undefined;
  /** The address people reach Lectern at, for the links in those mails; needed to notify. */
  publicUrl?: string | undefined;
}

export interface ReleaseSummary {
  id: number;
  version: string;
  comment: string;
  releasedAt: Date;
  changes: ScheduleChange[];
}

export interface ReleaseOutcome extends ReleaseSummary {
  /** What the speakers were told; undefined when the release notified nobody. */
  notices: SpeakerNotices | undefined;
}

const MAX_VERSION_LENGTH = 60;
const MAX_COMMENT_LENGTH = 2000;

/**
 * Releases the event's work-in-progress schedule: stamps an immutable copy with a version name
 * and the changelog against the release before, in one transaction, and tells every app
 * instance (the public pages and exports switch to it when it commits). The organisers' entry.
 */
export async function releaseSchedule(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEventRef,
  input: ReleaseInput,
): Promise<ReleaseOutcome> {
  const signedIn = requireScheduleOrganiser(actor, event);
  return db.transaction((tx) => releaseScheduleWithin(tx, event, input, signedIn.user.id, { refuseUnchanged: true }));
}

/**
 * Whether two schedules would show the same: compared field by field, since a stored snapshot
 * comes back from jsonb with its keys in another order.
 */
function sameSchedule(a: ReleasedSchedule, b: ReleasedSchedule): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The release itself, inside the caller's transaction: for importers, which release what they
 * imported in the same transaction, and for releaseSchedule once it has checked who asks.
 */
export async function releaseScheduleWithin(
  tx: Database,
  event: ScheduleEventRef,
  input: ReleaseInput,
  releasedBy: number | null,
  options: {
    /**
     * Refuse a release that would publish what the public already sees: the latest release
     * unchanged or, before the first, an empty schedule. Organisers get this; importers,
     * which release what they imported, do not.
     */
    refuseUnchanged?: boolean;
  } = {},
): Promise<ReleaseOutcome> {
  if (input.notifySpeakers && !input.publicUrl) throw new Error('notifySpeakers needs publicUrl, for the links');
  // One release at a time per event: the row lock orders concurrent releases, so each diffs
  // against the one committed before it and version names cannot race.
  const [locked] = await tx
    .select({ id: events.id, timezone: events.timezone, name: events.name, published: events.published })
    .from(events)
    .where(eq(events.id, event.id))
    .for('update');
  if (!locked) throw new NotFoundError(`There is no event "${event.slug}".`);

  const comment = (input.comment ?? '').trim();
  if (comment.length > MAX_COMMENT_LENGTH) {
    throw new InvalidInputError(`is ${comment.length} characters long; at most ${MAX_COMMENT_LENGTH} fit`, 'comment');
  }
  const previous = await latestRelease(tx, event.id);
  const version = await chooseVersion(tx, event.id, input.version);
  const snapshot = await snapshotWorkInProgress(tx, event.id, locked.timezone);
  if (options.refuseUnchanged) {
    if (previous && sameSchedule(previous.snapshot, snapshot)) {
      throw new ConflictError(
        `Nothing changed since release ${previous.version}: the public already sees this schedule.`,
      );
    }
    if (!previous && snapshot.slots.length === 0) {
      throw new ConflictError('Nothing to release: no talk or break is on the schedule yet.');
    }
  }
  const onProgram = await confirmedTalkIds(tx, event.id);
  const changes = diffReleases(previous?.snapshot, snapshot, (talkId) => onProgram.has(talkId));
  const [row] = await tx
    .insert(scheduleReleases)
    .values({ eventId: event.id, version, comment, releasedBy, snapshot, changes })
    .returning({ id: scheduleReleases.id, releasedAt: scheduleReleases.releasedAt });
  const notices = input.notifySpeakers
    ? await queueSpeakerNotices(
        tx,
        { id: event.id, slug: event.slug, name: locked.name, timezone: locked.timezone, published: locked.published },
        { version, previous: previous?.snapshot, next: snapshot, changes },
        input.publicUrl!,
      )
    : undefined;
  await notifyProgramChanged(tx, event.slug);
  await enqueueWebhook(tx, {
    eventId: event.id,
    type: 'release.published',
    data: {
      release: {
        id: row!.id,
        version,
        comment,
        released_at: row!.releasedAt.toISOString(),
        changes: changes.length,
      },
      // The exports' addresses (their files always serve the latest release).
      links: {
        schedule: `/${event.slug}/schedule`,
        changelog: `/${event.slug}/changelog`,
        frab_xml: `/${event.slug}/schedule.xml`,
        c3voc_json: `/${event.slug}/schedule.json`,
        ical: `/${event.slug}/schedule.ics`,
        api: `/api/events/${event.slug}/schedule`,
      },
    },
  });
  return { id: row!.id, version, comment, releasedAt: row!.releasedAt, changes, notices };
}

async function chooseVersion(tx: Database, eventId: number, wanted: string | undefined): Promise<string> {
  const taken = new Set(
    (
      await tx
        .select({ version: scheduleReleases.version })
        .from(scheduleReleases)
        .where(eq(scheduleReleases.eventId, eventId))
    ).map((r) => r.version),
  );
  const version = (wanted ?? '').trim();
  if (version === '') {
    let next = taken.size + 1;
    while (taken.has(String(next))) next++;
    return String(next);
  }
  if (version.length > MAX_VERSION_LENGTH) {
    throw new InvalidInputError(`is ${version.length} characters long; at most ${MAX_VERSION_LENGTH} fit`, 'version');
  }
  if (/[\u0000-\u001f\u007f]/.test(version))
    throw new InvalidInputError('may not contain control characters', 'version');
  if (taken.has(version)) {
    throw new InvalidInputError(`"${version}" was already released; a release needs a new version name`, 'version');
  }
  return version;
}

async function confirmedTalkIds(tx: Database, eventId: number): Promise<Set<number>> {
  const rows = await tx
    .select({ id: talks.id })
    .from(talks)
    .where(and(eq(talks.eventId, eventId), eq(talks.state, 'confirmed')));
  return new Set(rows.map((r) => r.id));
}

/**
 * The work-in-progress schedule as a release would copy it. Only talks on the program
 * (confirmed) are released; a placed talk that was withdrawn since stays out.
 */
export async function snapshotWorkInProgress(
  tx: Database,
  eventId: number,
  timezone: string,
): Promise<ReleasedSchedule> {
  // One after another: a transaction is one connection, and node-postgres deprecates queuing on it.
  const roomRows = await tx
    .select()
    .from(rooms)
    .where(eq(rooms.eventId, eventId))
    .orderBy(asc(rooms.position), asc(rooms.id));
  const dayRows = await tx
    .select()
    .from(eventDays)
    .where(eq(eventDays.eventId, eventId))
    .orderBy(asc(eventDays.startsAt));
  const slotRows = await tx
    .select({
      guid: scheduleSlots.guid,
      kind: scheduleSlots.kind,
      title: scheduleSlots.title,
      roomId: scheduleSlots.roomId,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
      talkId: talks.id,
      talkGuid: talks.guid,
      talkSlug: talks.slug,
      talkTitle: talks.title,
      talkState: talks.state,
    })
    .from(scheduleSlots)
    .leftJoin(talks, eq(talks.id, scheduleSlots.talkId))
    .where(eq(scheduleSlots.eventId, eventId));
  const roomOrder = new Map(roomRows.map((r) => [r.id, r.position]));
  const slots: ReleasedSlot[] = [];
  for (const row of slotRows) {
    if (row.kind === 'talk' && row.talkState !== 'confirmed') continue;
    slots.push({
      guid: row.kind === 'talk' ? row.talkGuid! : row.guid,
      kind: row.kind,
      talkId: row.kind === 'talk' ? row.talkId : null,
      talkSlug: row.kind === 'talk' ? row.talkSlug : null,
      title: row.kind === 'talk' ? row.talkTitle! : row.title,
      roomId: row.roomId,
      start: row.startsAt.toISOString(),
      end: row.endsAt.toISOString(),
    });
  }
  slots.sort(
    (a, b) =>
      a.start.localeCompare(b.start) ||
      (a.roomId === null ? -1 : (roomOrder.get(a.roomId) ?? 0)) -
        (b.roomId === null ? -1 : (roomOrder.get(b.roomId) ?? 0)) ||
      a.guid.localeCompare(b.guid),
  );
  return {
    timezone,
    rooms: roomRows.map((r) => ({
      id: r.id,
      guid: r.guid,
      slug: r.slug,
      name: r.name,
      description: r.description,
      capacity: r.capacity,
      position: r.position,
    })),
    days: dayRows.map((d) => ({ date: d.date, start: d.startsAt.toISOString(), end: d.endsAt.toISOString() })),
    slots,
  };
}

export interface StoredRelease extends ReleaseSummary {
  snapshot: ReleasedSchedule;
}

/** The event's latest release, snapshot included; undefined before the first. */
export async function latestRelease(db: Database, eventId: number): Promise<StoredRelease | undefined> {
  const [row] = await db
    .select()
    .from(scheduleReleases)
    .where(eq(scheduleReleases.eventId, eventId))
    .orderBy(desc(scheduleReleases.id))
    .limit(1);
  return row ? toStored(row) : undefined;
}

/**
 * Whether the event's latest release shows the talk: what a speaker withdrawing it takes off the
 * published schedule. Asked of the stored snapshot without reading it whole.
 */
export async function isTalkReleased(db: Database, eventId: number, talkId: number): Promise<boolean> {
  const [row] = await db
    .select({
      shown: sql<boolean>`(${scheduleReleases.snapshot} -> 'slots') @> jsonb_build_array(jsonb_build_object('talkId', ${talkId}::int))`,
    })
    .from(scheduleReleases)
    .where(eq(scheduleReleases.eventId, eventId))
    .orderBy(desc(scheduleReleases.id))
    .limit(1);
  return row?.shown ?? false;
}

/** Every release of the event, newest first, without their snapshots. */
export async function listReleases(db: Database, eventId: number): Promise<ReleaseSummary[]> {
  const rows = await db
    .select({
      id: scheduleReleases.id,
      version: scheduleReleases.version,
      comment: scheduleReleases.comment,
      releasedAt: scheduleReleases.releasedAt,
      changes: scheduleReleases.changes,
    })
    .from(scheduleReleases)
    .where(eq(scheduleReleases.eventId, eventId))
    .orderBy(desc(scheduleReleases.id));
  return rows.map((r) => ({ ...r, changes: r.changes as ScheduleChange[] }));
}

function toStored(row: typeof scheduleReleases.$inferSelect): StoredRelease {
  return {
    id: row.id,
    version: row.version,
    comment: row.comment,
    releasedAt: row.releasedAt,
    changes: row.changes as ScheduleChange[],
    snapshot: row.snapshot as ReleasedSchedule,
  };
}

/** How many talks on the program the work-in-progress schedule has yet to place. */
export async function countUnplacedTalks(db: Database, eventId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(talks)
    .leftJoin(scheduleSlots, eq(scheduleSlots.talkId, talks.id))
    .where(and(eq(talks.eventId, eventId), eq(talks.state, 'confirmed'), sql`${scheduleSlots.id} is null`));
  return row?.n ?? 0;
}
