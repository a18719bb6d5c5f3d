import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { DataDirectoryLockedError } from './db/lock.js';
import { Agenda, watchProgramChanges } from './modules/agenda/index.js';
import { announceSetupLink } from './first-run.js';
import { importSampleDataIfEmpty } from './sample-data.js';
import { installationSecret } from './modules/accounts/index.js';
import { limitTalkSearch } from './modules/program/index.js';
import { MailWorker } from './modules/mail/index.js';
import { WebhookWorker } from './modules/webhooks/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    limits: config.database,
    log: (message) => console.error(message),
    // Before the app (and its logger) exists: plain lines, so that a slow first start does not look hung.
    progress: (message) => console.error(`lectern: ${message}…`),
  });
  limitTalkSearch(config.search);
  // Programs are loaded when first asked for, within a memory budget; nothing is loaded now.
  const agenda = new Agenda(database.db, {
    loadFrom: database.background,
    budgetBytes: config.programMemoryMb * 1024 * 1024,
  });
  const app = await buildApp({
    agenda,
    db: database.db,
    background: database.background,
    secret: await installationSecret(database.db, config.secret),
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    webhooksAllowLocal: config.webhooksAllowLocal,
    logRequests: config.logRequests,
    metricsToken: config.metricsToken,
    responseCacheBytes: config.responseCacheMb * 1024 * 1024,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  app.log.info(
    database.kind === 'pglite'
      ? `Database: embedded PGlite in ${database.location} (no fsync: use PostgreSQL in production)`
      : `Database: PostgreSQL at ${database.location}`,
  );
  if (config.sampleData) {
    app.log.info('Importing the PyBay 2016 sample program if the database has no event yet…');
    const report = await importSampleDataIfEmpty(database.db);
    if (report)
      app.log.info(
        `Imported the PyBay 2016 sample program: ${report.counts.talks} talks, ${report.counts.speakers} speakers`,
      );
  }
  const stopWatching = await watchProgramChanges(database, agenda, (error) =>
    app.log.error({ err: error }, 'reloading the program failed'),
  );

  const mailWorker = new MailWorker({ database, smtpUrl: config.smtpUrl, from: config.mailFrom, log: app.log });
  if (mailWorker.mode === 'log') app.log.warn('SMTP_URL is not set: mail is written to this log instead of being sent');
  await mailWorker.start();
  const webhookWorker = new WebhookWorker({
    database,
    publicUrl: config.publicUrl,
    allowLocal: config.webhooksAllowLocal,
    log: app.log,
  });
  if (config.webhooksAllowLocal) {
    app.log.warn('LECTERN_WEBHOOKS_ALLOW_LOCAL is on: webhooks may reach this machine and private networks');
  }
  await webhookWorker.start();

  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'stopping after an error');
    else app.log.info(`${signal ?? 'exit'}: stopping`);
    await app.close();
    await mailWorker.stop();
    await webhookWorker.stop();
    await stopWatching();
    await database.close();
  });

  await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const { events } = await agenda.events();
  const named = events.slice(0, 10).map((event) => event.slug);
  const more = events.length > named.length ? ` and ${events.length - named.length} more` : '';
  app.log.info(`Lectern is running at http://${shownHost}:${port}/ (events: ${named.join(', ') || 'none yet'}${more})`);
  // After the server answers: the first events' programs, a couple at a time, so their first visitors find them ready.
  agenda.warm(config.warmEvents).catch((error: unknown) => app.log.warn({ err: error }, 'warming the programs failed'));
  // Last, so that the link is the line a newcomer reads.
  await announceSetupLink(database.db, app.log, config.publicUrl);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirectoryLockedError) {
    console.error(`lectern: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
