import { startEmbeddedPostgres } from '../../server/db/embedded-postgres';

/** Started by embedded-postgres-process.ts: prints the URL, stops PostgreSQL on SIGTERM. */
async function run() {
  const [dataDir, port] = process.argv.slice(2);
  const database = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'market_testing' });
  const stop = () => {
    database.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`${database.url}\n`);
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
