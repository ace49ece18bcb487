import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres';

/**
 * Where the benchmark data lives: a dedicated database (BENCH_DATABASE, default mtp_bench) on the
 * server of BENCH_DATABASE_URL or DATABASE_URL, or else on an embedded PostgreSQL kept under
 * BENCH_DATA_DIR (default ./data/bench) so that `npm run bench` finds what `bench:data` made.
 */
export const BENCH_DATABASE = process.env.BENCH_DATABASE ?? 'mtp_bench';

export type BenchServer = {
  /** The bench database on that server. */
  url: string;
  /** The server's maintenance database, for creating and dropping the bench database. */
  adminUrl: string;
  stop: () => Promise<void>;
};

const withDatabase = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

export async function openBenchServer(): Promise<BenchServer> {
  const external = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) {
    return {
      url: withDatabase(external, BENCH_DATABASE),
      adminUrl: withDatabase(external, 'postgres'),
      stop: () => Promise.resolve(),
    };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(process.env.BENCH_DATA_DIR ?? 'data/bench'),
    port: Number(process.env.BENCH_PG_PORT ?? 54339),
    database: 'postgres',
  });
  return {
    url: withDatabase(embedded.url, BENCH_DATABASE),
    adminUrl: embedded.url,
    stop: embedded.stop,
  };
}

export async function benchDatabaseExists(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DATABASE]);
    return found.rowCount === 1;
  } finally {
    await client.end();
  }
}
