import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { levels, tracks, type CfpFieldSettings, type FieldSetting } from '../../db/schema.js';
import { InvalidInputError } from '../../shared/errors.js';
import { isTeamMember, requireOrganiser, type Actor } from '../accounts/index.js';
import {
  cfpState,
  findEventBySlug,
  loadSessionTypes,
  noSuchEvent,
  updateEventRecord,
  type CfpState,
  type EventRecord,
} from '../program/index.js';
import { peekAccessCode, type AccessCodeGrant } from './access-codes.js';
import { listQuestions, type Question } from './questions.js';

/**
 * The shape of an event's proposal form: which built-in fields it shows and requires, the talk
 * lengths to choose from, the tracks and levels, and the event's own questions.
 */

export const BUILT_IN_FIELDS: readonly (keyof CfpFieldSettings)[] = ['abstract', 'track', 'level', 'duration', 'notes'];
export const BUILT_IN_FIELD_LABELS: Record<keyof CfpFieldSettings, string> = {
  abstract: 'Abstract',
  track: 'Track',
  level: 'Level',
  duration: 'Talk length',
  notes: 'Notes to the organisers',
};
export const FIELD_SETTINGS: readonly FieldSetting[] = ['required', 'optional', 'hidden'];

export interface ChoiceRef {
  id: number;
  slug: string;
  name: string;
}

/** A session type a speaker may choose. */
export interface SessionTypeChoice extends ChoiceRef {
  durationMinutes: number;
  /** No new proposals of this type after it; null: the CFP's closing time. */
  deadline: Date | null;
  /** Speakers per proposal, its submitter included; null: no limit. */
  maxSpeakers: number | null;
}

export interface ProposalForm {
  fields: CfpFieldSettings;
  /**
   * The session types offered (public ones, in order). When there are any, a proposal is of
   * one of them, and its length is the type's: the talk length field is not asked.
   */
  sessionTypes: SessionTypeChoice[];
  /** Minutes, the first being the default. */
  durations: number[];
  tracks: ChoiceRef[];
  levels: ChoiceRef[];
  questions: Question[];
}

/**
 * Hidden session types and tracks the form offers all the same: those of the proposal being
 * edited (organisers put it there, and editing keeps it), and those an access code unlocks.
 */
export interface FormUnlocks {
  sessionTypeIds?: readonly (number | null)[];
  trackIds?: readonly (number | null)[];
}

/** The proposal form of the event: public session types and tracks, and the hidden ones `unlocks` names. */
export async function loadProposalForm(
  db: Database,
  event: Pick<EventRecord, 'id' | 'cfpFields' | 'durations'>,
  unlocks: FormUnlocks = {},
): Promise<ProposalForm> {
  const [trackRows, levelRows, questionRows, typeRows] = await Promise.all([
    db
      .select({ id: tracks.id, slug: tracks.slug, name: tracks.name, isPublic: tracks.isPublic })
      .from(tracks)
      .where(eq(tracks.eventId, event.id))
      .orderBy(asc(tracks.position), asc(tracks.id)),
    db
      .select({ id: levels.id, slug: levels.slug, name: levels.name })
      .from(levels)
      .where(eq(levels.eventId, event.id))
      .orderBy(asc(levels.position), asc(levels.id)),
    listQuestions(db, event.id),
    loadSessionTypes(db, event.id),
  ]);
  return {
    fields: event.cfpFields,
    sessionTypes: typeRows
      .filter((type) => type.isPublic || (unlocks.sessionTypeIds ?? []).includes(type.id))
      .map(({ id, slug, name, durationMinutes, deadline, maxSpeakers }) => ({
        id,
        slug,
        name,
        durationMinutes,
        deadline,
        maxSpeakers,
      })),
    durations: event.durations,
    tracks: trackRows
      .filter((track) => track.isPublic || (unlocks.trackIds ?? []).includes(track.id))
      .map(({ id, slug, name }) => ({ id, slug, name })),
    levels: levelRows,
    questions: questionRows,
  };
}

/** How a built-in field is shown: a track or level the event has none of cannot be asked for. */
export function effectiveSetting(form: ProposalForm, field: keyof CfpFieldSettings): FieldSetting {
  if (field === 'track' && form.tracks.length === 0) return 'hidden';
  if (field === 'level' && form.levels.length === 0) return 'hidden';
  if (field === 'duration' && (form.durations.length === 0 || form.sessionTypes.length > 0)) return 'hidden';
  return form.fields[field];
}

export interface CallForProposals {
  state: CfpState;
  opensAt: Date | null;
  closesAt: Date | null;
  /** The organisers' Markdown for the top of the page; empty for none. */
  intro: string;
  form: ProposalForm;
  /** The access code the visitor brought, when valid. */
  grant: AccessCodeGrant | undefined;
}

