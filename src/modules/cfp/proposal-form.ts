import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { levels, tracks, type CfpFieldSettings, type FieldSetting } from '../../db/schema.js';
import { InvalidInputError } from '../../shared/errors.js';
import { requireOrganiser, type Actor } from '../accounts/index.js';
import { cfpState, loadSessionTypes, updateEventRecord, type CfpState, type EventRecord } from '../program/index.js';
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
 * The proposal form of the event. `keepSessionTypeId`: the session type the proposal being
 * edited is of, offered even when hidden (organisers put it there), so that editing keeps it.
 */
export async function loadProposalForm(
  db: Database,
  event: Pick<EventRecord, 'id' | 'cfpFields' | 'durations'>,
  keepSessionTypeId: number | null = null,
): Promise<ProposalForm> {
  const [trackRows, levelRows, questionRows, typeRows] = await Promise.all([
    db
      .select({ id: tracks.id, slug: tracks.slug, name: tracks.name })
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
      .filter((type) => type.isPublic || type.id === keepSessionTypeId)
      .map(({ id, slug, name, durationMinutes, deadline, maxSpeakers }) => ({
        id,
        slug,
        name,
        durationMinutes,
        deadline,
        maxSpeakers,
      })),
    durations: event.durations,
    tracks: trackRows,
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
  form: ProposalForm;
}

/** What the CFP page shows: public, since a call for proposals is an invitation to everyone. */
export async function loadCallForProposals(
  db: Database,
  event: EventRecord,
  now = new Date(),
): Promise<CallForProposals> {
  return {
    state: cfpState(event, now),
    opensAt: event.cfpOpensAt,
    closesAt: event.cfpClosesAt,
    form: await loadProposalForm(db, event),
  };
}

export interface ProposalFormSettingsInput {
  fields: Partial<Record<keyof CfpFieldSettings, string>>;
  /** Minutes, separated by commas or spaces: "30, 45". */
  durations: string;
}

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
  return updateEventRecord(db, event.id, { cfpFields, durations });
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
