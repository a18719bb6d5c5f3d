import type { SlotKind, TalkAttachment, TalkLink } from '../../db/schema.js';
import type { ReleasedRoom } from '../schedule/index.js';

/**
 * The shapes of the published program (talks, speakers, tracks, levels) and of its schedule
 * (rooms, days, slots). A talk names its slot and a slot its talk, so the shapes live together,
 * apart from the code that loads and builds them (event-program.ts, published-schedule.ts).
 */

export interface NamedRef {
  slug: string;
  name: string;
}

export interface TrackView extends NamedRef {
  id: number;
  position: number;
  talkCount: number;
  /** As an imported file gave it or an organiser chose it (`#f9b000`); null when none. */
  color: string | null;
  /** Markdown; empty for none. */
  description: string;
  /** The description rendered (safe HTML); empty for none. */
  descriptionHtml: string;
}

export interface LevelView extends NamedRef {
  id: number;
  position: number;
  talkCount: number;
}

/** A session type of the event (Talk, Workshop), as the program shows it. */
export interface SessionTypeView extends NamedRef {
  id: number;
  position: number;
  /** The length of its talks unless a talk has its own. */
  durationMinutes: number;
  talkCount: number;
}

export interface TalkView {
  id: number;
  guid: string;
  slug: string;
  title: string;
  track: TrackView | undefined;
  level: LevelView | undefined;
  /** Markdown, and the same rendered to safe HTML. */
  description: string;
  descriptionHtml: string;
  abstract: string;
  abstractHtml: string;
  speakers: SpeakerView[];
  needsAttention: boolean;
  attention: string[];
  position: number;
  /** Answers to the event's public questions (issue 3), in the form's order; private answers are never loaded. */
  answers: PublicAnswerView[];
  /** Minutes: the talk's own length, else its session type's, else the event's default. */
  durationMinutes: number;
  /** The event's session type the talk is of; undefined when none. */
  type: SessionTypeView | undefined;
  /**
   * The talk's language as given (`en`, or `de, en` from an imported file); a talk made in
   * Lectern without one has the event's. Null: an imported talk whose file did not say.
   */
  language: string | null;
  /**
   * The session type in words, as exports write it: the linked session type's name, else as
   * given (`Workshop`, from an imported file or the talk editor); null when unknown.
   */
  sessionType: string | null;
  /** The numeric id an imported file gave the talk; null for talks made in Lectern. */
  externalId: number | null;
  links: TalkLink[];
  attachments: TalkAttachment[];
  feedbackUrl: string | null;
  recordingLicence: string | null;
  /** True: not to be streamed; false: may be; null: unknown. */
  doNotStream: boolean | null;
  /**
   * True: the speakers opted out of recording; false: they agreed; null: nobody asked. Exports
   * carry it only when known, so that recording pipelines never take an unknown for consent.
   */
  doNotRecord: boolean | null;
  /** Where and when the latest release places the talk; undefined when it is not scheduled. */
  slot: SlotView | undefined;
}

export interface PublicAnswerView {
  question: string;
  /** In words: yes/no questions read "Yes" or "No". */
  answer: string;
}

export interface SpeakerView extends NamedRef {
  id: number;
  /** The person's GUID from an imported file; null for speakers made in Lectern (exports derive one). */
  guid: string | null;
  /** The person's pretalx code from an imported file; null when none. */
  code: string | null;
  biography: string;
  biographyHtml: string;
  /** An https:// address of the speaker's photo, or one uploaded here (/media/…); null: none (pages show initials). */
  photoUrl: string | null;
  /** The links the speaker gave in their profile (title and https:// address). */
  links: { title: string; url: string }[];
  talks: TalkView[];
}

/**
 * The latest schedule release as public pages, the public API and exports read it: the
 * release's rooms, days and slots, each talk's slot joined to the talk of the live program.
 */
export interface PublishedSchedule {
  version: string;
  comment: string;
  releasedAt: Date;
  timezone: string;
  /** Every room of the release, in the event's order. */
  rooms: RoomView[];
  days: DayView[];
  /** By start, then room order. */
  slots: SlotView[];
  roomBySlug: Map<string, RoomView>;
}

export type RoomView = ReleasedRoom;

export interface DayView {
  /** YYYY-MM-DD in the event's zone; also the day's address (/{event}/schedule/{date}). */
  date: string;
  /** Day number, from 1. */
  index: number;
  start: Date;
  end: Date;
  /** The slots starting within the day, by start then room order. */
  slots: SlotView[];
  /** The rooms with something in them that day, in the event's order. */
  rooms: RoomView[];
}

export interface SlotView {
  guid: string;
  kind: SlotKind;
  /** The talk as the program has it now; undefined for breaks and blocks. */
  talk: TalkView | undefined;
  /** As released: the talk's title then, or the break's or block's. */
  title: string;
  /** Undefined for a break or block spanning every room. */
  room: RoomView | undefined;
  start: Date;
  end: Date;
  durationMinutes: number;
  day: DayView | undefined;
}
