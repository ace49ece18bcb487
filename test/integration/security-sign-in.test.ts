import request from 'supertest';
import { createTestContext, DEMO_PASSWORD, type TestContext } from '../helpers/context';
import { csrfFrom, sessionCookie, signIn, tokenFor } from '../helpers/http';
import { linkInLatestEmail } from '../helpers/mail';
import { rawRequest } from '../helpers/security';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext({ env: { SIGN_IN_RATE_LIMIT: '1000' } });
});
afterAll(() => context.close());

const sessionIdOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];

/** Signs in on whatever session the cookie names, as a browser holding that cookie would. */
async function signInWithCookie(cookie: string | undefined, email: string) {
  const form = await request(context.app)
    .get('/sign-in')
    .set('Cookie', cookie ?? '');
  const current = sessionCookie(form) ?? cookie ?? '';
  return request(context.app)
    .post('/sign-in')
    .set('Cookie', current)
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password: DEMO_PASSWORD });
}

describe('session fixation', () => {
  test('a session planted before sign-in is replaced, and the planted id never signs anyone in', async () => {
    const planted = sessionCookie(await request(context.app).get('/exercises').set('Accept', 'text/html'))!;
    expect(planted).toBeDefined();
    expect(await context.db('session').where({ sid: sessionIdOf(planted) })).toHaveLength(1);

    const response = await signInWithCookie(planted, 'staff@demo.test');
    expect(response.status).toBe(303);
    const fresh = sessionCookie(response)!;
    expect(fresh).toBeDefined();
    expect(sessionIdOf(fresh)).not.toBe(sessionIdOf(planted));
    expect(await context.db('session').where({ sid: sessionIdOf(planted) })).toHaveLength(0);

    const withPlanted = await request(context.app).get('/staff').set('Cookie', planted);
    expect(withPlanted.status).toBe(303);
    expect(withPlanted.headers.location).toBe('/sign-in');
    expect((await request(context.app).get('/staff').set('Cookie', fresh)).status).toBe(200);
  });

  test('signing in as someone else on a signed-in session also starts a new one', async () => {
    const viewer = await signIn(context.app, 'viewer@demo.test');
    const viewerCookie = sessionCookie(await viewer.get('/viewer'))!;
    const token = await tokenFor(viewer, '/viewer');
    const response = await viewer
      .post('/sign-in')
      .type('form')
      .send({ _csrf: token, email: 'admin@demo.test', password: DEMO_PASSWORD });
    expect(response.status).toBe(303);
    expect(sessionIdOf(sessionCookie(response)!)).not.toBe(sessionIdOf(viewerCookie));
    expect((await request(context.app).get('/viewer').set('Cookie', viewerCookie)).status).toBe(303);
  });
});

const HOSTILE_RETURN_PATHS = [
  '//evil.test',
  '//evil.test/admin',
  'https://evil.test/admin',
  '/\\evil.test',
  '/%5Cevil.test',
  '/%2F%2Fevil.test',
  '/%2f/evil.test',
  '/%09/evil.test',
  'javascript:alert(1)',
  '/%E0%A4%A',
];

describe('open redirects after sign-in are refused', () => {
  test('a same-site page asked for before sign-in is where the user lands', async () => {
    const visit = await rawRequest(context.app, '/admin/users?status=invited', {
      headers: { Accept: 'text/html' },
    });
    const response = await signInWithCookie(sessionCookie(visit), 'admin@demo.test');
    expect(response.headers.location).toBe('/admin/users?status=invited');
  });

  test.each(HOSTILE_RETURN_PATHS)('asking for %s before sign-in lands on the home page', async (target) => {
    const visit = await rawRequest(context.app, target, { headers: { Accept: 'text/html' } });
    expect(visit.status).not.toBe(500);
    const response = await signInWithCookie(sessionCookie(visit), 'admin@demo.test');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/admin');
  });

  test.each([
    ...HOSTILE_RETURN_PATHS,
    '/\t/evil.test',
    '/\\/evil.test',
    '\\\\evil.test',
    ' //evil.test',
    'https:evil.test',
    '/%252F%252Fevil.test',
  ])('an invitation link whose next is %j lands on the home page', async (next) => {
    const email = `invitee.${Math.random().toString(36).slice(2, 10)}@demo.test`;
    const admin = await signIn(context.app, 'admin@demo.test');
    const adminToken = await tokenFor(admin, '/admin/users/invite');
    const invited = await admin
      .post('/admin/users/invite')
      .type('form')
      .send({ _csrf: adminToken, name: 'New Person', email, role: 'viewer' });
    expect(invited.status).toBe(303);
    const link = `${await linkInLatestEmail(context.db, email)}?${new URLSearchParams({ next }).toString()}`;
    const agent = request.agent(context.app);
    const password = 'a long enough pass phrase 42';
    const token = await tokenFor(agent, link);
    const response = await agent
      .post(link)
      .type('form')
      .send({ _csrf: token, password, confirmPassword: password });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/viewer');
  });
});
