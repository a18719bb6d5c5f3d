import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { reviewCategories, reviews, talks } from '../../db/schema.js';
import { ConflictError, InvalidInputError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { updateEventRecord } from '../program/index.js';
import { requireDecider, type ReviewEvent } from './policy.js';

/**
 * Score categories: an event may score proposals in several categories ("Relevance",
 * "Clarity"), each a scale of whole numbers with a label per value and a weight. A review's
 * score is then the weighted sum of its values (weight × value, summed): a whole number, so
 * exact, and the event's scale becomes the lowest and highest sums the categories allow.
 * Without categories, a review is one score on the event's scale, as before.
 */

export interface ReviewCategory {
  id: number;
  name: string;
  weight: number;
  minValue: number;
  maxValue: number;
  /** One per value, lowest first; '' for a value without a label. */
  labels: string[];
}

export type ReviewCategoryDraft = Omit<ReviewCategory, 'id'>;

const MAX_CATEGORIES = 10;
const MAX_NAME = 80;
const MAX_LABEL = 80;
const MAX_VALUES = 11;
const MAX_WEIGHT = 10;
/** The settings page's bounds for a scale; the weighted sums must fit them too. */
const SCALE_FLOOR = -10;
const SCALE_CEILING = 100;

export async function listReviewCategories(db: Database, eventId: number): Promise<ReviewCategory[]> {
  return db
    .select({
      id: reviewCategories.id,
      name: reviewCategories.name,
      weight: reviewCategories.weight,
      minValue: reviewCategories.minValue,
      maxValue: reviewCategories.maxValue,
      labels: reviewCategories.labels,
    })
    .from(reviewCategories)
    .where(eq(reviewCategories.eventId, eventId))
    .orderBy(asc(reviewCategories.position), asc(reviewCategories.id));
}

/** The label of a value in a category, or the bare number when it has none. */
export function valueLabel(category: Pick<ReviewCategory, 'minValue' | 'labels'>, value: number): string {
  const label = category.labels[value - category.minValue];
  return label ? `${value} (${label})` : String(value);
}

/** The lowest and highest weighted sums the categories allow. */
export function categoryScale(categories: readonly ReviewCategoryDraft[]): { min: number; max: number } {
  return {
    min: categories.reduce((sum, c) => sum + c.weight * c.minValue, 0),
    max: categories.reduce((sum, c) => sum + c.weight * c.maxValue, 0),
  };
}

/** The weighted sum of a review's values, one per category. */
export function weightedTotal(categories: readonly ReviewCategory[], values: ReadonlyMap<number, number>): number {
  return categories.reduce((sum, c) => sum + c.weight * (values.get(c.id) ?? 0), 0);
}

/** The categories as the settings text shows them, one per line (see parseReviewCategories). */
export function formatReviewCategories(categories: readonly ReviewCategoryDraft[]): string {
  return categories
    .map((c) => {
      const values: string[] = [];
      for (let v = c.minValue; v <= c.maxValue; v++) {
        const label = c.labels[v - c.minValue] ?? '';
        values.push(label ? `${v} ${label}` : String(v));
      }
      return [c.name, `weight ${c.weight}`, ...values].join(' | ');
    })
    .join('\n');
}

/**
 * Reads score categories from text, one per line: a name, an optional weight, and each value
 * from lowest to highest with an optional label, separated by "|":
 * `Relevance | weight 2 | 0 Off-topic | 1 Weak | 2 Good | 3 Core`. Values are consecutive
 * whole numbers; an empty text means no categories. Every problem names its line.
 */
export function parseReviewCategories(text: string): ReviewCategoryDraft[] {
  const lines = text
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '');
  const fail = (number: number, problem: string): never => {
    throw new InvalidInputError(`line ${number}: ${problem}`, 'categories');
  };
  if (lines.length > MAX_CATEGORIES)
    throw new InvalidInputError(`at most ${MAX_CATEGORIES} categories, one per line`, 'categories');
  const seen = new Set<string>();
  const drafts = lines.map(({ line, number }) => {
    const parts = line.split('|').map((part) => part.trim().replace(/\s+/g, ' '));
    const name = parts.shift()!;
    if (name === '') fail(number, 'give the category a name before the first "|"');
    if (name.length > MAX_NAME) fail(number, `the name must be at most ${MAX_NAME} characters`);
    if (seen.has(name.toLowerCase())) fail(number, `"${name}" is listed twice`);
    seen.add(name.toLowerCase());
    let weight = 1;
    const weightMatch = /^weight\s*(.*)$/i.exec(parts[0] ?? '');
    if (weightMatch) {
      parts.shift();
      const raw = weightMatch[1]!.trim();
      weight = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(weight) || weight < 1 || weight > MAX_WEIGHT)
        fail(number, `the weight must be a whole number from 1 to ${MAX_WEIGHT}`);
    }
    if (parts.length < 2) fail(number, 'list at least two values, e.g. "| 0 Weak | 1 Good"');
    if (parts.length > MAX_VALUES) fail(number, `list at most ${MAX_VALUES} values`);
    const values = parts.map((part) => {
      const match = /^(-?\d{1,3})(?:\s+(.*))?$/.exec(part);
      if (!match) return fail(number, `"${part}" must start with its value, a whole number`);
      const label = (match[2] ?? '').trim();
      if (label.length > MAX_LABEL) fail(number, `a label must be at most ${MAX_LABEL} characters`);
      return { value: Number(match[1]), label };
    });
    values.forEach((v, i) => {
      if (i > 0 && v.value !== values[i - 1]!.value + 1)
        fail(
          number,
          `values must be consecutive whole numbers, lowest first: ${v.value} follows ${values[i - 1]!.value}`,
        );
    });
    return {
      name,
      weight,
      minValue: values[0]!.value,
      maxValue: values[values.length - 1]!.value,
      labels: values.map((v) => v.label),
    };
  });
  const scale = categoryScale(drafts);
  if (scale.min < SCALE_FLOOR || scale.max > SCALE_CEILING) {
    throw new InvalidInputError(
      `the weighted total runs from ${scale.min} to ${scale.max}; keep it within ${SCALE_FLOOR} to ${SCALE_CEILING}`,
      'categories',
    );
  }
  return drafts;
}

