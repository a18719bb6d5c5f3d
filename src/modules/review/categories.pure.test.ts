import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../shared/errors.js';
import { categoryScale, formatReviewCategories, parseReviewCategories } from './categories.js';

describe('parseReviewCategories', () => {
  it('reads a name, an optional weight and labelled values per line, and writes them back the same', () => {
    const text = 'Relevance | weight 2 | 0 Off-topic | 1 Weak | 2 Good | 3 Core\n\n  Clarity|1|2   Very  clear ';
    const categories = parseReviewCategories(text);
    expect(categories).toEqual([
      { name: 'Relevance', weight: 2, minValue: 0, maxValue: 3, labels: ['Off-topic', 'Weak', 'Good', 'Core'] },
      { name: 'Clarity', weight: 1, minValue: 1, maxValue: 2, labels: ['', 'Very clear'] },
    ]);
    expect(formatReviewCategories(categories)).toBe(
      'Relevance | weight 2 | 0 Off-topic | 1 Weak | 2 Good | 3 Core\nClarity | weight 1 | 1 | 2 Very clear',
    );
    expect(parseReviewCategories(formatReviewCategories(categories))).toEqual(categories);
    expect(categoryScale(categories)).toEqual({ min: 1, max: 8 });
    expect(parseReviewCategories(' \n ')).toEqual([]);
  });

  it('names the line of each problem', () => {
    const cases: [string, string][] = [
      ['| 0 | 1', 'line 1: give the category a name before the first "|"'],
      ['Fit | 0 | 1\nfit | 0 | 1', 'line 2: "fit" is listed twice'],
      ['Fit | weight 0 | 0 | 1', 'line 1: the weight must be a whole number from 1 to 10'],
      ['Fit | weight two | 0 | 1', 'line 1: the weight must be a whole number from 1 to 10'],
      ['Fit | 0 Only', 'line 1: list at least two values, e.g. "| 0 Weak | 1 Good"'],
      ['Fit | 0 | 2', 'line 1: values must be consecutive whole numbers, lowest first: 2 follows 0'],
      ['Fit | good | bad', 'line 1: "good" must start with its value, a whole number'],
      ['A | weight 10 | 9 | 10 | 11', 'the weighted total runs from 90 to 110; keep it within -10 to 100'],
    ];
    for (const [text, problem] of cases) {
      expect(() => parseReviewCategories(text)).toThrow(new InvalidInputError(problem, 'categories'));
    }
  });
});
