import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn } from '../helpers/http';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

/** Moves a session's clock back, as if the time had passed. */
async function age(field: 'lastSeenAt' | 'signedInAt', minutesAgo: number) {
  await context.db('session').update({
    sess: context.db.raw(`jsonb_set(sess::jsonb, ?, to_jsonb(?::bigint))::json`, [
      `{${field}}`,
      Date.now() - minutesAgo * 60000,
    ]),
  });
}

test('a session idle for more than 30 minutes is ended', async () => {
  const agent = await signIn(context.app, 'staff@demo.test');
  expect((await agent.get('/staff')).status).toBe(200);
  await age('lastSeenAt', 29);
  expect((await agent.get('/staff')).status).toBe(200);
  await age('lastSeenAt', 31);
  const response = await agent.get('/staff');
  expect(response.status).toBe(303);
  expect(response.headers.location).toBe('/sign-in?timeout=1');
  expect((await agent.get('/sign-in?timeout=1')).text).toContain(
    'You were signed out because your session ended',
  );
  expect((await agent.get('/staff')).status).toBe(303);
});

test('a session older than 12 hours is ended even while active', async () => {
  await context.db('session').delete();
  const agent = await signIn(context.app, 'viewer@demo.test');
  await age('signedInAt', 11 * 60);
  expect((await agent.get('/viewer')).status).toBe(200);
  await age('signedInAt', 12 * 60 + 1);
  expect((await agent.get('/viewer')).headers.location).toBe('/sign-in?timeout=1');
});

test('the session cookie expires after the idle timeout', async () => {
  const agent = await signIn(context.app, 'admin@demo.test');
  const response = await agent.get('/admin');
  const cookie = (response.headers['set-cookie'] as unknown as string[]).find((c) =>
    c.startsWith('mtp.sid='),
  )!;
  const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]).getTime();
  expect(Math.round((expires - Date.now()) / 60000)).toBe(30);
});

// The session and its user are read in one query; what the user is now must still decide.
test('a change to the signed-in user takes effect at the next request, with the session kept', async () => {
  await context.db('session').delete();
  const agent = await signIn(context.app, 'staff@demo.test');
  expect((await agent.get('/exercises/new')).status).toBe(200);

  await context.db('users').where({ email: 'staff@demo.test' }).update({ role: 'viewer' });
  expect((await agent.get('/exercises/new')).status).toBe(403);
  expect((await agent.get('/viewer')).status).toBe(200);

  await context.db('users').where({ email: 'staff@demo.test' }).update({ role: 'staff', status: 'disabled' });
  expect(await context.db('session').count({ n: '*' }).first()).toEqual({ n: 1 });
  const refused = await agent.get('/staff');
  expect(refused.status).toBe(303);
  expect(refused.headers.location).toMatch(/^\/sign-in/);

  await context.db('users').where({ email: 'staff@demo.test' }).update({ status: 'active' });
});

// A browser follows a redirect on its headers alone; sent before the session was stored, the
// next page would not know where to return to after sign-in.
test('a redirect that changed the session is sent only after the session is stored', async () => {
  const server = context.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const blocker = await context.db.transaction();
  try {
    await blocker.raw('LOCK TABLE session IN EXCLUSIVE MODE');
    let headersArrived = false;
    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/admin/audit', headers: { accept: 'text/html' } }, (res) => {
          headersArrived = true;
          res.resume();
          resolve(res);
        })
        .on('error', reject);
    });
    await sessionWriteWaitingForLock();
    // Long enough for headers sent with the write still waiting to reach the client.
    await delay(200);
    expect(headersArrived).toBe(false);
    await blocker.commit();

    const redirect = await response;
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toBe('/sign-in');
    const cookieValue = decodeURIComponent(/^mtp\.sid=([^;]+)/.exec(redirect.headers['set-cookie']![0])![1]);
    const sid = /^s:([^.]+)\./.exec(cookieValue)![1];
    const stored = await context.db('session').where({ sid }).first();
    expect(stored.sess.returnTo).toBe('/admin/audit');
  } finally {
    if (!blocker.isCompleted()) await blocker.rollback();
    server.close();
  }
});

async function sessionWriteWaitingForLock() {
  for (;;) {
    const { rows } = await context.db.raw<{ rows: unknown[] }>(
      `SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "session"%'`,
    );
    if (rows.length > 0) return;
    await delay(10);
  }
}
