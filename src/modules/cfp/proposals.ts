import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import {
  answers,
  levels,
  speakerInvitations,
  speakers,
  talkSpeakers,
  talks,
  tracks,
  type CfpFieldSettings,
  type FieldSetting,
  type TalkState,
} from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { absolute, links } from '../../shared/links.js';
import { slugify, uniqueSlug } from '../../shared/slug.js';
import { formatInZone } from '../../shared/time.js';
import { organiserAddresses, requireActor, type Actor, type ActorUser } from '../accounts/index.js';
import { enqueueMail } from '../mail/index.js';
import { enqueueWebhook, proposalWebhookData } from '../webhooks/index.js';
import {
  changeTalkState,
  loadSessionTypes,
  notifyProgramChanged,
  refreshTalkSearch,
  type EventRecord,
  type TalkStateActor,
} from '../program/index.js';
import {
  confirmProblem,
  editProblem,
  inviteProblem,
  isSpeakerOf,
  requireCfpOpen,
  requireConfirmable,
  requireEditable,
  requireProposalSpeaker,
  requireProposalViewer,
  requireWithdrawable,
  submissionWindowProblem,
  withdrawProblem,
  type ProposalAccess,
} from './policy.js';
import { ACCESS_CODE_FIELD, grantOfProposal, redeemAccessCode, type AccessCodeGrant } from './access-codes.js';
import {
  effectiveSetting,
  loadProposalForm,
  unlocksOf,
  type ProposalForm,
  type SessionTypeChoice,
} from './proposal-form.js';
import { parseAnswer, questionField } from './questions.js';
import { speakerNamesInProposal } from './speaker-names.js';
import {
  defaultSpeakerName,
  findSpeakerProfile,
  parseBiography,
  parseSpeakerName,
  saveProfileRow,
  type SpeakerProfile,
} from './speaker-profile.js';

/**
 * Proposals, from the speaker's side: submit (or save a draft) while the CFP is open, edit until
 * the deadline, withdraw, and confirm once accepted. A proposal and a talk are the same row of
 * `talks`; confirming puts it on the program.
 */

export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 5_000;
export const MAX_ABSTRACT = 20_000;
export const MAX_NOTES = 5_000;

export type ProposalIntent = 'draft' | 'submit';

export interface ProposalInput {
  /** "draft" saves with only a title; "submit" checks everything the form requires. */
  intent: ProposalIntent;
  title: string;
  description: string;
  abstract?: string | undefined;
  /** A track's slug; empty for none. */
  track?: string | undefined;
  /** A level's slug; empty for none. */
  level?: string | undefined;
  /** Minutes, one of the event's talk lengths. */
  duration?: string | undefined;
  /** A session type's slug; asked (and, on submission, required) while the event has any. */
  sessionType?: string | undefined;
  notes?: string | undefined;
  /** Answers to the event's questions, by question id. */
  answers: Record<number, string | undefined>;
  /** The speaker's own profile, asked for on the form while they have none (or no biography). */
  speakerName?: string | undefined;
  biography?: string | undefined;
  /** An access code the speaker brought (new proposals only); empty or undefined for none. */
  accessCode?: string | undefined;
}

export interface ProposalOptions {
  /** The address people reach Lectern at, for links in mails. */
  publicUrl: string;
  now?: Date;
}

/** Every problem of a proposal form at once, each under its field; the first is also the error's own. */
export class ProposalProblems extends InvalidInputError {
  constructor(readonly problems: Record<string, string>) {
    const [field, message] = Object.entries(problems)[0]!;
    super(message, field);
  }
}

/** The answers of a submitted form: fields named question-{id}. */
export function answersFromFields(fields: Record<string, unknown>): Record<number, string | undefined> {
  const found: Record<number, string | undefined> = {};
  for (const [name, value] of Object.entries(fields)) {
    const match = /^question-(\d{1,9})$/.exec(name);
    if (match && typeof value === 'string') found[Number(match[1])] = value;
  }
  return found;
}

interface ProposalValues {
  title: string;
  description: string;
  /** Undefined: the field is hidden, keep what is there. */
  abstract: string | undefined;
  trackId: number | null | undefined;
  levelId: number | null | undefined;
  durationMinutes: number | null | undefined;
  /** Undefined: the event has no session types, leave the column alone. */
  sessionType: SessionTypeChoice | null | undefined;
  notes: string | undefined;
  answers: { questionId: number; value: string }[];
  profile: { name: string; biography: string } | undefined;
}

