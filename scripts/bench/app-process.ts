import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export const BENCH_NODE_ENV = process.env.BENCH_NODE_ENV === 'development' ? 'development' : 'production';

/** What a TLS-terminating proxy in front of the app would add to each request. */
export const PROXY_HEADERS = { 'x-forwarded-proto': 'https' };

export type RunningApp = { url: string; pid: number; stop: () => Promise<void> };

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/**
 * The app as it is run (`node --import tsx server/main.ts`, Node itself so /proc/<pid> is the
 * server) on the bench database. The database has users, so the demo seed does nothing.
 *
 * By default it runs as in production (compiled views cached, no demo seed), behind what it takes
 * to be a TLS-terminating proxy: TRUST_PROXY and the X-Forwarded-Proto header every bench request
 * carries (PROXY_HEADERS), so its secure session cookie is issued over plain HTTP on 127.0.0.1.
 * BENCH_NODE_ENV=development measures the development mode instead, which compiles every view on
 * every render. Sign-in is limited per IP and every bench client is 127.0.0.1, so the limit is
 * raised through its setting for this process only. Request logs are off (LOG_LEVEL=warn) unless
 * BENCH_LOG_LEVEL says otherwise. `processes` is its WEB_CONCURRENCY; the pid is then that of
 * the first process, which serves no requests itself.
 */
export async function startApp(databaseUrl: string, processes = 1): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-bench-app-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...(BENCH_NODE_ENV === 'production'
        ? {
            SESSION_SECRET: randomBytes(32).toString('hex'),
            BASE_URL: 'https://market-testing.bench.invalid',
            TRUST_PROXY: 'true',
          }
        : {}),
      NODE_ENV: BENCH_NODE_ENV,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      SIGN_IN_RATE_LIMIT: '100000',
      WEB_CONCURRENCY: String(processes),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return { url, pid: child.pid!, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('The app did not become ready within a minute');
}

/** The process's resident memory in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match) throw new Error('No VmRSS in /proc status');
  return Number(match[1]) * 1024;
}
