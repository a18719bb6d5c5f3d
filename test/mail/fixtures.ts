import type { Database } from '../../src/db/client.js';
import { events } from '../../src/db/schema.js';
import { MailWorker } from '../../src/modules/mail/index.js';
import { testDatabase } from '../helpers/database.js';
import { addToTeam, createUser } from '../helpers/site.js';
import { SmtpSink, type ReceivedMail } from './smtp-sink.js';

/**
 * Two events with their teams, for the mail and API token pages: Conf 2030 with an organiser
 * and a reviewer, and Other 2031 with an organiser of its own.
 */
export async function createMailEvents(db: Database) {
  const [conf, other] = await db
    .insert(events)
    .values([
      { slug: 'conf-2030', name: 'Conf 2030', timezone: 'Europe/Paris', published: false },
      { slug: 'other-2031', name: 'Other 2031', timezone: 'UTC', published: false },
    ])
    .returning();
  const organiser = await createUser(db, { email: 'olga@example.com', name: 'Olga Organiser' });
  const reviewer = await createUser(db, { email: 'rita@example.com', name: 'Rita Reviewer' });
  const otherOrganiser = await createUser(db, { email: 'otto@example.com', name: 'Otto Other' });
  await addToTeam(db, 'conf-2030', organiser.id, 'organiser');
  await addToTeam(db, 'conf-2030', reviewer.id, 'reviewer');
  await addToTeam(db, 'other-2031', otherOrganiser.id, 'organiser');
  return { conf: conf!, other: other!, organiser, reviewer, otherOrganiser };
}

/**
 * Delivers everything the outbox holds now through the real mail worker to a real SMTP server
 * started for the occasion, and gives what that server received.
 */
export async function deliverOutboxOverSmtp(): Promise<ReceivedMail[]> {
  const sink = await new SmtpSink().start();
  const worker = new MailWorker({
    database: await testDatabase(),
    smtpUrl: sink.url,
    from: 'Lectern <l@example.com>',
    log: { info() {}, warn() {}, error() {} },
    pollIntervalMs: 3_600_000,
  });
  try {
    await worker.deliverDue();
  } finally {
    await worker.stop();
    await sink.stop();
  }
  return sink.received;
}