const REQUIRED_MESSAGES: Record<string, string> = {
  title: 'give your proposal a title',
  description: 'describe your talk: reviewers, and later the audience, read this first',
  abstract: 'write the abstract: the longer text of your talk',
  notes: 'write your notes to the organisers',
  track: 'choose a track',
  level: 'choose a level',
  duration: 'choose a talk length',
  sessionType: 'choose a session type',
};

/** The questions a proposal of this session type (null: none chosen) answers: every proposal's, and its type's. */
export function questionsFor(form: ProposalForm, sessionTypeId: number | null): ProposalForm['questions'] {
  return form.questions.filter(
    (question) => question.sessionTypeId === null || question.sessionTypeId === sessionTypeId,
  );
}

/**
 * Checks a proposal form against the event's form. A draft needs only its title, but what is
 * given must still be valid (a track of this event, a listed choice, lengths within limits).
 */
function validateProposal(
  form: ProposalForm,
  input: ProposalInput,
  options: { full: boolean; askProfile: boolean; user: ActorUser },
): ProposalValues {
  const problems: Record<string, string> = {};
  const check = <T>(action: () => T): T | undefined => {
    try {
      return action();
    } catch (error) {
      if (error instanceof InvalidInputError && error.field) {
        problems[error.field] ??= error.problem;
        return undefined;
      }
      throw error;
    }
  };
  const text = (field: string, raw: string | undefined, setting: FieldSetting, max: number): string | undefined => {
    if (setting === 'hidden') return undefined;
    const value = (raw ?? '').trim();
    if (value === '' && setting === 'required' && (options.full || field === 'title')) {
      throw new InvalidInputError(REQUIRED_MESSAGES[field]!, field);
    }
    if (value.length > max)
      throw new InvalidInputError(`must be at most ${max} characters (it has ${value.length})`, field);
    return value;
  };
  const choice = <T>(
    field: keyof CfpFieldSettings,
    raw: string | undefined,
    find: (value: string) => T | undefined,
    listed: string,
  ): T | null | undefined => {
    const setting = effectiveSetting(form, field);
    if (setting === 'hidden') return undefined;
    const value = (raw ?? '').trim();
    if (value === '') {
      if (setting === 'required' && options.full) throw new InvalidInputError(REQUIRED_MESSAGES[field]!, field);
      return null;
    }
    const found = find(value);
    if (found === undefined) throw new InvalidInputError(`choose one of ${listed}`, field);
    return found;
  };

  const title = check(() => text('title', input.title.replace(/\s+/g, ' '), 'required', MAX_TITLE));
  const description = check(() => text('description', input.description, 'required', MAX_DESCRIPTION));
  const abstract = check(() => text('abstract', input.abstract, effectiveSetting(form, 'abstract'), MAX_ABSTRACT));
  const notes = check(() => text('notes', input.notes, effectiveSetting(form, 'notes'), MAX_NOTES));
  const trackId = check(() =>
    choice(
      'track',
      input.track,
      (slug) => form.tracks.find((t) => t.slug === slug)?.id,
      form.tracks.map((t) => t.name).join(', '),
    ),
  );
  const levelId = check(() =>
    choice(
      'level',
      input.level,
      (slug) => form.levels.find((l) => l.slug === slug)?.id,
      form.levels.map((l) => l.name).join(', '),
    ),
  );
  const durationMinutes = check(() =>
    choice(
      'duration',
      input.duration,
      (value) => form.durations.find((d) => String(d) === value),
      form.durations.map((d) => `${d} minutes`).join(', '),
    ),
  );
  const sessionType = check(() => {
    if (form.sessionTypes.length === 0) return undefined;
    const value = (input.sessionType ?? '').trim();
    if (value === '') {
      if (options.full) throw new InvalidInputError(REQUIRED_MESSAGES.sessionType!, 'sessionType');
      return null;
    }
    const found = form.sessionTypes.find((type) => type.slug === value);
    if (!found) {
      throw new InvalidInputError(`choose one of ${form.sessionTypes.map((t) => t.name).join(', ')}`, 'sessionType');
    }
    return found;
  });
  const answerValues: { questionId: number; value: string }[] = [];
  // A question for one session type is asked only of proposals of that type.
  for (const question of questionsFor(form, sessionType?.id ?? null)) {
    check(() => {
      const value = parseAnswer(question, input.answers[question.id]);
      if (value === undefined) {
        if (question.required && options.full)
          throw new InvalidInputError('answer this question', questionField(question.id));
        return;
      }
      answerValues.push({ questionId: question.id, value });
    });
  }
  let profile: ProposalValues['profile'];
  if (options.askProfile) {
    const typed = (input.speakerName ?? '').trim();
    const name = check(() =>
      parseSpeakerName(typed === '' && !options.full ? defaultSpeakerName(options.user) : typed),
    );
    const biography = check(() => parseBiography(input.biography ?? '', options.full));
    if (name !== undefined && biography !== undefined) profile = { name, biography };
  }
  if (Object.keys(problems).length > 0) throw new ProposalProblems(problems);
  return {
    title: title!,
    description: description!,
    abstract,
    trackId,
    levelId,
    durationMinutes,
    sessionType,
    notes,
    answers: answerValues,
    profile,
  };
}

