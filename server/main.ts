import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres';
import { createDatabase } from './db/knex';
import { migrateToLatest } from './db/migrate';
import { createLogger } from './lib/logger';
import { createIntervalJob } from './lib/interval-job';
import { createServices, type Services } from './services';
import { DEMO_ACCOUNTS, seedDemoData } from '../seeds/demo';

const SHUTDOWN_GRACE_MS = 10000;

async function openDatabase(config: Config): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: 'market_testing',
  });
  return { url: embedded.url, embedded };
}

/** Plain console output on purpose: it is for the person at the terminal, not the JSON log stream. */
function printWelcome(config: Config, seeded: boolean) {
  const lines = [`Market testing portal for ${config.orgName} is running at ${config.baseUrl}`];
  if (!config.isProduction) {
    lines.push(
      seeded ? 'Demo data loaded. Demo accounts:' : 'Demo accounts (if the demo data is still present):',
    );
    for (const account of DEMO_ACCOUNTS) lines.push(`  ${account.email.padEnd(34)} ${account.description}`);
    lines.push(
      `Password for every demo account: ${config.demoPassword === 'market-testing-demo' ? config.demoPassword : '(DEMO_PASSWORD)'}`,
    );
  }
  console.log(lines.join('\n'));
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const { url, embedded } = await openDatabase(config);
  const db = createDatabase(url);
  await migrateToLatest(db);
  const seeded = config.isProduction ? false : await seedDemoData(db, config.demoPassword);
  const services = createServices(config, { db, url }, logger);
  const app = createApp(services);
  services.mailWorker.start();
  // Both are safe with several app processes: the services claim each reminder once in the database.
  const reminders = createIntervalJob({
    name: 'automatic invitation reminders',
    work: () => services.invitations.sendAutomaticReminders(),
    logger,
    intervalMs: config.reminderIntervalSeconds * 1000,
  });
  const meetingReminders = createIntervalJob({
    name: 'meeting reminders',
    work: () => services.meetingCalendar.sendReminders(),
    logger,
    intervalMs: config.reminderIntervalSeconds * 1000,
  });
  // At start and then hourly; each exercise is done once, however many processes run it.
  const retention = createIntervalJob({
    name: 'data retention',
    work: () => services.retention.applyDue(),
    logger,
    intervalMs: 60 * 60_000,
  });
  reminders.start();
  meetingReminders.start();
  retention.start();
  const server = app.listen(config.port, () => printWelcome(config, seeded));
  // Start-up failures go to stderr as plain text, for the person at the terminal (the logger may be silent).
  server.on('error', (error) => {
    console.error(`Cannot listen on port ${config.port}: ${error.message}`);
    process.exit(1);
  });
  installShutdown(server, services, [reminders, meetingReminders, retention, services.mailWorker], embedded);
}

function installShutdown(
  server: Server,
  services: Services,
  workers: { stop: () => Promise<void> }[],
  embedded?: EmbeddedPostgres,
) {
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    services.logger.info({ signal }, 'shutting down');
    // Stop taking connections, let in-flight requests finish, then close idle keep-alive sockets.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = new Promise<void>((resolve) =>
      setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, SHUTDOWN_GRACE_MS).unref(),
    );
    Promise.race([closed, deadline])
      .then(() => Promise.all(workers.map((worker) => worker.stop())))
      .then(() => services.sessionPool.end())
      .then(() => services.db.destroy())
      .then(() => embedded?.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          services.logger.error({ err: error }, 'error during shutdown');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Before the logger exists (bad configuration) there is only the terminal to tell.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Failed to start:', error);
  process.exit(1);
});
