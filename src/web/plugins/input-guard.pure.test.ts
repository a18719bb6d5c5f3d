import { describe, expect, it } from 'vitest';
import { parseFormBody, pathOfNul } from './input-guard.js';

describe('parseFormBody', () => {
  it('reads fields as a browser sends them: + as a space, %-escapes decoded, a repeated field as a list', () => {
    expect({ ...parseFormBody('name=Ursula+Caf%C3%A9&tracks=1&tracks=2&tracks=3&empty=&bare&a%2Bb=c%26d') }).toEqual({
      name: 'Ursula Café',
      tracks: ['1', '2', '3'],
      empty: '',
      bare: '',
      'a+b': 'c&d',
    });
  });

  it('keeps field names such as __proto__ as plain fields', () => {
    const fields = parseFormBody('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect({ ...fields }).toEqual({ ['__proto__']: 'x', constructor: 'y' });
  });

  it.each([
    ['name=%ZZ', 'body field "name" holds a malformed %-escape'],
    ['name=%E2%80', 'body field "name" holds a malformed %-escape'],
    ['title=ok&name=%', 'body field "name" holds a malformed %-escape'],
    ['%C3=x', 'body field "%C3" holds a malformed %-escape'],
  ])('refuses %j with a 400: %s', (body, message) => {
    expect(() => parseFormBody(body)).toThrow(expect.objectContaining({ statusCode: 400, message }));
  });
});

describe('pathOfNul', () => {
  it('finds the first NUL, in a value or a key, at any depth', () => {
    expect(pathOfNul({ a: 'fine', b: ['x', { c: 'y\u0000' }] })).toEqual(['b', '1', 'c']);
    expect(pathOfNul({ 'k\u0000': 'v' })).toEqual(['k\\u0000']);
    expect(pathOfNul('\u0000')).toEqual([]);
    expect(pathOfNul({ a: 'fine', n: 3, t: true, z: null })).toBeUndefined();
  });
});
