import { DateTime } from 'luxon';
import { cfpState } from '../program/index.js';
import type { EventProgram, EventSummary } from './event-program.js';
import type { SlotView, TalkView } from './program-views.js';

/**
 * What the public landing pages decide beyond the program itself: whether the call for
 * proposals is open now, which events are still to come, and what surrounds a talk in the
 * schedule. The snapshot is the same all day; what depends on the clock is judged here, when
 * asked, so that a page's cache key can carry it.
 */

export interface CfpView {
  open: boolean;
  closesAt: Date;
  /** The proposal form's page. */
  url: string;
}

type WithCfp = Pick<EventSummary, 'slug' | 'cfpOpensAt' | 'cfpClosesAt'>;

/** The call for proposals as the public sees it: null when the event has none. */
export function cfpView(event: WithCfp, now: Date): CfpView | null {
  if (!event.cfpClosesAt) return null;
  const state = cfpState({ cfpOpensAt: event.cfpOpensAt, cfpClosesAt: event.cfpClosesAt }, now);
  return { open: state === 'open', closesAt: event.cfpClosesAt, url: `/${event.slug}/cfp` };
}

/** Whether the event's last day is over in its own zone; an event without dates is never past. */
export function isPast(event: Pick<EventSummary, 'endDate' | 'timezone'>, now: Date): boolean {
  if (!event.endDate) return false;
  const today = DateTime.fromJSDate(now, { zone: event.timezone }).toISODate()!;
  return event.endDate < today;
}

export interface ArrangedEvents {
  /** Soonest first; events without dates last, by name. */
  upcoming: EventSummary[];
  /** Most recent first. */
  past: EventSummary[];
}

/**
 * The home page's order: events to come (or under way) first, past ones apart. `past` says
 * which are past (by default judged from their last day in their zone).
 */
export function arrangeEvents<T extends EventSummary>(
  events: readonly T[],
  now: Date,
  past: (event: T) => boolean = (event) => isPast(event, now),
): { upcoming: T[]; past: T[] } {
  const upcoming: T[] = [];
  const gone: T[] = [];
  for (const event of events) (past(event) ? gone : upcoming).push(event);
  const byName = (a: T, b: T) => collator.compare(a.name, b.name) || collator.compare(a.slug, b.slug);
  upcoming.sort((a, b) => {
    if (a.startDate && b.startDate) return a.startDate.localeCompare(b.startDate) || byName(a, b);
    if (a.startDate || b.startDate) return a.startDate ? -1 : 1;
    return byName(a, b);
  });
  gone.sort((a, b) => b.endDate!.localeCompare(a.endDate!) || byName(a, b));
  return { upcoming, past: gone };
}

const collator = new Intl.Collator();

/**
 * What of an event's landing depends on the clock, as a short text: pages showing it are
 * cached under it, so they change when a call opens or closes, or an event becomes past.
 */
export function clockState(
  events: readonly (WithCfp & Pick<EventSummary, 'endDate' | 'timezone'>)[],
  now: Date,
): string {
  return events.map((event) => `${cfpView(event, now)?.open ? 'o' : '-'}${isPast(event, now) ? 'p' : '-'}`).join('');
}

/** Whether the event takes interest ballots at `now`: open, and before its closing time if it has one. */
export function isInterestBallotOpen(ballot: EventProgram['interestBallot'], now: Date): boolean {
  return ballot.open && (ballot.closesAt === null || ballot.closesAt.getTime() > now.getTime());
}

export interface TalkSurroundings {
  /** Talks in other rooms overlapping this one, by start then room order. */
  parallel: SlotView[];
  /** The next talk in the same room (breaks and blocks skipped); undefined when none follows. */
  nextInRoom: SlotView | undefined;
}

/** What the latest release has around a talk: the talks at the same time, and what follows it in its room. */
export function talkSurroundings(program: EventProgram, talk: TalkView): TalkSurroundings {
  const slot = talk.slot;
  if (!slot || !program.schedule) return { parallel: [], nextInRoom: undefined };
  const parallel: SlotView[] = [];
  let nextInRoom: SlotView | undefined;
  for (const other of program.schedule.slots) {
    if (other === slot || !other.talk) continue;
    if (other.start < slot.end && other.end > slot.start && other.room?.id !== slot.room?.id) parallel.push(other);
    if (slot.room && other.room?.id === slot.room.id && other.start >= slot.end && !nextInRoom) nextInRoom = other;
  }
  return { parallel, nextInRoom };
}
