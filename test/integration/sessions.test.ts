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