/**
 * Replaces the event's score categories (organisers only) and sets the event's scale to the
 * weighted sums they allow. Refused once a review is written at the event: changing the
 * categories would leave the reviews given without their values, or with a different total.
 */
export async function saveReviewCategories(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
  text: string,
): Promise<ReviewCategory[]> {
  requireDecider(actor, event);
  const drafts = parseReviewCategories(text);
  return db.transaction(async (tx) => {
    const [written] = await tx
      .select({ n: count() })
      .from(reviews)
      .where(inArray(reviews.talkId, tx.select({ id: talks.id }).from(talks).where(eq(talks.eventId, event.id))));
    const n = Number(written?.n ?? 0);
    const current = await listReviewCategories(tx, event.id);
    if (formatReviewCategories(current) === formatReviewCategories(drafts)) return current;
    if (n > 0) {
      throw new ConflictError(
        `The score categories cannot change once reviews are written: ${n} ${n === 1 ? 'review exists' : 'reviews exist'} at ${event.name}.`,
      );
    }
    await tx.delete(reviewCategories).where(eq(reviewCategories.eventId, event.id));
    if (drafts.length > 0) {
      await tx.insert(reviewCategories).values(drafts.map((d, i) => ({ ...d, eventId: event.id, position: i + 1 })));
      const scale = categoryScale(drafts);
      await updateEventRecord(tx, event.id, { reviewScoreMin: scale.min, reviewScoreMax: scale.max });
    }
    return listReviewCategories(tx, event.id);
  });
}
