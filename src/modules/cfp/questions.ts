import { and, asc, eq, max, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { answers, questions, sessionTypes, type QuestionKind } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { requireOrganiser, type Actor } from '../accounts/index.js';
import type { EventRecord } from '../program/index.js';

/**
 * An event's own questions on the proposal form, beyond the built-in fields: free text, one of
 * a list of choices, or yes/no; required or not; public (shown on the talk's page once it is on
 * the program) or private (for the organisers and reviewers).
 */

export type Question = typeof questions.$inferSelect;

export const QUESTION_KINDS: readonly QuestionKind[] = ['text', 'choice', 'boolean'];
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  text: 'Text',
  choice: 'Choice',
  boolean: 'Yes / no',
};

const MAX_LABEL = 200;
const MAX_HELP = 500;
const MAX_CHOICE = 200;
const MAX_CHOICES = 30;
export const MAX_TEXT_ANSWER = 5000;

export async function listQuestions(db: Database, eventId: number): Promise<Question[]> {
  return db
    .select()
    .from(questions)
    .where(eq(questions.eventId, eventId))
    .orderBy(asc(questions.position), asc(questions.id));
}

export interface QuestionInput {
  label: string;
  helpText: string;
  kind: string;
  /** One choice per line, for choice questions. */
  choices: string;
  required: boolean;
  isPublic: boolean;
  /** Asked only of proposals of this session type; null (or absent): of every proposal. */
  sessionTypeId?: number | null | undefined;
  /** False: under anonymised review, reviewers do not see the answers (they may identify the speaker). Default true. */
  visibleToReviewers?: boolean | undefined;
}

/** The session type a question is for must be one of the event's. */
async function requireQuestionSessionType(
  db: Database,
  eventId: number,
  sessionTypeId: number | null | undefined,
): Promise<number | null> {
  if (sessionTypeId === null || sessionTypeId === undefined) return null;
  const [found] = Number.isInteger(sessionTypeId)
    ? await db
        .select({ id: sessionTypes.id })
        .from(sessionTypes)
        .where(and(eq(sessionTypes.id, sessionTypeId), eq(sessionTypes.eventId, eventId)))
    : [];
  if (!found) throw new InvalidInputError('choose a session type from the list, or every proposal', 'sessionTypeId');
  return found.id;
}

function parseQuestion(input: QuestionInput) {
  const label = input.label.trim().replace(/\s+/g, ' ');
  if (label === '') throw new InvalidInputError('give the question a text', 'label');
  if (label.length > MAX_LABEL) throw new InvalidInputError(`must be at most ${MAX_LABEL} characters`, 'label');
  const helpText = input.helpText.trim();
  if (helpText.length > MAX_HELP) throw new InvalidInputError(`must be at most ${MAX_HELP} characters`, 'helpText');
  if (!QUESTION_KINDS.includes(input.kind as QuestionKind))
    throw new InvalidInputError('must be text, choice or yes/no', 'kind');
  const kind = input.kind as QuestionKind;
  let choices: string[] = [];
  if (kind === 'choice') {
    choices = input.choices
      .split(/\r?\n/)
      .map((line) => line.trim().replace(/\s+/g, ' '))
      .filter(Boolean);
    if (choices.length < 2) throw new InvalidInputError('list at least two choices, one per line', 'choices');
    if (choices.length > MAX_CHOICES) throw new InvalidInputError(`list at most ${MAX_CHOICES} choices`, 'choices');
    const long = choices.find((choice) => choice.length > MAX_CHOICE);
    if (long) throw new InvalidInputError(`"${long.slice(0, 40)}…" is longer than ${MAX_CHOICE} characters`, 'choices');
    const seen = new Set<string>();
    for (const choice of choices) {
      const key = choice.toLowerCase();
      if (seen.has(key)) throw new InvalidInputError(`"${choice}" is listed twice`, 'choices');
      seen.add(key);
    }
  }
  return {
    label,
    helpText,
    kind,
    choices,
    required: input.required,
    isPublic: input.isPublic,
    visibleToReviewers: input.visibleToReviewers ?? true,
  };
}