/** A short random code naming the proposal in URLs, like the database's own default. */
function newProposalCode(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/**
 * A session type's own deadline closes it for new proposals: creating one of it, submitting a
 * draft of it, or moving a proposal to it after that time is refused, naming the type.
 */
function requireSessionTypeOpen(event: EventRecord, type: SessionTypeChoice, now: Date): void {
  if (type.deadline && now >= type.deadline) {
    throw new ProposalProblems({
      sessionType: `${type.name} took proposals until ${formatInZone(type.deadline, event.timezone)}: choose another session type`,
    });
  }
}

/** A session type's speaker limit, in words: "Lightning talk proposals have at most 1 speaker". */
export function speakerLimitProblem(
  type: { name: string; maxSpeakers: number | null },
  speakers: number,
): string | undefined {
  if (type.maxSpeakers === null || speakers <= type.maxSpeakers) return undefined;
  return `${type.name} proposals have at most ${type.maxSpeakers} speaker${type.maxSpeakers === 1 ? '' : 's'}`;
}

export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

type TalkRow = typeof talks.$inferSelect;

/** The proposal with its speakers, for the policy; locked for update inside a transaction when asked. 404 when the event has no such code. */
export async function findProposal(
  db: Database,
  event: Pick<EventRecord, 'id' | 'name'>,
  code: string,
  lock = false,
): Promise<{ talk: TalkRow; access: ProposalAccess }> {
  const normalised = normaliseCode(code);
  const query = db
    .select()
    .from(talks)
    .where(and(eq(talks.eventId, event.id), eq(talks.code, normalised)));
  const [talk] = lock ? await query.for('update') : await query;
  if (!talk) throw new NotFoundError(`You have no proposal ${normalised} at ${event.name}.`);
  const links = await db
    .select({ speakerId: talkSpeakers.speakerId })
    .from(talkSpeakers)
    .where(eq(talkSpeakers.talkId, talk.id))
    .orderBy(asc(talkSpeakers.position));
  return {
    talk,
    access: { eventId: talk.eventId, code: talk.code, state: talk.state, speakerIds: links.map((l) => l.speakerId) },
  };
}

async function writeAnswers(tx: Database, talkId: number, form: ProposalForm, values: ProposalValues): Promise<void> {
  if (form.questions.length > 0) {
    await tx.delete(answers).where(
      and(
        eq(answers.talkId, talkId),
        inArray(
          answers.questionId,
          form.questions.map((q) => q.id),
        ),
      ),
    );
  }
  if (values.answers.length > 0) {
    await tx.insert(answers).values(values.answers.map((a) => ({ talkId, questionId: a.questionId, value: a.value })));
  }
}

async function mailSubmitted(
  tx: Database,
  event: EventRecord,
  user: ActorUser,
  speakerName: string,
  talk: { code: string; title: string },
  publicUrl: string,
): Promise<void> {
  const closing = event.cfpClosesAt ? ` until ${formatInZone(event.cfpClosesAt, event.timezone)}` : '';
  await enqueueMail(tx, {
    eventId: event.id,
    to: user.email,
    subject: `[${event.name}] Your proposal "${talk.title}" is submitted`,
    body: `Hello ${speakerName},

Thank you for proposing "${talk.title}" to ${event.name}. We have received it.

You can edit it${closing}, invite co-speakers and follow its state here:
${absolute(publicUrl, links.speakerProposal(event.slug, talk.code))}

The ${event.name} organisers`,
  });
}

/** What the speaker's submission form needs: the form, their profile, and why they cannot submit now (if so). */
export async function prepareSubmission(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  grant: AccessCodeGrant | undefined = undefined,
  now = new Date(),
): Promise<{ form: ProposalForm; profile: SpeakerProfile | undefined; closed: string | undefined }> {
  const signedIn = requireActor(actor);
  const [form, profile] = await Promise.all([
    loadProposalForm(db, event, unlocksOf(grant)),
    findSpeakerProfile(db, event.id, signedIn.user.id),
  ]);
  return { form, profile, closed: grant ? undefined : submissionWindowProblem(event, now) };
}

/** Uses the speaker's access code in the proposal's transaction; its problems are the form's. */
async function redeemForProposal(tx: Database, event: EventRecord, typed: string, now: Date): Promise<AccessCodeGrant> {
  try {
    return await redeemAccessCode(tx, event, typed, now);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new ProposalProblems({ [ACCESS_CODE_FIELD]: error.problem });
    throw error;
  }
}

/** Whether the form asks the speaker for their name and biography: the first time, and while the biography is missing. */
export function asksForProfile(profile: SpeakerProfile | undefined): boolean {
  return !profile || profile.biography.trim() === '';
}

/** A new proposal by the actor, as a draft or submitted; they become its first speaker. */
export async function createProposal(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  input: ProposalInput,
  options: ProposalOptions,
): Promise<{ code: string; state: TalkState }> {
  const signedIn = requireActor(actor);
  const now = options.now ?? new Date();
  const typedCode = (input.accessCode ?? '').trim();
  // A valid access code opens the CFP to its holder, whenever it is; it is checked (and its use
  // counted) in the proposal's own transaction.
  if (typedCode === '') requireCfpOpen(event, now);
  const full = input.intent === 'submit';
  return db.transaction(async (tx) => {
    const grant = typedCode === '' ? undefined : await redeemForProposal(tx, event, typedCode, now);
    const form = await loadProposalForm(tx, event, unlocksOf(grant));
    const existingProfile = await findSpeakerProfile(tx, event.id, signedIn.user.id);
    const values = validateProposal(form, input, {
      full,
      askProfile: asksForProfile(existingProfile),
      user: signedIn.user,
    });
    if (values.sessionType && !grant) requireSessionTypeOpen(event, values.sessionType, now);
    const profile = values.profile
      ? await saveProfileRow(tx, event.id, signedIn.user.id, values.profile)
      : existingProfile!;
    let code = newProposalCode();
    while (
      (
        await tx
          .select({ id: talks.id })
          .from(talks)
          .where(and(eq(talks.eventId, event.id), eq(talks.code, code)))
      ).length > 0
    ) {
      code = newProposalCode();
    }
    const [last] = await tx
      .select({ position: sql<number>`coalesce(max(${talks.position}), 0)::int` })
      .from(talks)
      .where(eq(talks.eventId, event.id));
    const state: TalkState = full ? 'submitted' : 'draft';
    const [talk] = await tx
      .insert(talks)
      .values({
        eventId: event.id,
        code,
        // A placeholder until the talk is confirmed and gets its readable slug from its title.
        slug: `proposal-${code.toLowerCase()}`,
        state,
        title: values.title,
        description: values.description,
        abstract: values.abstract ?? '',
        trackId: values.trackId ?? null,
        levelId: values.levelId ?? null,
        durationMinutes: values.durationMinutes ?? null,
        sessionTypeId: values.sessionType?.id ?? null,
        accessCodeId: grant?.id ?? null,
        notes: values.notes ?? '',
        position: (last?.position ?? 0) + 1,
        submittedAt: full ? now : null,
        stateChangedAt: now,
      })
      .returning({ id: talks.id, code: talks.code, title: talks.title, guid: talks.guid });
    await tx.insert(talkSpeakers).values({ talkId: talk!.id, speakerId: profile.id, position: 1 });
    await writeAnswers(tx, talk!.id, form, values);
    if (full) {
      await mailSubmitted(tx, event, signedIn.user, profile.name, talk!, options.publicUrl);
      await enqueueWebhook(tx, {
        eventId: event.id,
        type: 'proposal.submitted',
        data: proposalWebhookData(event.slug, { ...talk!, state: 'submitted' }),
      });
    }
    return { code: talk!.code, state };
  });
}

/**
 * Saves a speaker's changes while the CFP is open: a draft stays a draft ("draft") or is
 * submitted ("submit"); a submitted proposal stays submitted and must stay complete.
 */
export async function updateProposal(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  code: string,
  input: ProposalInput,
  options: ProposalOptions,
): Promise<{ code: string; state: TalkState; submittedNow: boolean }> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const { talk, access } = await findProposal(tx, event, code, true);
    requireProposalSpeaker(actor, event, access);
    // The access code the proposal was made with keeps the CFP open for it while the code lasts.
    const grant = await grantOfProposal(tx, event, talk.accessCodeId, now);
    const signedIn = requireEditable(actor, event, access, now, grant !== undefined);
    const submittedNow = talk.state === 'draft' && input.intent === 'submit';
    const full = submittedNow || talk.state === 'submitted';
    const form = await loadProposalForm(tx, event, editUnlocks(talk, grant));
    const existingProfile = await findSpeakerProfile(tx, event.id, signedIn.user.id);
    const values = validateProposal(form, input, {
      full,
      askProfile: asksForProfile(existingProfile),
      user: signedIn.user,
    });
    if (values.sessionType && !grant && (submittedNow || values.sessionType.id !== talk.sessionTypeId)) {
      requireSessionTypeOpen(event, values.sessionType, now);
    }
    if (values.sessionType) {
      const limit = speakerLimitProblem(values.sessionType, access.speakerIds.length);
      if (limit) {
        throw new ProposalProblems({
          sessionType: `${limit}, and this proposal has ${access.speakerIds.length}: choose another session type`,
        });
      }
    }
    const profile = values.profile
      ? await saveProfileRow(tx, event.id, signedIn.user.id, values.profile)
      : existingProfile!;
    const state: TalkState = submittedNow ? 'submitted' : talk.state;
    await tx
      .update(talks)
      .set({
        title: values.title,
        description: values.description,
        ...(values.abstract !== undefined ? { abstract: values.abstract } : {}),
        ...(values.trackId !== undefined ? { trackId: values.trackId } : {}),
        ...(values.levelId !== undefined ? { levelId: values.levelId } : {}),
        ...(values.durationMinutes !== undefined ? { durationMinutes: values.durationMinutes } : {}),
        ...(values.sessionType !== undefined ? { sessionTypeId: values.sessionType?.id ?? null } : {}),
        ...(values.notes !== undefined ? { notes: values.notes } : {}),
        updatedAt: now,
      })
      .where(eq(talks.id, talk.id));
    if (submittedNow) {
      await changeTalkState(tx, talk, 'submitted', speakerActor(signedIn), { now, set: { submittedAt: now } });
    }
    await writeAnswers(tx, talk.id, form, values);
    if (submittedNow)
      await mailSubmitted(
        tx,
        event,
        signedIn.user,
        profile.name,
        { code: talk.code, title: values.title },
        options.publicUrl,
      );
    return { code: talk.code, state, submittedNow };
  });
}

