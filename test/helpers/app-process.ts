import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DEMO_PASSWORD } from './context';
import { csrfFrom, sessionCookie, type Agent } from './http';
import { unusedPort } from './smtp';

const ROOT = path.resolve(__dirname, '../..');

/** One secret for every process of a test, so that a session made by one is honoured by another. */
export const SHARED_SESSION_SECRET = 'fault-tests-shared-session-secret-0123456789';

export type AppProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  dataDir: string;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGKILL, as a crash or an OOM kill would end it; resolves once the process is gone. */
  kill: () => Promise<void>;
};

/**
 * `node --import tsx server/main.ts` as production runs it (Node itself, so a signal reaches the
 * server and not a wrapper), on the given database, waited for until /readyz answers 200.
 */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = env.PORT ? Number(env.PORT) : await unusedPort();
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-app-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      SESSION_SECRET: SHARED_SESSION_SECRET,
      ...env,
      PORT: String(port),
      DATA_DIR: dataDir,
    },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started: AppProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    dataDir,
    output: () => output,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitForReady(started);
  } catch (error) {
    await started.kill();
    throw error;
  }
  return started;
}

async function waitForReady(app: AppProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (app.child.exitCode !== null) throw new Error(`The app exited early: ${app.output()}`);
    try {
      if ((await fetch(`${app.url}/readyz`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The app never became ready: ${app.output()}`);
}

/** Signs in through the real form of an app at a URL; returns the agent and its session cookie. */
export async function signInAt(
  url: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<{ agent: Agent; cookie: string }> {
  const agent = request.agent(url);
  const form = await agent.get('/sign-in');
  const response = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password });
  const cookie = sessionCookie(response);
  if (response.status !== 303 || !cookie) throw new Error(`Sign-in as ${email} failed: ${response.status}`);
  return { agent, cookie };
}

/** Polls until `check` holds; fails with `what` if it never does within the bound. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, attempts = 300) {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Never happened: ${what}`);
}