export async function addQuestion(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  input: QuestionInput,
): Promise<Question> {
  requireOrganiser(actor, event);
  const values = parseQuestion(input);
  return db.transaction(async (tx) => {
    const sessionTypeId = await requireQuestionSessionType(tx, event.id, input.sessionTypeId);
    const [last] = await tx
      .select({ position: max(questions.position) })
      .from(questions)
      .where(eq(questions.eventId, event.id));
    const [question] = await tx
      .insert(questions)
      .values({ ...values, sessionTypeId, eventId: event.id, position: (last?.position ?? 0) + 1 })
      .returning();
    return question!;
  });
}

export async function findQuestion(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  questionId: number,
): Promise<Question> {
  requireOrganiser(actor, event);
  const [question] = await db
    .select()
    .from(questions)
    .where(and(eq(questions.id, questionId), eq(questions.eventId, event.id)));
  if (!question) throw new NotFoundError(`There is no question ${questionId} on the proposal form of ${event.name}.`);
  return question;
}

/** A question with the number of answers it has: deleting it deletes them. */
export async function loadQuestionForEditing(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  questionId: number,
): Promise<{ question: Question; answerCount: number }> {
  const question = await findQuestion(db, actor, event, questionId);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(answers)
    .where(eq(answers.questionId, question.id));
  return { question, answerCount: row?.n ?? 0 };
}

export async function updateQuestion(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  questionId: number,
  input: QuestionInput,
): Promise<Question> {
  await findQuestion(db, actor, event, questionId);
  const values = parseQuestion(input);
  const sessionTypeId = await requireQuestionSessionType(db, event.id, input.sessionTypeId);
  const [question] = await db
    .update(questions)
    .set({ ...values, sessionTypeId })
    .where(and(eq(questions.id, questionId), eq(questions.eventId, event.id)))
    .returning();
  if (!question) throw new NotFoundError(`There is no question ${questionId} on the proposal form of ${event.name}.`);
  return question;
}

/** Deletes a question and, with it, every answer given to it. */
export async function deleteQuestion(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  questionId: number,
): Promise<Question> {
  const question = await findQuestion(db, actor, event, questionId);
  await db.delete(questions).where(and(eq(questions.id, questionId), eq(questions.eventId, event.id)));
  return question;
}

/** Swaps a question with its neighbour above or below; at either end it stays where it is. */
export async function moveQuestion(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  questionId: number,
  direction: 'up' | 'down',
): Promise<void> {
  await findQuestion(db, actor, event, questionId);
  await db.transaction(async (tx) => {
    const list = await listQuestions(tx, event.id);
    const index = list.findIndex((q) => q.id === questionId);
    const other = list[direction === 'up' ? index - 1 : index + 1];
    if (index < 0 || !other) return;
    // Renumber the whole list: positions may have gaps or ties after deletions.
    const order = list.map((q) => q.id);
    const otherIndex = order.indexOf(other.id);
    [order[index], order[otherIndex]] = [order[otherIndex]!, order[index]!];
    for (const [i, id] of order.entries()) {
      const current = list.find((q) => q.id === id)!;
      if (current.position !== i + 1)
        await tx
          .update(questions)
          .set({ position: i + 1 })
          .where(eq(questions.id, id));
    }
  });
}

/** An answer as it is stored; undefined for no answer. Checks its form whatever the question's requiredness. */
export function parseAnswer(question: Question, raw: string | undefined): string | undefined {
  const field = questionField(question.id);
  const value = (raw ?? '').trim();
  if (value === '') return undefined;
  if (question.kind === 'text') {
    if (value.length > MAX_TEXT_ANSWER)
      throw new InvalidInputError(`must be at most ${MAX_TEXT_ANSWER} characters`, field);
    return value;
  }
  if (question.kind === 'boolean') {
    if (value !== 'yes' && value !== 'no') throw new InvalidInputError('answer yes or no', field);
    return value;
  }
  if (!question.choices.includes(value)) {
    throw new InvalidInputError(`choose one of: ${question.choices.join(', ')}`, field);
  }
  return value;
}

/** The form field of a question's answer. */
export function questionField(questionId: number): string {
  return `question-${questionId}`;
}

/** An answer in words, as people read it. */
export function answerText(kind: QuestionKind, value: string): string {
  if (kind === 'boolean') return value === 'yes' ? 'Yes' : 'No';
  return value;
}
