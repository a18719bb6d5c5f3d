import type { Database } from './db/client.js';
import { issueSetupToken, SETUP_LINK_HOURS } from './modules/accounts/index.js';
import { absolute } from './shared/links.js';

/**
 * On start-up while nobody organises anything: logs a new one-time link to create the first
 * organiser in the browser. The log is the one place the token appears (request logs redact
 * /setup/…). Returns the link, or undefined when there is an organiser (or no event yet).
 */
export async function announceSetupLink(
  db: Database,
  log: { info(message: string): void },
  publicUrl: string,
): Promise<string | undefined> {
  const token = await issueSetupToken(db);
  if (token === undefined) return undefined;
  const link = absolute(publicUrl, `/setup/${token}`);
  log.info(`Set up Lectern: ${link}`);
  log.info(
    `No organiser yet: open the link above to create the first one (it works once, for ${SETUP_LINK_HOURS} hours), or use npx lectern create-organiser.`,
  );
  return link;
}
