import { createApp } from './app';
import type { Config } from './config';
import { createDatabase } from './db/knex';
import { createIntervalJob } from './lib/interval-job';
import type { Logger } from './lib/logger';
import { createServices } from './services';

const SHUTDOWN_GRACE_MS = 10000;

export type WebProcess = {
  /** Stops taking connections, lets requests in flight finish, stops the jobs and closes the pools. */
  stop: () => Promise<void>;
};

/**
 * One process of the app: the web server and the background jobs, on a migrated database. Every
 * job is safe with several processes at once (each claims its work in the database).
 */
export function startWebProcess(
  config: Config,
  logger: Logger,
  databaseUrl: string,
  onListening?: () => void,
): WebProcess {
  const db = createDatabase(databaseUrl);
  const services = createServices(config, { db, url: databaseUrl }, logger);
  const app = createApp(services);
  services.mailWorker.start();
  const jobs = [
    createIntervalJob({
      name: 'automatic invitation reminders',
      work: () => services.invitations.sendAutomaticReminders(),
      logger,
      intervalMs: config.reminderIntervalSeconds * 1000,
    }),
    createIntervalJob({
      name: 'meeting reminders',
      work: () => services.meetingCalendar.sendReminders(),
      logger,
      intervalMs: config.reminderIntervalSeconds * 1000,
    }),
    // At start and then hourly; each exercise is done once, however many processes run it.
    createIntervalJob({
      name: 'data retention',
      work: () => services.retention.applyDue(),
      logger,
      intervalMs: 60 * 60_000,
    }),
  ];
  for (const job of jobs) job.start();
  const server = app.listen(config.port, onListening);
  server.on('error', (error) => {
    // Start-up failures go to stderr as plain text, for the person at the terminal (the logger may be silent).
    console.error(`Cannot listen on port ${config.port}: ${error.message}`);
    process.exit(1);
  });

  async function stop() {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = new Promise<void>((resolve) =>
      setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, SHUTDOWN_GRACE_MS).unref(),
    );
    await Promise.race([closed, deadline]);
    await Promise.all([...jobs, services.mailWorker].map((job) => job.stop()));
    await services.sessionPool.end();
    await services.db.destroy();
  }
  return { stop };
}