/**
 * What the CFP page shows: public, since a call for proposals is an invitation to everyone.
 * With a valid access code, the form offers what the code unlocks.
 */
export async function loadCallForProposals(
  db: Database,
  event: EventRecord,
  grant: AccessCodeGrant | undefined = undefined,
  now = new Date(),
): Promise<CallForProposals> {
  return {
    state: cfpState(event, now),
    opensAt: event.cfpOpensAt,
    closesAt: event.cfpClosesAt,
    intro: event.cfpIntro,
    form: await loadProposalForm(db, event, unlocksOf(grant)),
    grant,
  };
}

/** An event's CFP as a visitor may reach it, with the access code they brought (if valid) or why it is not. */
export interface CfpVisit {
  event: EventRecord;
  grant: AccessCodeGrant | undefined;
  /** Why the typed access code cannot be used; undefined when none was typed or it is valid. */
  codeProblem: string | undefined;
}

/**
 * Finds an event's CFP for a visitor. An unpublished event's CFP exists for the public only
 * while it is open or with a valid access code; otherwise the answer is the unknown event's
 * 404, word for word, so that the event's name is not given away. Its team always sees it.
 */
export async function visitCallForProposals(
  db: Database,
  actor: Actor | undefined,
  slug: string,
  typedCode: string | undefined,
  now = new Date(),
): Promise<CfpVisit> {
  const event = await findEventBySlug(db, slug);
  let grant: AccessCodeGrant | undefined;
  let codeProblem: string | undefined;
  if (typedCode !== undefined && typedCode.trim() !== '') {
    try {
      grant = await peekAccessCode(db, event, typedCode, now);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      codeProblem = error.problem;
    }
  }
  if (!event.published && cfpState(event, now) !== 'open' && !grant && !isTeamMember(actor, event.id)) {
    throw noSuchEvent(slug);
  }
  return { event, grant, codeProblem };
}

/** The hidden session type and track an access code offers. */
export function unlocksOf(grant: AccessCodeGrant | undefined): FormUnlocks {
  return grant ? { sessionTypeIds: [grant.sessionTypeId], trackIds: [grant.trackId] } : {};
}

export interface ProposalFormSettingsInput {
  fields: Partial<Record<keyof CfpFieldSettings, string>>;
  /** Minutes, separated by commas or spaces: "30, 45". */
  durations: string;
  /** Markdown for the top of the CFP page; undefined leaves it as it is. */
  intro?: string | undefined;
}

export const MAX_CFP_INTRO = 10_000;

/** Saves the built-in field settings and talk lengths; every problem names its field, and nothing is saved unless all is well. */
export async function updateProposalForm(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  input: ProposalFormSettingsInput,
): Promise<EventRecord> {
  requireOrganiser(actor, event);
  const cfpFields = { ...event.cfpFields };
  for (const field of BUILT_IN_FIELDS) {
    const value = input.fields[field];
    if (value === undefined) continue;
    if (!FIELD_SETTINGS.includes(value as FieldSetting))
      throw new InvalidInputError('must be required, optional or hidden', field);
    cfpFields[field] = value as FieldSetting;
  }
  const durations = parseDurations(input.durations);
  const intro = input.intro === undefined ? event.cfpIntro : input.intro.replace(/\r\n?/g, '\n').trim();
  if (intro.length > MAX_CFP_INTRO)
    throw new InvalidInputError(`must be at most ${MAX_CFP_INTRO} characters (it has ${intro.length})`, 'intro');
  return updateEventRecord(db, event.id, { cfpFields, durations, cfpIntro: intro });
}

export function parseDurations(text: string): number[] {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim().replace(/min(utes?)?$/i, ''))
    .filter(Boolean);
  if (parts.length === 0)
    throw new InvalidInputError('list at least one talk length in minutes, e.g. "30, 45"', 'durations');
  const minutes: number[] = [];
  for (const part of parts) {
    const value = /^\d+$/.test(part) ? Number(part) : NaN;
    if (!Number.isInteger(value) || value < 5 || value > 600) {
      throw new InvalidInputError(
        `"${part}" is not a talk length: use whole minutes from 5 to 600, e.g. "30, 45"`,
        'durations',
      );
    }
    if (!minutes.includes(value)) minutes.push(value);
  }
  if (minutes.length > 12) throw new InvalidInputError('offer at most 12 talk lengths', 'durations');
  return minutes;
}

/** The proposal form as organisers configure it. */
export async function loadProposalFormSettings(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
): Promise<ProposalForm> {
  requireOrganiser(actor, event);
  return loadProposalForm(db, event);
}
