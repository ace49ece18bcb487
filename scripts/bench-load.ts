/**
 * Load: 200 providers, each signed in with its own session, saving a questionnaire section over
 * and over for 60 seconds (issue 7, "Load"); then checks in the database that every save the app
 * acknowledged was recorded.
 *
 *   npm run bench:load                  # LOAD_SECONDS=60, LOAD_PROVIDERS=200
 *
 * Uses the bench database (see bench:data, made first if missing) and runs the app as a child
 * process. Each save writes a new value, so each acknowledged save must have moved the section's
 * version on by one and left one answer-history row. Exits non-zero on any error or lost save.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config';
import { createDatabase } from '../server/db/knex';
import { createBenchData } from './bench-data';
import { startApp, type RunningApp } from './bench/app-process';
import { benchDatabaseExists, openBenchServer } from './bench/database';
import { saveForm } from './bench/forms';
import { csrfFrom, get, postForm, sectionVersionFrom, signIn, type Session } from './bench/http';
import { recordedSaves, type SaveCounts } from './bench/load-check';
import { draftProviderEmails, findBenchExercise } from './bench/shape';
import { median, percentile } from './bench/stats';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const PROVIDERS = Number(process.env.LOAD_PROVIDERS ?? 200);
const SIGN_IN_CONCURRENCY = 8;
const { demoPassword } = loadConfig({});

type Client = { email: string; session: Session; csrf: string; version: number; saves: number; last: string };

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
}

async function prepare(app: RunningApp, emails: string[], path: string): Promise<Client[]> {
  return inBatches(emails, SIGN_IN_CONCURRENCY, async (email) => {
    const session = await signIn(app.url, email, demoPassword);
    const html = await (await get(session, path)).text();
    return { email, session, csrf: csrfFrom(html), version: sectionVersionFrom(html), saves: 0, last: '' };
  });
}

async function main() {
  const server = await openBenchServer();
  if (!(await benchDatabaseExists(server.adminUrl))) await createBenchData(server);
  const db = createDatabase(server.url, 2);
  let app: RunningApp | undefined;
  try {
    const exercise = await findBenchExercise(db);
    if (!exercise) throw new Error('No bench exercise: run npm run bench:data');
    const section = exercise.snapshot.sections[0];
    const path = `/provider/exercises/${exercise.id}/response/sections/${section.id}`;
    const emails = await draftProviderEmails(db, exercise.id, PROVIDERS);
    if (emails.length < PROVIDERS) throw new Error(`Only ${emails.length} draft providers in the bench data`);
    app = await startApp(server.url);
    const clients = await prepare(app, emails, path);
    const before: SaveCounts = await recordedSaves(db, exercise.id, section, emails);
    console.log(`${clients.length} providers signed in; saving "${section.title}" for ${SECONDS} s`);

    const latencies: number[] = [];
    const failures = new Map<string, number>();
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          const marker = `Load save ${client.saves + 1} by ${client.email}`;
          const sent = performance.now();
          try {
            const response = await postForm(
              client.session,
              path,
              saveForm(section, client.csrf, client.version, marker),
            );
            await response.arrayBuffer();
            latencies.push(performance.now() - sent);
            if (response.status === 303) {
              client.saves += 1;
              client.version += 1;
              client.last = marker;
            } else {
              failures.set(String(response.status), (failures.get(String(response.status)) ?? 0) + 1);
              client.version = sectionVersionFrom(await (await get(client.session, path)).text());
            }
          } catch (error) {
            const name = (error as Error).message;
            failures.set(name, (failures.get(name) ?? 0) + 1);
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const after = await recordedSaves(db, exercise.id, section, emails);
    const acknowledged = clients.reduce((sum, client) => sum + client.saves, 0);
    const errors = [...failures.values()].reduce((sum, count) => sum + count, 0);
    const versionsMoved = after.versions - before.versions;
    const historyRows = after.historyRows - before.historyRows;
    const wrongFinal = clients.filter(
      (client) => client.saves > 0 && after.markers.get(client.email) !== client.last,
    );
    const lost = acknowledged - versionsMoved;

    console.log(
      `\nRequests        ${latencies.length} in ${elapsed.toFixed(1)} s (${(latencies.length / elapsed).toFixed(0)} req/s)`,
    );
    console.log(
      `Errors          ${errors}${errors ? ` ${JSON.stringify(Object.fromEntries(failures))}` : ''}`,
    );
    console.log(
      `Latency         p50 ${median(latencies).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${percentile(latencies, 1).toFixed(1)} ms`,
    );
    console.log(
      `Saves           ${acknowledged} acknowledged (303); ${versionsMoved} section versions recorded; ${historyRows} answer-history rows`,
    );
    console.log(
      `Lost saves      ${lost}; providers whose stored answer is not their last save: ${wrongFinal.length}`,
    );
    const ok = errors === 0 && lost === 0 && historyRows === acknowledged && wrongFinal.length === 0;
    console.log(ok ? '\nPASS: zero errors, zero lost saves' : '\nFAIL');
    if (!ok) process.exitCode = 1;
  } finally {
    await app?.stop();
    await db.destroy();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
