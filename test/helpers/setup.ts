import { beforeEach } from 'vitest';
import { resetDatabase, resetsHeld, testDatabase } from './database.js';

// Every test starts from an empty (migrated) database, or from its file's checkpoint.
beforeEach(async () => {
  if (resetsHeld()) return;
  const { db } = await testDatabase();
  await resetDatabase(db);
});
