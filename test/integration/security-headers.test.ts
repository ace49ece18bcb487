import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn } from '../helpers/http';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

test('pages carry a strict content security policy and no framing', async () => {
  const response = await request(context.app).get('/sign-in');
  const csp = response.headers['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-powered-by']).toBeUndefined();
  expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('signed-in pages are never cached', async () => {
  const agent = await signIn(context.app, 'staff@demo.test');
  expect((await agent.get('/staff')).headers['cache-control']).toBe('no-store');
});

test('TRACE is refused', async () => {
  const response = await request(context.app).trace('/sign-in');
  expect(response.status).toBe(405);
});

test('an unknown page is a 404 in the layout with a request id', async () => {
  const response = await request(context.app).get('/no-such-page');
  expect(response.status).toBe(303);
  const agent = await signIn(context.app, 'staff@demo.test');
  const signedIn = await agent.get('/no-such-page').set('X-Request-Id', 'test-request-1234');
  expect(signedIn.status).toBe(404);
  expect(signedIn.text).toContain('Page not found');
  expect(signedIn.text).toContain('Oxfordshire County Council');
});

test('an oversized body is refused with 413, not a 500', async () => {
  const response = await request(context.app)
    .post('/sign-in')
    .type('form')
    .send(`email=${'a'.repeat(200 * 1024)}`);
  expect(response.status).toBe(413);
});

test('malformed JSON is a 400', async () => {
  const response = await request(context.app)
    .post('/sign-in')
    .set('Content-Type', 'application/json')
    .send('{"email":');
  expect(response.status).toBe(400);
});

test('the stylesheet is served and there is no directory listing', async () => {
  const css = await request(context.app).get('/assets/css/application.css');
  expect(css.status).toBe(200);
  expect(css.text).not.toContain('GDS Transport');
  expect((await request(context.app).get('/assets/css/')).status).not.toBe(200);
});

test('health and readiness', async () => {
  expect((await request(context.app).get('/healthz')).body).toEqual({ status: 'ok' });
  const ready = await request(context.app).get('/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body.database).toBe('reachable');
});
