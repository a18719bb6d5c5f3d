import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { settings } from '../../db/schema.js';
import { newToken } from '../../shared/tokens.js';

/**
 * The secret that signs cookies. Taken from LECTERN_SECRET when set; otherwise generated once
 * and kept in the database, so that every app instance (and every restart) signs alike.
 */
export async function installationSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db
    .insert(settings)
    .values({ key: 'cookie_secret', value: newToken('', 48) })
    .onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, 'cookie_secret'));
  return row!.value;
}
