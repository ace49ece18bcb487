import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { eventually, signInAt, startAppProcess, type AppProcess } from '../../helpers/app-process';
import { startPostgresProcess, type PostgresProcess } from '../../helpers/embedded-postgres-process';
import { DEMO_PASSWORD } from '../../helpers/context';
import { csrfFrom } from '../../helpers/http';
import { unusedPort } from '../../helpers/smtp';

/**
 * The app as a real process on a private PostgreSQL that the test stops and starts again under
 * traffic: requests fail cleanly with 503 while it is down and the app recovers by itself.
 */
jest.setTimeout(90_000);

const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-pg-restart-'));
let pgPort: number;
let database: PostgresProcess | undefined;
let app: AppProcess | undefined;
let traffic: ReturnType<typeof keepRequesting> | undefined;

const startDatabase = async () => {
  database = await startPostgresProcess(pgDir, pgPort);
  return database;
};

beforeAll(async () => {
  pgPort = await unusedPort();
  const { url } = await startDatabase();
  app = await startAppProcess({ DATABASE_URL: url, MAIL_POLL_MS: '200' });
});

afterAll(async () => {
  await traffic?.stop();
  await app?.kill();
  await database?.stop();
  if (app) fs.rmSync(app.dataDir, { recursive: true, force: true });
  fs.rmSync(pgDir, { recursive: true, force: true });
});

/** Signed-in pages and the readiness check requested over and over until stopped. */
function keepRequesting(url: string, cookie: string) {
  const statuses: number[] = [];
  const failures: string[] = [];
  let running = true;
  const loop = async (path: string, withCookie: boolean) => {
    while (running) {
      try {
        const call = request(url).get(path).timeout(30_000);
        const response = await (withCookie ? call.set('Cookie', cookie) : call);
        statuses.push(response.status);
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const loops = [loop('/staff', true), loop('/exercises', true), loop('/readyz', false)];
  return {
    statuses,
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

test('PostgreSQL stopped under traffic: 503 pages while it is down, recovery without a restart', async () => {
  const { url } = app!;
  const staff = await signInAt(url, 'staff@demo.test');
  expect((await staff.agent.get('/staff')).status).toBe(200);
  // Someone opens the sign-in page before the outage and sends it during it.
  const visitor = request.agent(url);
  const providerSignIn = {
    _csrf: csrfFrom((await visitor.get('/sign-in')).text),
    email: 'helen.marsh@meridian-business.test',
    password: DEMO_PASSWORD,
  };
  const load = keepRequesting(url, staff.cookie);
  traffic = load;
  await eventually('traffic flows', () => load.statuses.length > 10);

  await database!.stop();
  await eventually('the app reports the database unreachable', async () => {
    const ready = await request(url).get('/readyz');
    return ready.status === 503;
  });
  const page = await staff.agent.get('/staff');
  expect(page.status).toBe(503);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  expect(page.text).toContain('Sorry, the service is unavailable');
  expect(page.text).toContain('Try again in a few minutes');
  expect(page.headers['retry-after']).toBe('30');
  expect(page.text).not.toMatch(/at .*\.[jt]s:\d+/);
  const refused = await visitor.post('/sign-in').type('form').send(providerSignIn);
  expect(refused.status).toBe(503);
  expect(refused.text).toContain('Try again in a few minutes');
  await eventually('traffic sees the outage', () => load.statuses.includes(503));

  await startDatabase();
  await eventually('the app reports the database reachable again', async () => {
    const ready = await request(url).get('/readyz');
    return ready.status === 200;
  });
  await eventually(
    'signed-in pages load again',
    async () => (await staff.agent.get('/staff')).status === 200,
  );
  const afterwards = load.statuses.length;
  await eventually('traffic flows again', () => load.statuses.length > afterwards + 10);
  await load.stop();

  expect(load.failures).toEqual([]);
  expect(new Set(load.statuses)).toEqual(new Set([200, 503]));
  expect(load.statuses.slice(-5)).toEqual([200, 200, 200, 200, 200]);
  // Sessions made before the outage still work, and new sign-ins are stored.
  expect((await staff.agent.get('/exercises')).status).toBe(200);
  const retried = await visitor.post('/sign-in').type('form').send(providerSignIn);
  expect(retried.status).toBe(303);
  expect((await visitor.get('/provider')).status).toBe(200);
  expect(app!.child.exitCode).toBeNull();
});
