/**
 * Measures the portal on the large bench exercise (issue 6, "Scale and speed"), on real PostgreSQL.
 *
 *   npm run bench       # this, then bench:providers
 *
 * Uses the database made by `npm run bench:data` (made first if missing) on DATABASE_URL's server
 * or the embedded PostgreSQL in data/bench, and runs the app as a child process to measure it over
 * HTTP. BENCH_RUNS (default 20) sets the repetitions, BENCH_SECONDS (default 10) the autocannon run.
 * See docs/benchmarks.md.
 */
import { loadConfig } from '../server/config';
import { createDatabase } from '../server/db/knex';
import { createBenchData } from './bench-data';
import { startApp, type RunningApp } from './bench/app-process';
import { benchDatabaseExists, openBenchServer } from './bench/database';
import { signIn } from './bench/http';
import { download, pageTimings, saveTimings, summaryTimings, throughput } from './bench/measures';
import { draftProviderEmails, findBenchExercise, STAFF_EMAIL, submittedProviderEmail } from './bench/shape';
import { median, megabytes, percentile, printTable, type Row } from './bench/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const { demoPassword } = loadConfig({});

const ms = (value: number) => `${value.toFixed(1)} ms`;

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
    const provider = await signIn(app.url, providerEmail, demoPassword);
    const sections = exercise.snapshot.sections;
    const sectionPath = (id: string) => `/provider/exercises/${exercise.id}/response/sections/${id}`;
    for (const [index, section] of [sections[0], sections[2]].entries()) {
      console.log(`Load testing the section page "${section.title}"…`);
      const result = await throughput(provider, sectionPath(section.id), CONNECTIONS, SECONDS);
      if (result.failed > 0) throw new Error(`${result.failed} section page requests failed`);
      rows.push({
        metric: `Section page "${section.title}", ${CONNECTIONS} connections`,
        measured: `${result.perSecond.toFixed(0)} req/s`,
        target: index === 0 ? '>= 800 req/s' : '',
        pass: index === 0 ? result.perSecond >= 800 : null,
      });
    }
    const draft = await signIn(app.url, draftEmail, demoPassword);
    console.log('Timing section saves…');
    const saves = await saveTimings(draft, sectionPath(sections[0].id), sections[0], RUNS * 5);
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