/** What the form of a proposal being edited offers besides the public choices: its own, and its code's. */
function editUnlocks(talk: Pick<TalkRow, 'sessionTypeId' | 'trackId'>, grant: AccessCodeGrant | undefined) {
  return {
    sessionTypeIds: [talk.sessionTypeId, grant?.sessionTypeId ?? null],
    trackIds: [talk.trackId, grant?.trackId ?? null],
  };
}

/** A proposal's speaker, as the talk lifecycle records who changed its state. */
function speakerActor(actor: Actor): TalkStateActor {
  return { role: 'speaker', userId: actor.user.id };
}

export const MAX_WITHDRAWAL_REASON = 2_000;

export interface WithdrawalInput {
  /** Why, in the speaker's words; optional, kept with the state change. */
  reason?: string | undefined;
  /** The address people reach Lectern at, for the link in the organisers' mail. */
  publicUrl: string;
  now?: Date | undefined;
}

export interface WithdrawalPage {
  code: string;
  title: string;
  state: TalkState;
  /** The talk's id, for the schedule module to say whether a release shows it. */
  talkId: number;
}

/** What the withdrawal's confirmation step shows: the proposal, for its speakers only, while it can be withdrawn. */
export async function loadWithdrawal(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  code: string,
): Promise<WithdrawalPage> {
  const { talk, access } = await findProposal(db, event, code);
  requireWithdrawable(actor, event, access);
  return { code: talk.code, title: talk.title, state: talk.state, talkId: talk.id };
}

