/**
 * How fast is the provider list with 10,000 organisations?
 *
 *   npm run bench:providers                      # a throwaway embedded PostgreSQL
 *   BENCH_DATABASE_URL=postgres://... npm run bench:providers
 *
 * With BENCH_DATABASE_URL the script creates a database named mtp_bench_<random> on that server,
 * uses it and drops it afterwards; it never touches existing data.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmbeddedPostgres } from '../server/db/embedded-postgres';
import { createDatabase } from '../server/db/knex';
import { migrateToLatest } from '../server/db/migrate';
import { normaliseName } from '../server/modules/providers/organisation-names';
import { REACHES, SECTORS, SIZES } from '../server/modules/providers/organisation-repository';
import {
  createOrganisationSearch,
  type SearchCriteria,
} from '../server/modules/providers/organisation-search';
import { adminUrlFor, dropDatabase, recreateDatabase } from '../test/helpers/database-admin';

const ORGANISATIONS = 10_000;
const RUNS = 50;
const WORDS = [
  'Care',
  'Learning',
  'Services',
  'Partners',
  'Trust',
  'Solutions',
  'Community',
  'Education',
  'Finance',
  'Digital',
];
const PLACES = [
  'Oxford',
  'Banbury',
  'Witney',
  'Bicester',
  'Abingdon',
  'Didcot',
  'Thame',
  'Henley',
  'Wantage',
  'Bromley',
];
const SUFFIXES = ['Ltd', 'CIC', 'plc', 'Trust', 'LLP', ''];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

function organisation(index: number) {
  const name =
    `${PLACES[index % 10]} ${WORDS[(index * 7) % 10]} ${WORDS[(index * 3 + 1) % 10]} ${index} ${SUFFIXES[index % 6]}`.trim();
  return {
    name,
    normalised_name: normaliseName(name),
    registration_number: String(10_000_000 + index),
    sector: SECTORS[index % 3],
    reach: REACHES[Math.floor(index / 3) % 3],
    size: SIZES[Math.floor(index / 9) % 3],
    town: PLACES[index % 10],
    updated_at: new Date(Date.now() - index * 60_000),
  };
}

const CASES: [string, Partial<SearchCriteria>][] = [
  ['first page, by name', {}],
  ['search "learning"', { q: 'learning' }],
  ['search "oxford care", sorted by update', { q: 'oxford care', sort: 'updated' }],
  ['filter private + SME', { sectors: ['private'], sizes: ['sme'] }],
  ['filter voluntary + local, by size', { sectors: ['voluntary'], reaches: ['local'], sort: 'size' }],
  ['sort by reach, page 200', { sort: 'reach', page: 200 }],
  ['deep page 400 (the last), by name', { page: 400 }],
  ['recently updated, page 300', { sort: 'updated', page: 300 }],
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-bench-'));
  const embedded = process.env.BENCH_DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
  const serverUrl = process.env.BENCH_DATABASE_URL ?? embedded!.url;
  const name = `mtp_bench_${randomBytes(4).toString('hex')}`;
  await recreateDatabase(adminUrlFor(serverUrl), name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createDatabase(url.toString(), 2);
  try {
    await migrateToLatest(db);
    const rows = Array.from({ length: ORGANISATIONS }, (_, index) => organisation(index));
    for (let start = 0; start < rows.length; start += 1000)
      await db('organisations').insert(rows.slice(start, start + 1000));
    await db.raw('ANALYZE organisations');
    const search = createOrganisationSearch(db);
    console.log(`${ORGANISATIONS} organisations; ${RUNS} runs per case (count + one page of 25)\n`);
    console.log('case'.padEnd(44), 'rows'.padStart(6), 'median ms'.padStart(10), 'p95 ms'.padStart(8));
    for (const [label, overrides] of CASES) {
      const criteria: SearchCriteria = {
        q: '',
        sectors: [],
        reaches: [],
        sizes: [],
        sort: 'name',
        page: 1,
        ...overrides,
      };
      let total = 0;
      const timings: number[] = [];
      for (let run = 0; run < RUNS + 5; run += 1) {
        const started = performance.now();
        total = (await search.search(criteria)).total;
        if (run >= 5) timings.push(performance.now() - started); // the first runs warm the caches
      }
      timings.sort((a, b) => a - b);
      console.log(
        label.padEnd(44),
        String(total).padStart(6),
        percentile(timings, 0.5).toFixed(2).padStart(10),
        percentile(timings, 0.95).toFixed(2).padStart(8),
      );
    }
  } finally {
    await db.destroy();
    await dropDatabase(adminUrlFor(serverUrl), name);
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
