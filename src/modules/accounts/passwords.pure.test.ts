import { describe, expect, it } from 'vitest';
import { passwordProblem } from './passwords.js';

describe('passwordProblem', () => {
  it.each(['password12', 'qwertyuiop', 'correcthorse', 'iloveyou123', 'Passw0rd!!', 'ada.lovelace1815'])(
    'refuses %s as too easy to guess',
    (password) => {
      expect(passwordProblem(password, 'ada.lovelace@example.com', 'Ada Lovelace')).toMatch(/^is too easy to guess/);
    },
  );

  it.each(['plum violin anchor tulip', 'a perfectly long password', 'Kx9#vT2q!mZr'])('accepts %s', (password) => {
    expect(passwordProblem(password, 'ada@example.com', 'Ada')).toBeUndefined();
  });

  it('says why a short, long or repeated password is refused before asking how guessable it is', () => {
    expect(passwordProblem('short')).toBe('must be at least 10 characters long');
    expect(passwordProblem('x'.repeat(201))).toBe('must be at most 200 characters long');
    expect(passwordProblem('ada@example.com', 'ada@example.com')).toBe('must not be your email address');
    expect(passwordProblem('aaaaaaaaaaaa')).toBe('must not be one character repeated');
  });
});
