import { describe, expect, it } from 'vitest';
import { describeSmtpError, retryDelayMs } from './delivery.js';

describe('describeSmtpError', () => {
  it('takes the SMTP URL and its password out of the stored message', () => {
    const error = Object.assign(
      new Error('Cannot reach smtp://mailer:hunter2%21x@mail.example:587 (password hunter2!x refused)'),
      {
        code: 'ECONNECTION',
      },
    );

    const described = describeSmtpError(error, [
      'smtp://mailer:hunter2%21x@mail.example:587',
      'hunter2%21x',
      'hunter2!x',
    ]);

    expect(described.message).toBe('ECONNECTION: Cannot reach *** (password *** refused)');
    expect(described.permanent).toBe(false);
  });

  it('counts an unusable address or a 5xx refusal of the recipient or the message as final, and everything else as passing', () => {
    const refusal = (code: string, responseCode: number) =>
      Object.assign(new Error(`${responseCode} no`), { code, responseCode });

    expect(describeSmtpError(refusal('EENVELOPE', 550), []).permanent).toBe(true);
    expect(describeSmtpError(refusal('EMESSAGE', 554), []).permanent).toBe(true);
    expect(describeSmtpError(refusal('EENVELOPE', 451), []).permanent).toBe(false);
    expect(describeSmtpError(refusal('EAUTH', 535), []).permanent).toBe(false);
    expect(
      describeSmtpError(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' }), []).permanent,
    ).toBe(true);
    expect(describeSmtpError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }), []).permanent).toBe(
      false,
    );
  });

  it('shortens a long message to 500 characters', () => {
    expect(describeSmtpError(new Error('x'.repeat(2000)), []).message).toBe(`${'x'.repeat(497)}...`);
  });
});

describe('retryDelayMs', () => {
  const options = { baseMs: 60_000, maxMs: 3_600_000 };

  it('doubles the delay after each attempt, up to the cap, jittered between half and all of it', () => {
    expect([1, 2, 3, 7, 8, 20].map((attempt) => retryDelayMs(attempt, options, () => 1))).toEqual([
      60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
    expect([1, 2, 3, 7].map((attempt) => retryDelayMs(attempt, options, () => 0))).toEqual([
      30_000, 60_000, 120_000, 1_800_000,
    ]);
  });
});
