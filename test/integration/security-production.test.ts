import request from 'supertest';
import { createTestContext, DEMO_PASSWORD, type TestContext } from '../helpers/context';
import { csrfFrom } from '../helpers/http';
import {
  cspDirectives,
  expectBaselineHeaders,
  expectNoInternals,
  rawRequest,
  setCookies,
} from '../helpers/security';

/** The app as deployed: production settings behind a TLS-terminating proxy. */
let context: TestContext;
beforeAll(async () => {
  context = await createTestContext({
    env: {
      NODE_ENV: 'production',
      SESSION_SECRET: 'a-production-like-session-secret-of-some-length',
      BASE_URL: 'https://portal.test',
      TRUST_PROXY: 'true',
    },
  });
});
afterAll(() => context.close());

/** A browser over https: the proxy says so, and it sends back the cookie it was given. */
function browser() {
  let cookie = '';
  const allCookies: string[] = [];
  const send = async (pending: request.Test) => {
    const response = await pending.set('X-Forwarded-Proto', 'https').set('Cookie', cookie);
    allCookies.push(...setCookies(response.headers));
    const session = setCookies(response.headers).find((c) => c.startsWith('mtp.sid='));
    if (session) cookie = session.split(';')[0];
    return response;
  };
  return {
    allCookies,
    cookie: () => cookie,
    get: (path: string) => send(request(context.app).get(path)),
    post: (path: string, fields: Record<string, string>) =>
      send(request(context.app).post(path).type('form').send(fields)),
  };
}

async function signedIn(email: string) {
  const user = browser();
  const form = await user.get('/sign-in');
  const response = await user.post('/sign-in', {
    _csrf: csrfFrom(form.text),
    email,
    password: DEMO_PASSWORD,
  });
  expect(response.status).toBe(303);
  return user;
}

test('HSTS and upgrade-insecure-requests are on, with the same strict policy', async () => {
  const response = await browser().get('/sign-in');
  expectBaselineHeaders(response.headers);
  expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  expect(cspDirectives(response.headers).has('upgrade-insecure-requests')).toBe(true);
});

test('the session cookie is Secure, HttpOnly, SameSite=Lax, Path=/, and the only cookie', async () => {
  const user = await signedIn('helen.marsh@meridian-business.test');
  const home = await user.get('/provider');
  expect(home.status).toBe(200);
  expect(home.headers['cache-control']).toBe('no-store');
  await user.get('/provider/exercises');
  await user.post('/sign-out', { _csrf: csrfFrom(home.text) });
  expect(user.allCookies.length).toBeGreaterThanOrEqual(3);
  for (const cookie of user.allCookies) {
    expect(cookie).toMatch(/^mtp\.sid=s%3A[\w-]+\.[\w%+/-]+;/);
    expect(cookie).not.toMatch(/helen|meridian|provider/i);
    const attributes = cookie.split(/;\s*/).slice(1);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']));
  }
});

test('over plain http the session cookie is never sent', async () => {
  const response = await request(context.app).get('/sign-in');
  expect(response.status).toBe(200);
  expect(setCookies(response.headers)).toEqual([]);
});

test('the sent-emails page of development does not exist', async () => {
  const admin = await signedIn('admin@demo.test');
  expect((await admin.get('/emails')).status).toBe(404);
});

describe('errors show no internals', () => {
  test('an unexpected database failure is a 500 page with a reference and no SQL or stack', async () => {
    const staff = await signedIn('staff@demo.test');
    await context.db.raw('alter table exercises rename to exercises_moved');
    try {
      const page = await staff.get('/exercises');
      expect(page.status).toBe(500);
      expect(page.text).toContain('Sorry, there is a problem with the service');
      expect(page.text).toContain(page.headers['x-request-id']);
      expectNoInternals(page.text);
      expect(page.text).not.toMatch(/exercises_moved|does not exist/);
      expectBaselineHeaders(page.headers);

      const json = await request(context.app)
        .get('/exercises')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', staff.cookie())
        .set('Accept', 'application/json');
      expect(json.status).toBe(500);
      expect(Object.keys(json.body).sort()).toEqual(['error', 'requestId']);
      expect(json.body.requestId).toBe(json.headers['x-request-id']);
      expectNoInternals(json.text);
    } finally {
      await context.db.raw('alter table exercises_moved rename to exercises');
    }
  });

  test('malformed input is a 4xx page with a reference and no parser messages', async () => {
    const staff = await signedIn('staff@demo.test');
    const responses = [
      await staff.get('/exercises/%E0%A4%A'),
      await request(context.app)
        .post('/sign-in')
        .set('X-Forwarded-Proto', 'https')
        .set('Content-Type', 'application/json')
        .send('{"email": "a@b.test", "password": '),
      await request(context.app)
        .post('/sign-in')
        .set('X-Forwarded-Proto', 'https')
        .type('form')
        .send(`email=${'a'.repeat(200 * 1024)}`),
    ];
    expect(responses.map((r) => r.status)).toEqual([400, 400, 413]);
    for (const response of responses) {
      expect(response.text).toContain(response.headers['x-request-id']);
      expect(response.text).not.toMatch(/URIError|SyntaxError|Unexpected|JSON|entity\.too\.large/);
      expectNoInternals(response.text);
    }
  });

  test('an over-large header is refused before the app, with nothing in the body', async () => {
    const response = await rawRequest(context.app, '/sign-in', {
      headers: { 'X-Filler': 'x'.repeat(64 * 1024) },
    });
    expect(response.status).toBe(431);
    expectNoInternals(response.body);
  });
});

test('too many sign-in attempts get a 429 page with a reference', async () => {
  const user = browser();
  const form = await user.get('/sign-in');
  let response = await user.post('/sign-in', { _csrf: csrfFrom(form.text), email: '', password: '' });
  for (let attempt = 0; attempt < 30 && response.status !== 429; attempt += 1) {
    response = await user.post('/sign-in', { _csrf: csrfFrom(form.text), email: '', password: '' });
  }
  expect(response.status).toBe(429);
  expect(response.text).toContain(response.headers['x-request-id']);
  expectBaselineHeaders(response.headers);
});
