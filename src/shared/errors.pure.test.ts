import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.js';

describe('InvalidInputError', () => {
  it('carries its field and problem as data, and joins them only in its message', () => {
    const error = new InvalidInputError('"api" is reserved by Lectern: choose another slug', 'slug');
    expect([error.field, error.problem, error.message]).toEqual([
      'slug',
      '"api" is reserved by Lectern: choose another slug',
      'slug: "api" is reserved by Lectern: choose another slug',
    ]);
    expect(error.toFieldError()).toEqual({
      field: 'slug',
      message: '"api" is reserved by Lectern: choose another slug',
    });
  });

  it('puts a problem that names no field above the form', () => {
    const error = new InvalidInputError('the file is empty');
    expect([error.field, error.message]).toEqual([undefined, 'the file is empty']);
    expect(error.toFieldError()).toEqual({ field: '_form', message: 'the file is empty' });
  });
});
