import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres';
import { createDatabase } from './db/knex';
import { migrateToLatest } from './db/migrate';
import { createLogger, type Logger } from './lib/logger';
import { startProcessCluster } from './lib/process-cluster';
import { startWebProcess } from './web-process';
import { DEMO_ACCOUNTS, seedDemoData } from '../seeds/demo';

async function openDatabase(config: Config): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: 'market_testing',
  });
  return { url: embedded.url, embedded };
}

/** Migrates the database and, outside production, loads the demo data; true if it was loaded now. */
async function prepareDatabase(config: Config, url: string): Promise<boolean> {
  const db = createDatabase(url, 1);
  try {
    await migrateToLatest(db);
    return config.isProduction ? false : await seedDemoData(db, config.demoPassword);
  } finally {
    await db.destroy();
  }
}

/** Plain console output on purpose: it is for the person at the terminal, not the JSON log stream. */
function printWelcome(config: Config, seeded: boolean) {
  const processes = config.webConcurrency > 1 ? ` (${config.webConcurrency} processes)` : '';
  const lines = [`Market testing portal for ${config.orgName} is running at ${config.baseUrl}${processes}`];
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

/** On SIGTERM or SIGINT, once: `stop`, then exit 0 (1 if stopping failed). */
function stopOnSignal(logger: Logger, stop: () => Promise<unknown>) {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) {
    // The primary prepared the database and gave this process its address in DATABASE_URL.
    const web = startWebProcess(config, logger, config.databaseUrl!);
    stopOnSignal(logger, web.stop);
    return;
  }
  const { url, embedded } = await openDatabase(config);
  const seeded = await prepareDatabase(config, url);
  if (config.webConcurrency === 1) {
    const web = startWebProcess(config, logger, url, () => printWelcome(config, seeded));
    stopOnSignal(logger, async () => {
      await web.stop();
      await embedded?.stop();
    });
    return;
  }
  const processes = startProcessCluster({
    count: config.webConcurrency,
    env: { DATABASE_URL: url },
    logger,
    onAllListening: () => printWelcome(config, seeded),
  });
  stopOnSignal(logger, async () => {
    await processes.stop();
    await embedded?.stop();
  });
}

main().catch((error: unknown) => {
  // Before the logger exists (bad configuration) there is only the terminal to tell.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Failed to start:', error);
  process.exit(1);
});
