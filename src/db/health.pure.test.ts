import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './client.js';
import { pendingMigrations, shippedMigrations } from './health.js';

describe('the migrations a release ships', () => {
  it('are the SQL files beside the journal, in order', () => {
    const files = readdirSync(MIGRATIONS)
      .filter((name) => name.endsWith('.sql'))
      .sort();
    expect(shippedMigrations().map((m) => `${m.tag}.sql`)).toEqual(files);
  });
});

describe('pendingMigrations', () => {
  const shipped = [
    { tag: '0000_a', when: 100 },
    { tag: '0001_b', when: 200 },
    { tag: '0002_c', when: 300 },
  ];

  it('is none when the database has applied every one', () => {
    expect(pendingMigrations(shipped, [100, 200, 300])).toEqual([]);
  });

  it('is none when a newer release migrated the database further (a rolling upgrade)', () => {
    expect(pendingMigrations(shipped, [100, 200, 300, 400])).toEqual([]);
  });

  it('names those not applied, one in the middle included', () => {
    expect(pendingMigrations(shipped, [100, 300])).toEqual([{ tag: '0001_b', when: 200 }]);
    expect(pendingMigrations(shipped, [])).toEqual(shipped);
  });
});