/**
 * Takes a proposal back, in any state but rejected; a confirmed talk leaves the program (and the
 * public schedule at once; the next release lists it as cancelled). The speaker's reason is kept
 * in the state change record. Withdrawing a confirmed talk mails each organiser of the event, in
 * the same transaction, with the reason and a link to it in the back office.
 */
export async function withdrawProposal(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  code: string,
  input: WithdrawalInput,
): Promise<{ code: string; title: string; wasConfirmed: boolean; organisersMailed: number }> {
  const reason = (input.reason ?? '').replace(/\r\n/g, '\n').trim();
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { talk, access } = await findProposal(tx, event, code, true);
    const signedIn = requireWithdrawable(actor, event, access);
    if (reason.length > MAX_WITHDRAWAL_REASON) {
      throw new InvalidInputError(
        `is ${reason.length} characters long; at most ${MAX_WITHDRAWAL_REASON} fit`,
        'reason',
      );
    }
    await changeTalkState(tx, talk, 'withdrawn', speakerActor(signedIn), { now, reason });
    const wasConfirmed = talk.state === 'confirmed';
    let organisersMailed = 0;
    if (wasConfirmed) {
      await notifyProgramChanged(tx, event.slug);
      organisersMailed = await mailOrganisersOfWithdrawal(tx, event, signedIn, talk, reason, input.publicUrl);
    }
    return { code: talk.code, title: talk.title, wasConfirmed, organisersMailed };
  });
}

