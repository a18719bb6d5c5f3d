import { beforeEach } from 'vitest';
import { resetDatabase, testDatabase } from './database.js';

// Every test starts from an empty (migrated) database.
beforeEach(async () => {
  const { db } = await testDatabase();
  await resetDatabase(db);
});
