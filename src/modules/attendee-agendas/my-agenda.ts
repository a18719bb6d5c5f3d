import type { DayView, EventProgram, SlotView, TalkView } from '../agenda/index.js';
import type { ChangePlace, ScheduleChangeKind } from '../schedule/index.js';

/**
 * "My agenda": the starred talks of one event laid out by day and time, the clashes among
 * them, and what the latest release changed about each. Built from the in-memory program
 * alone, so the page that shows it needs no database query.
 */

/** What the latest release did to a talk; absent when it did nothing, or was the first release. */
export interface AgendaChange {
  kind: ScheduleChangeKind;
  version: string;
  before: ChangePlace | null;
  after: ChangePlace | null;
}

export interface AgendaEntry {
  slug: string;
  /** As the program has it now; undefined for a talk that has left the program. */
  talk: TalkView | undefined;
  /** The changelog's title, for a talk no longer on the program. */
  title: string;
  slot: SlotView | undefined;
  change: AgendaChange | undefined;
}

/** Starred talks that overlap in time: the attendee has to choose one. */
export interface AgendaClash {
  start: Date;
  entries: AgendaEntry[];
}

export interface AgendaDay {
  day: DayView;
  entries: AgendaEntry[];
  clashes: AgendaClash[];
}

export interface MyAgenda {
  days: AgendaDay[];
  /** On the program but not in the released schedule (or no schedule released yet). */
  unscheduled: AgendaEntry[];
  /** Taken off the program (cancelled) or the schedule by the latest release. */
  dropped: AgendaEntry[];
}

function latestChanges(program: EventProgram): Map<string, AgendaChange> {
  const changes = new Map<string, AgendaChange>();
  const [latest] = program.releases;
  // The first release adds everything: nothing about it is news to an attendee.
  if (!latest || program.releases.length < 2) return changes;
  for (const change of latest.changes) {
    if (change.talkSlug === null || change.slotKind !== 'talk') continue;
    changes.set(change.talkSlug, {
      kind: change.kind,
      version: latest.version,
      before: change.before,
      after: change.after,
    });
  }
  return changes;
}

/**
 * Groups of entries whose times overlap, in the order of their starts: a talk 10:00–11:00 and
 * one at 10:30 clash, one ending at 10:30 and one starting then do not.
 */
export function findClashes(entries: AgendaEntry[]): AgendaClash[] {
  const timed = entries
    .filter((e): e is AgendaEntry & { slot: SlotView } => e.slot !== undefined)
    .sort((a, b) => a.slot.start.getTime() - b.slot.start.getTime());
  const clashes: AgendaClash[] = [];
  let group: AgendaEntry[] = [];
  let groupEnd = 0;
  for (const entry of timed) {
    if (group.length > 0 && entry.slot.start.getTime() < groupEnd) {
      group.push(entry);
      groupEnd = Math.max(groupEnd, entry.slot.end.getTime());
      continue;
    }
    if (group.length > 1) clashes.push({ start: group[0]!.slot!.start, entries: group });
    group = [entry];
    groupEnd = entry.slot.end.getTime();
  }
  if (group.length > 1) clashes.push({ start: group[0]!.slot!.start, entries: group });
  return clashes;
}

/**
 * The agenda of the given talk slugs, or of every talk (`undefined`): the public agenda page
 * renders them all once and the browser shows the starred ones. Slugs that name nothing the
 * program or the latest release knows are left out.
 */
export function buildMyAgenda(program: EventProgram, slugs?: readonly string[]): MyAgenda {
  const changes = latestChanges(program);
  const wanted = slugs ? new Set(slugs) : undefined;
  const starred = (slug: string) => !wanted || wanted.has(slug);
  const entry = (talk: TalkView, slot: SlotView | undefined): AgendaEntry => ({
    slug: talk.slug,
    talk,
    title: talk.title,
    slot,
    change: changes.get(talk.slug),
  });
  const days: AgendaDay[] = [];
  for (const day of program.schedule?.days ?? []) {
    const entries = day.slots
      .filter((slot) => slot.kind === 'talk' && slot.talk && starred(slot.talk.slug))
      .map((slot) => entry(slot.talk!, slot));
    if (entries.length > 0) days.push({ day, entries, clashes: findClashes(entries) });
  }
  const unscheduled = program.talks.filter((t) => !t.slot && starred(t.slug)).map((t) => entry(t, undefined));
  const dropped: AgendaEntry[] = [];
  for (const change of program.releases[0]?.changes ?? []) {
    if (change.talkSlug === null || change.slotKind !== 'talk' || !starred(change.talkSlug)) continue;
    if (change.kind !== 'cancelled' || program.talkBySlug.has(change.talkSlug)) continue;
    dropped.push({
      slug: change.talkSlug,
      talk: undefined,
      title: change.title,
      slot: undefined,
      change: changes.get(change.talkSlug),
    });
  }
  return { days, unscheduled, dropped };
}
