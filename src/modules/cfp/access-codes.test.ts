import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accessCodes } from '../../db/schema.js';
import { ForbiddenError, InvalidInputError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createUser } from '../../../test/helpers/site.js';
import { createCfpEvent } from '../../../test/routes/speaker-fixtures.js';
import { loadActor } from '../accounts/index.js';
import { createAccessCode, drawAccessCode, grantOfProposal, peekAccessCode, redeemAccessCode } from './access-codes.js';

const NOW = new Date('2030-03-01T10:00:00Z');

async function world() {
  const { db } = await testDatabase();
  const { event } = await createCfpEvent(db);
  const [once, lasting, expired] = await db
    .insert(accessCodes)
    .values([
      { eventId: event.id, code: 'ONCE-ONLY', maxUses: 1 },
      { eventId: event.id, code: 'LASTING-CODE' },
      { eventId: event.id, code: 'EXPIRED-CODE', validUntil: NOW },
    ])
    .returning();
  const stranger = await createUser(db, { email: 'grace@example.com' });
  return {
    db,
    event,
    once: once!,
    lasting: lasting!,
    expired: expired!,
    stranger: (await loadActor(db, stranger.id))!,
  };
}

async function usesOf(db: Awaited<ReturnType<typeof world>>['db'], id: number): Promise<number> {
  const [row] = await db.select({ uses: accessCodes.uses }).from(accessCodes).where(eq(accessCodes.id, id));
  return row!.uses;
}

describe('access codes', () => {
  it('draws codes of 16 unambiguous letters and digits, different each time', () => {
    const drawn = new Set(Array.from({ length: 50 }, () => drawAccessCode()));
    expect(drawn.size).toBe(50);
    for (const code of drawn) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{16}$/);
  });

  it('finds a code whatever its case, and peeking counts no use', async () => {
    const { db, event, lasting } = await world();
    expect(await peekAccessCode(db, event, ' lasting-code ', NOW)).toEqual({
      id: lasting.id,
      code: 'LASTING-CODE',
      sessionTypeId: null,
      trackId: null,
    });
    expect(await usesOf(db, lasting.id)).toBe(0);
  });

  it('counts a use per proposal, refuses one past the limit, and never counts one twice for the same proposal', async () => {
    const { db, event, once } = await world();
    await db.transaction((tx) => redeemAccessCode(tx, event, 'ONCE-ONLY', NOW));
    expect(await usesOf(db, once.id)).toBe(1);
    await expect(db.transaction((tx) => redeemAccessCode(tx, event, 'ONCE-ONLY', NOW))).rejects.toThrow(
      new InvalidInputError('the access code ONCE-ONLY has been used 1 time, as often as it may', 'accessCode'),
    );
    await db.transaction((tx) => redeemAccessCode(tx, event, 'ONCE-ONLY', NOW, once.id));
    expect(await usesOf(db, once.id)).toBe(1);
  });

  it('takes two proposals racing for the last use one at a time: one gets it, the other is refused', async () => {
    const { db, event, once } = await world();
    const results = await Promise.allSettled([
      db.transaction((tx) => redeemAccessCode(tx, event, 'ONCE-ONLY', NOW)),
      db.transaction((tx) => redeemAccessCode(tx, event, 'ONCE-ONLY', NOW)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await usesOf(db, once.id)).toBe(1);
  });

  it('refuses an expired code from its last instant on, and gives a proposal no grant from it then', async () => {
    const { db, event, expired } = await world();
    const before = new Date(NOW.getTime() - 1);
    expect((await peekAccessCode(db, event, 'EXPIRED-CODE', before)).id).toBe(expired.id);
    await expect(peekAccessCode(db, event, 'EXPIRED-CODE', NOW)).rejects.toThrow(InvalidInputError);
    expect(await grantOfProposal(db, event, expired.id, before)).toMatchObject({ id: expired.id });
    expect(await grantOfProposal(db, event, expired.id, NOW)).toBeUndefined();
  });

  it('lets only the event’s organisers make codes', async () => {
    const { db, event, stranger } = await world();
    await expect(
      createAccessCode(db, stranger, event, { code: '', validUntil: '', maxUses: '', sessionTypeId: '', trackId: '' }),
    ).rejects.toThrow(ForbiddenError);
    expect(await db.$count(accessCodes)).toBe(3);
  });
});