async function mailOrganisersOfWithdrawal(
  tx: Database,
  event: EventRecord,
  speaker: Actor,
  talk: { code: string; title: string },
  reason: string,
  publicUrl: string,
): Promise<number> {
  const profile = await findSpeakerProfile(tx, event.id, speaker.user.id);
  const who = profile?.name ?? speaker.user.email;
  const organisers = await organiserAddresses(tx, event.id);
  for (const organiser of organisers) {
    await enqueueMail(tx, {
      eventId: event.id,
      to: organiser.email,
      subject: `[${event.name}] “${talk.title}” was withdrawn by its speaker`,
      body: `Hello ${organiser.name || organiser.email},

${who} withdrew the confirmed talk “${talk.title}” from ${event.name}. It is no longer on the program, nor on the public schedule; the next release of the schedule lists it as cancelled.

${reason === '' ? 'They gave no reason.' : `Their reason:\n${reason}`}

The talk in the back office:
${absolute(publicUrl, links.orgaProposal(event.slug, talk.code))}`,
    });
  }
  return organisers.length;
}

/**
 * An accepted speaker says they will give the talk: it is confirmed, gets a readable slug from
 * its title, and joins the public program with its speakers, their bios and its public answers.
 */
export async function confirmProposal(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  code: string,
  now = new Date(),
): Promise<{ code: string; slug: string; title: string }> {
  return db.transaction(async (tx) => {
    const { talk, access } = await findProposal(tx, event, code, true);
    const signedIn = requireConfirmable(actor, event, access);
    const taken = new Set(
      (
        await tx
          .select({ slug: talks.slug })
          .from(talks)
          .where(and(eq(talks.eventId, event.id), ne(talks.id, talk.id)))
      ).map((t) => t.slug),
    );
    const slug = uniqueSlug(slugify(talk.title, 'talk'), taken);
    await changeTalkState(tx, talk, 'confirmed', speakerActor(signedIn), { now, set: { slug } });
    await refreshTalkSearch(tx, event.id, [talk.id]);
    await notifyProgramChanged(tx, event.slug);
    return { code: talk.code, slug, title: talk.title };
  });
}

