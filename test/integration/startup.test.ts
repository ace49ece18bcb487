import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '../helpers/app-process';
import { unusedPort } from '../helpers/smtp';

const ROOT = path.resolve(__dirname, '../..');

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function start(env: Record<string, string>): Started {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  // Node itself with tsx's loader, so that a signal reaches the server process and not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForReady(port: number, started: Started): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (started.child.exitCode !== null) throw new Error(`exited early: ${started.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never became ready: ${started.output()}`);
}

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start without DATABASE_URL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('runs on embedded PostgreSQL, survives a killed run, and shuts down cleanly', async () => {
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await unusedPort()),
      EMBEDDED_PG_PORT: String(await unusedPort()),
    };
    const port = Number(env.PORT);

    const first = start(env);
    await waitForReady(port, first);
    expect(first.output()).toContain('admin@demo.test');
    expect(first.output()).toContain('market-testing-demo');
    const orphan = postmasterPid(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(orphan)).toBe(true);

    const second = start(env);
    await waitForReady(port, second);
    expect(second.output()).not.toContain('Demo data loaded');
    const signIn = await fetch(`http://127.0.0.1:${port}/sign-in`);
    expect(signIn.status).toBe(200);
    const server = postmasterPid(dataDir);
    expect(alive(orphan)).toBe(false);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    for (let attempt = 0; attempt < 50 && alive(server); attempt += 1)
      await new Promise((r) => setTimeout(r, 100));
    expect(alive(server)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});

/** The app processes a cluster's primary runs (its children that run server/main.ts). */
function appProcessesOf(primary: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return (
          parent === primary && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server/main.ts')
        );
      } catch {
        return false; // gone meanwhile
      }
    });
}

describe('WEB_CONCURRENCY', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-cluster-'));
  let running: Started | undefined;
  afterAll(async () => {
    // After a failure, stop the cluster (and its database) rather than leave it serving.
    if (running?.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('runs that many app processes, replaces one that dies and stops them all on SIGTERM', async () => {
    const port = await unusedPort();
    const started = start({
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await unusedPort()),
      WEB_CONCURRENCY: '2',
    });
    running = started;
    await waitForReady(port, started);
    // Ready as soon as one process listens; the welcome waits for both.
    const welcome = `is running at http://localhost:${port} (2 processes)`;
    await eventually('the welcome names both processes', () => started.output().includes(welcome));
    const primary = started.child.pid!;
    const first = appProcessesOf(primary);
    expect(first).toHaveLength(2);

    process.kill(first[0], 'SIGKILL');
    let replaced: number[] = [];
    for (let attempt = 0; attempt < 300; attempt += 1) {
      replaced = appProcessesOf(primary);
      if (replaced.length === 2 && !replaced.includes(first[0])) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(replaced).toHaveLength(2);
    expect(replaced).not.toContain(first[0]);
    await waitForReady(port, started);
    expect((await fetch(`http://127.0.0.1:${port}/sign-in`)).status).toBe(200);

    const database = postmasterPid(dataDir);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(replaced.filter(alive)).toEqual([]);
    for (let attempt = 0; attempt < 50 && alive(database); attempt += 1)
      await new Promise((r) => setTimeout(r, 100));
    expect(alive(database)).toBe(false);
  });
});

test('production refuses to start without its required settings', async () => {
  const started = start({ NODE_ENV: 'production', PORT: String(await unusedPort()) });
  expect(await started.exited).toBe(1);
  expect(started.output()).toContain('SESSION_SECRET, DATABASE_URL, BASE_URL must be set in production');
});
