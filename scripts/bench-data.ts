/**
 * Generates the large exercise the benchmarks run against (issue 6, "Scale and speed").
 *
 *   npm run bench:data        # on DATABASE_URL's server if set, else an embedded PostgreSQL in data/bench
 *
 * Recreates the database mtp_bench (BENCH_DATABASE) each time: the demo data, then 2,000 invited
 * providers with accounts, 1,500 submitted responses to 40 service areas, and 800 held meetings.
 * See docs/benchmarks.md.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config';
import { createDatabase } from '../server/db/knex';
import { migrateToLatest } from '../server/db/migrate';
import { recreateDatabase } from '../test/helpers/database-admin';
import { seedDemoData } from '../seeds/demo';
import { BENCH_DATABASE, openBenchServer } from './bench/database';
import { generateBenchData } from './bench/generate';
import { withServices } from './bench/services';

const TABLES = [
  'organisations',
  'users',
  'invitations',
  'responses',
  'answers',
  'response_submissions',
  'section_progress',
  'meetings',
  'meeting_observations',
];

export async function createBenchData(server: { url: string; adminUrl: string }) {
  const started = performance.now();
  await recreateDatabase(server.adminUrl, BENCH_DATABASE);
  const db = createDatabase(server.url, 4);
  try {
    await migrateToLatest(db);
    const { demoPassword } = loadConfig({});
    await seedDemoData(db, demoPassword);
    const exerciseId = await generateBenchData(db, demoPassword);
    console.log(`Generated ${BENCH_DATABASE} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const table of TABLES) {
      const [{ count }] = await db(table).count<{ count: number }[]>({ count: '*' });
      console.log(`  ${table.padEnd(22)} ${String(count).padStart(8)}`);
    }
    return exerciseId;
  } finally {
    await db.destroy();
  }
}

/** The summary as the app computes it, as a check that the app reads the generated data. */
export async function printSummaryCheck(url: string, exerciseId: string) {
  await withServices(url, async (services) => {
    const started = performance.now();
    const { summaries, providers, finding } = await services.scoring.summary(exerciseId);
    const took = performance.now() - started;
    const outcomes = providers.reduce<Record<string, number>>(
      (counts, provider) => ({ ...counts, [provider.outcome]: (counts[provider.outcome] ?? 0) + 1 }),
      {},
    );
    console.log(`\nSummary by the scoring service (${took.toFixed(0)} ms, first run):`);
    console.log(`  providers: ${JSON.stringify(outcomes)}; ${summaries.length} service areas`);
    for (const summary of summaries.slice(0, 3)) {
      console.log(
        `  ${summary.name.padEnd(22)} responded ${summary.responded}, interested ${summary.interested}, depth ${summary.depth}, mean S ${summary.meanS?.toFixed(1)}`,
      );
    }
    console.log(`  finding: ${finding}`);
  });
}

async function main() {
  const server = await openBenchServer();
  try {
    const exerciseId = await createBenchData(server);
    await printSummaryCheck(server.url, exerciseId);
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
