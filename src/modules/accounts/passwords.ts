import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEnglish from '@zxcvbn-ts/language-en';

/** argon2id with the library's defaults (19 MiB, 2 passes), OWASP's recommended minimum. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified when an address is unknown so that a login takes as long either way. */
let dummyHash: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<void> {
  dummyHash ??= hash('lectern-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * zxcvbn's estimate of how many guesses a password takes, from the maintained lists of common
 * and breached passwords, words, names and keyboard patterns (common and English). Built once,
 * on first use: loading the dictionaries takes a moment.
 */
let estimator: ZxcvbnFactory | undefined;
function strength(password: string, userInputs: string[]) {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEnglish.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEnglish.translations,
  });
  return estimator.check(password, userInputs);
}

/** zxcvbn's scale runs 0 to 4; 3 is "safely unguessable" (about 10^8 guesses and more). */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Why a new password is refused, or undefined when it is fine. The account's email and name
 * count as guessable words.
 */
export function passwordProblem(password: string, email?: string, name?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  if (email && password.toLowerCase() === email.toLowerCase()) return 'must not be your email address';
  if (/^(.)\1*$/.test(password)) return 'must not be one character repeated';
  const userInputs = [email, email?.split('@')[0], name, 'lectern'].filter((s): s is string => !!s);
  const result = strength(password, userInputs);
  if (result.score < MIN_PASSWORD_SCORE) {
    const why = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, '').toLowerCase()})` : '';
    return `is too easy to guess${why}: choose a longer one, for example a few unrelated words`;
  }
  return undefined;
}