export interface OwnProposalSummary {
  code: string;
  title: string;
  state: TalkState;
  submittedAt: Date | null;
  updatedAt: Date;
  speakerNames: string[];
}

/** The actor's proposals at the event, newest first, with their states. */
export async function listOwnProposals(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
): Promise<OwnProposalSummary[]> {
  const signedIn = requireActor(actor);
  const profile = await findSpeakerProfile(db, event.id, signedIn.user.id);
  if (!profile) return [];
  const rows = await db
    .select({
      id: talks.id,
      code: talks.code,
      title: talks.title,
      state: talks.state,
      submittedAt: talks.submittedAt,
      updatedAt: talks.updatedAt,
    })
    .from(talks)
    .innerJoin(talkSpeakers, eq(talkSpeakers.talkId, talks.id))
    .where(and(eq(talks.eventId, event.id), eq(talkSpeakers.speakerId, profile.id)))
    .orderBy(desc(talks.createdAt), desc(talks.id));
  const names = rows.length
    ? await db
        .select({ talkId: talkSpeakers.talkId, name: speakers.name })
        .from(talkSpeakers)
        .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
        .where(
          inArray(
            talkSpeakers.talkId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(talkSpeakers.position))
    : [];
  return rows.map((row) => ({
    code: row.code,
    title: row.title,
    state: row.state,
    submittedAt: row.submittedAt,
    updatedAt: row.updatedAt,
    speakerNames: names.filter((n) => n.talkId === row.id).map((n) => n.name),
  }));
}

export interface ProposalDetail {
  code: string;
  title: string;
  state: TalkState;
  /** The public slug: readable once the talk is confirmed. */
  slug: string;
  description: string;
  abstract: string;
  notes: string;
  track: { slug: string; name: string } | undefined;
  level: { slug: string; name: string } | undefined;
  durationMinutes: number | null;
  /** Its session type, when it has one. */
  sessionType: { slug: string; name: string; durationMinutes: number } | undefined;
  submittedAt: Date | null;
  stateChangedAt: Date | null;
  speakers: { id: number; name: string; biography: string; isYou: boolean }[];
  /** Question id → stored answer. */
  answers: Record<number, string>;
  /** Co-speaker invitations not accepted (pending, expired or declined), newest first. */
  invitations: { id: number; email: string; expiresAt: Date; expired: boolean; declinedAt: Date | null }[];
  /** The viewer is one of its speakers (else an organiser, looking). */
  isSpeaker: boolean;
  /** Why each action is not possible now; undefined where it is. */
  problems: {
    edit: string | undefined;
    withdraw: string | undefined;
    confirm: string | undefined;
    invite: string | undefined;
  };
  /** With anonymised review on: speakers' names that the title, description, abstract or answers reviewers see give away. */
  nameWarnings: string[];
  form: ProposalForm;
  /** The viewer's own speaker profile at the event. */
  profile: SpeakerProfile | undefined;
}

const ONLY_SPEAKERS = 'Only its speakers may change a proposal.';

/** One proposal as its speakers see it (organisers may look too); 404 for anyone else. */
export async function loadProposal(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  code: string,
  now = new Date(),
): Promise<ProposalDetail> {
  const { talk, access } = await findProposal(db, event, code);
  const signedIn = requireProposalViewer(actor, event, access);
  const isSpeaker = isSpeakerOf(signedIn, event, access);
  const grant = await grantOfProposal(db, event, talk.accessCodeId, now);
  const [form, speakerRows, answerRows, invitationRows, trackRow, levelRow, profile, typeRows] = await Promise.all([
    loadProposalForm(db, event, editUnlocks(talk, grant)),
    db
      .select({ id: speakers.id, name: speakers.name, biography: speakers.biography, userId: speakers.userId })
      .from(talkSpeakers)
      .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
      .where(eq(talkSpeakers.talkId, talk.id))
      .orderBy(asc(talkSpeakers.position)),
    db
      .select({ questionId: answers.questionId, value: answers.value })
      .from(answers)
      .where(eq(answers.talkId, talk.id)),
    db
      .select({
        id: speakerInvitations.id,
        email: speakerInvitations.email,
        expiresAt: speakerInvitations.expiresAt,
        declinedAt: speakerInvitations.declinedAt,
      })
      .from(speakerInvitations)
      .where(and(eq(speakerInvitations.talkId, talk.id), isNull(speakerInvitations.acceptedAt)))
      .orderBy(desc(speakerInvitations.createdAt), desc(speakerInvitations.id)),
    talk.trackId === null
      ? Promise.resolve([])
      : db.select({ slug: tracks.slug, name: tracks.name }).from(tracks).where(eq(tracks.id, talk.trackId)),
    talk.levelId === null
      ? Promise.resolve([])
      : db.select({ slug: levels.slug, name: levels.name }).from(levels).where(eq(levels.id, talk.levelId)),
    findSpeakerProfile(db, event.id, signedIn.user.id),
    talk.sessionTypeId === null ? Promise.resolve([]) : loadSessionTypes(db, event.id),
  ]);
  const type = typeRows.find((row) => row.id === talk.sessionTypeId);
  const speakerList = speakerRows.map((s) => ({
    id: s.id,
    name: s.name,
    biography: s.biography,
    isYou: s.userId === signedIn.user.id,
  }));
  return {
    code: talk.code,
    title: talk.title,
    state: talk.state,
    slug: talk.slug,
    description: talk.description,
    abstract: talk.abstract,
    notes: talk.notes,
    track: trackRow[0],
    level: levelRow[0],
    durationMinutes: talk.durationMinutes,
    sessionType: type ? { slug: type.slug, name: type.name, durationMinutes: type.durationMinutes } : undefined,
    submittedAt: talk.submittedAt,
    stateChangedAt: talk.stateChangedAt,
    speakers: speakerList,
    answers: Object.fromEntries(answerRows.map((a) => [a.questionId, a.value])),
    invitations: invitationRows.map((i) => ({ ...i, expired: i.expiresAt <= now })),
    isSpeaker,
    problems: isSpeaker
      ? {
          edit: editProblem(event, access, now, grant !== undefined),
          withdraw: withdrawProblem(access),
          confirm: confirmProblem(access),
          invite: inviteProblem(event, access, now),
        }
      : { edit: ONLY_SPEAKERS, withdraw: ONLY_SPEAKERS, confirm: ONLY_SPEAKERS, invite: ONLY_SPEAKERS },
    nameWarnings: event.anonymisedReview
      ? speakerNamesInProposal(
          {
            ...talk,
            answers: answersReviewersSee(form, Object.fromEntries(answerRows.map((a) => [a.questionId, a.value]))),
          },
          speakerList.map((s) => s.name),
        )
      : [],
    form,
    profile,
  };
}

/** With anonymised review on, the names the typed text gives away (for a form shown again with its input). */
export function nameWarningsFor(
  event: Pick<EventRecord, 'anonymisedReview'>,
  text: {
    title: string;
    description: string;
    abstract?: string | undefined;
    /** The answers reviewers see (see answersReviewersSee). */
    answers?: readonly string[] | undefined;
  },
  names: string[],
): string[] {
  if (!event.anonymisedReview) return [];
  return speakerNamesInProposal(
    { title: text.title, description: text.description, abstract: text.abstract ?? '', answers: text.answers },
    names,
  );
}

/**
 * The answers reviewers read under anonymised review: those to questions visible to reviewers
 * (the others are hidden from them), for the warning about a speaker's own name.
 */
export function answersReviewersSee(
  form: Pick<ProposalForm, 'questions'>,
  answers: Record<number, string | undefined> | undefined,
): string[] {
  if (!answers) return [];
  return form.questions.flatMap((q) => {
    const value = q.visibleToReviewers ? answers[q.id] : undefined;
    return value ? [value] : [];
  });
}

/** The names a proposal's warnings look for: its speakers', or the one being typed for a new profile. */
export function candidateNames(
  actor: Actor,
  detail: { speakers: { name: string }[] } | undefined,
  typed: string | undefined,
): string[] {
  const names = detail ? detail.speakers.map((s) => s.name) : [];
  if (typed && typed.trim() !== '') names.push(typed.trim());
  if (names.length === 0 && actor.user.name) names.push(actor.user.name);
  return [...new Set(names)];
}
