/**
 * Measures the portal on the large bench exercise (issue 6, "Scale and speed"), on real PostgreSQL.
 *
 *   npm run bench       # this, then bench:providers
 *
 * Uses the database made by `npm run bench:data` (made first if missing) on DATABASE_URL's server
 * or the embedded PostgreSQL in data/bench, and runs the app as a child process to measure it over
 * HTTP. BENCH_RUNS (default 20) sets the repetitions, BENCH_SECONDS (default 10) the autocannon run,
 * BENCH_PROCESSES (default: the machine's cores) the app processes for the section page's target
 * figure, measured after the one-process figures. See docs/benchmarks.md.
 */
import os from 'node:os';
import { loadConfig } from '../server/config';
import { createDatabase } from '../server/db/knex';
import { createBenchData } from './bench-data';
import { startApp, type RunningApp } from './bench/app-process';
import { benchDatabaseExists, openBenchServer } from './bench/database';
import { signIn } from './bench/http';
import { download, pageTimings, saveTimings, summaryTimings, throughput } from './bench/measures';
import { draftProviderEmails, findBenchExercise, STAFF_EMAIL, submittedProviderEmail } from './bench/shape';
import { median, megabytes, percentile, printTable, type Row } from './bench/stats';
import type { SnapshotSection } from '../server/modules/questionnaires/questionnaire-structure';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const WARM_UP_SECONDS = 3;
/** App processes for the section page's target figure: WEB_CONCURRENCY as deployed, one per core. */
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? os.availableParallelism());
const { demoPassword } = loadConfig({});

const ms = (value: number) => `${value.toFixed(1)} ms`;
const sectionPath = (exerciseId: string, sectionId: string) =>
  `/provider/exercises/${exerciseId}/response/sections/${sectionId}`;

async function benchExercise(server: { url: string; adminUrl: string }) {
  if (!(await benchDatabaseExists(server.adminUrl))) {
    console.log('No bench database yet: generating it (npm run bench:data)');
    await createBenchData(server);
  }
  const db = createDatabase(server.url, 2);
  try {
    const exercise = await findBenchExercise(db);
    if (!exercise) throw new Error('The bench database has no bench exercise: run npm run bench:data');
    return {
      exercise,
      providerEmail: await submittedProviderEmail(db, exercise.id),
      // Not one of the first 200, which bench:load uses.
      draftEmail: (await draftProviderEmails(db, exercise.id, 201))[200],
    };
  } finally {
    await db.destroy();
  }
}

async function exportRows(
  app: RunningApp,
  session: Parameters<typeof download>[0],
  path: string,
  label: string,
) {
  const result = await download(session, path, app.pid);
  if (result.status === 404)
    return [{ metric: `${label}`, measured: 'not available', target: '', pass: null }];
  if (result.status !== 200) throw new Error(`GET ${path} answered ${result.status}`);
  const size = `${megabytes(result.bytes).toFixed(1)} MB`;
  return [
    { metric: `${label}: time (${size})`, measured: ms(result.ms), target: '', pass: null },
    {
      metric: `${label}: peak RSS growth`,
      measured: `${megabytes(result.growth).toFixed(1)} MB`,
      target: '< 100 MB',
      pass: megabytes(result.growth) < 100,
    },
  ];
}

/** Section pages under autocannon; the first is the one with the target when `withTarget`. */
async function sectionThroughput(
  app: RunningApp,
  providerEmail: string,
  exerciseId: string,
  sections: SnapshotSection[],
  processes: number,
  withTarget: boolean,
): Promise<Row[]> {
  const provider = await signIn(app.url, providerEmail, demoPassword);
  const rows: Row[] = [];
  for (const [index, section] of sections.entries()) {
    console.log(`Load testing the section page "${section.title}" (${processes} app processes)…`);
    const path = sectionPath(exerciseId, section.id);
    // Unmeasured: a freshly started process runs its code unoptimised for its first seconds.
    await throughput(provider, path, CONNECTIONS, WARM_UP_SECONDS);
    const result = await throughput(provider, path, CONNECTIONS, SECONDS);
    if (result.failed > 0) throw new Error(`${result.failed} section page requests failed`);
    const target = withTarget && index === 0;
    rows.push({
      metric: `Section page "${section.title}", ${CONNECTIONS} connections, ${processes} app process${processes === 1 ? '' : 'es'}`,
      measured: `${result.perSecond.toFixed(0)} req/s`,
      target: target ? '>= 800 req/s' : '',
      pass: target ? result.perSecond >= 800 : null,
    });
  }
  return rows;
}

async function main() {
  const server = await openBenchServer();
  let app: RunningApp | undefined;
  const rows: Row[] = [];
  try {
    const { exercise, providerEmail, draftEmail } = await benchExercise(server);
    console.log('Timing the interest summary (scoring service)…');
    const summary = await summaryTimings(server.url, exercise.id, Math.max(5, Math.round(RUNS / 2)));
    rows.push({
      metric: `Interest summary, scoring service (median of ${summary.length})`,
      measured: ms(median(summary)),
      target: '< 250 ms',
      pass: median(summary) < 250,
    });
    app = await startApp(server.url);
    const staff = await signIn(app.url, STAFF_EMAIL, demoPassword);
    console.log('Timing the dashboard page…');
    const dashboard = await pageTimings(staff, `/exercises/${exercise.id}/summary`, RUNS);
    rows.push(
      {
        metric: `Dashboard page, median of ${RUNS}`,
        measured: ms(median(dashboard)),
        target: '',
        pass: null,
      },
      {
        metric: `Dashboard page, p95 of ${RUNS}`,
        measured: ms(percentile(dashboard, 0.95)),
        target: '< 500 ms',
        pass: percentile(dashboard, 0.95) < 500,
      },
    );
    const sections = exercise.snapshot.sections;
    const single = PROCESSES === 1;
    const shown = [sections[0], sections[2]];
    rows.push(...(await sectionThroughput(app, providerEmail, exercise.id, shown, 1, single)));
    const draft = await signIn(app.url, draftEmail, demoPassword);
    console.log('Timing section saves…');
    const saves = await saveTimings(draft, sectionPath(exercise.id, sections[0].id), sections[0], RUNS * 5);
    rows.push({
      metric: `Save a section, p95 of ${saves.length} (median ${ms(median(saves))})`,
      measured: ms(percentile(saves, 0.95)),
      target: '< 30 ms',
      pass: percentile(saves, 0.95) < 30,
    });
    const base = `/exercises/${exercise.id}/summary`;
    console.log('Timing the exports…');
    rows.push(...(await exportRows(app, staff, `${base}/detail.csv`, 'CSV detail export')));
    rows.push(...(await exportRows(app, staff, `${base}/report.xlsx`, 'Excel export')));
    await app.stop();
    app = undefined;
    if (!single) {
      app = await startApp(server.url, PROCESSES);
      rows.push(...(await sectionThroughput(app, providerEmail, exercise.id, shown, PROCESSES, true)));
    }
  } finally {
    await app?.stop();
    await server.stop();
  }
  console.log(`\nBench exercise on ${new URL(server.url).host}; ${new Date().toISOString()}\n`);
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
