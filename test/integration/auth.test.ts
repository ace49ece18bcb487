import request from 'supertest';
import { createTestContext, DEMO_PASSWORD, type TestContext } from '../helpers/context';
import { csrfFrom, sessionCookie, signIn, tokenFor } from '../helpers/http';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext({ env: { ACCOUNT_LOCKOUT_ATTEMPTS: '3' } });
});
afterAll(() => context.close());

describe('sign-in', () => {
  test('the form has email, password and a CSRF token', async () => {
    const response = await request(context.app).get('/sign-in');
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/name="email"/);
    expect(response.text).toMatch(/name="password"/);
    expect(csrfFrom(response.text)).toMatch(/^[0-9a-f]{32,}$/);
  });

  test.each([
    ['admin@demo.test', '/admin'],
    ['staff@demo.test', '/staff'],
    ['viewer@demo.test', '/viewer'],
    ['helen.marsh@meridian-business.test', '/provider'],
  ])('%s lands on %s', async (email, home) => {
    const agent = request.agent(context.app);
    const token = await tokenFor(agent, '/sign-in');
    const response = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: token, email, password: DEMO_PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(home);
    const page = await agent.get(home);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
  });

  test('the session id changes on sign-in and on sign-out', async () => {
    const agent = request.agent(context.app);
    const form = await agent.get('/sign-in');
    const anonymousCookie = sessionCookie(form);
    expect(anonymousCookie).toBeDefined();
    const signedIn = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: 'staff@demo.test', password: DEMO_PASSWORD });
    const signedInCookie = sessionCookie(signedIn);
    expect(signedInCookie).toBeDefined();
    expect(signedInCookie).not.toBe(anonymousCookie);

    const home = await agent.get('/staff');
    const signedOut = await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.location).toBe('/sign-in?signedOut=1');
    expect(sessionCookie(signedOut)).not.toBe(signedInCookie);
    expect((await agent.get('/staff')).status).toBe(303);

    // The old session id is dead even if someone kept a copy of it.
    const replay = await request(context.app).get('/staff').set('Cookie', signedInCookie!);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/sign-in');
  });

  test('the session cookie is HttpOnly and SameSite=Lax', async () => {
    const response = await request(context.app).get('/sign-in');
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('mtp.sid='),
    )!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  test('an unknown email and a wrong password get the same status and message', async () => {
    const attempt = async (email: string) => {
      const agent = request.agent(context.app);
      const token = await tokenFor(agent, '/sign-in');
      return agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: token, email, password: 'not the password at all' });
    };
    const unknown = await attempt('nobody@demo.test');
    const wrong = await attempt('viewer@demo.test');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const message = (html: string) =>
      /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1];
    expect(message(unknown.text)).toContain('Enter a correct email address and password');
    expect(message(unknown.text)).toBe(message(wrong.text));
    expect(wrong.text).toContain('value="viewer@demo.test"');
  });

  test('empty fields get an error summary and keep the email typed', async () => {
    const agent = request.agent(context.app);
    const token = await tokenFor(agent, '/sign-in');
    const response = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: token, email: 'not-an-email', password: '' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('There is a problem');
    expect(response.text).toContain('Enter an email address in the correct format');
    expect(response.text).toContain('Enter your password');
    expect(response.text).toContain('value="not-an-email"');
    expect(response.text).toMatch(/<title>Error: /);
  });

  test('an array where a string is expected is a 400, not a 500', async () => {
    const agent = request.agent(context.app);
    const token = await tokenFor(agent, '/sign-in');
    const response = await agent
      .post('/sign-in')
      .type('form')
      .send(`_csrf=${token}&email=a@b.test&email=c@d.test&password=x`);
    expect(response.status).toBe(400);
  });

  test('repeated failures lock the account, even against the right password, and are audited', async () => {
    const email = 'angela.brooks@tvsp.test';
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const agent = request.agent(context.app);
      const token = await tokenFor(agent, '/sign-in');
      await agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: token, email, password: 'wrong password number one' });
    }
    const agent = request.agent(context.app);
    const token = await tokenFor(agent, '/sign-in');
    const response = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: token, email, password: DEMO_PASSWORD });
    expect(response.status).toBe(401);
    const user = await context.db('users').whereRaw('lower(email) = ?', [email]).first();
    expect(user.locked_until.getTime()).toBeGreaterThan(Date.now());
    const locks = await context
      .db('audit_events')
      .where({ action: 'auth.account_locked', record_id: user.id });
    expect(locks).toHaveLength(1);
    const refused = await context
      .db('audit_events')
      .where({ action: 'auth.sign_in_refused', record_id: user.id });
    expect(refused).toHaveLength(1);
  });

  test('a successful sign-in is audited with the IP address', async () => {
    await signIn(context.app, 'owen.price@keystone-mutual.test');
    const events = await context
      .db('audit_events')
      .where({ action: 'auth.signed_in', actor_label: 'owen.price@keystone-mutual.test' });
    expect(events).toHaveLength(1);
    expect(events[0].ip).toBeTruthy();
  });

  test('after sign-in a same-site return path is honoured and an external one is not', async () => {
    const agent = request.agent(context.app);
    await agent.get('/admin/users');
    const token = await tokenFor(agent, '/sign-in');
    const response = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: token, email: 'admin@demo.test', password: DEMO_PASSWORD });
    expect(response.headers.location).toBe('/admin/users');

    const other = request.agent(context.app);
    await other.get('//evil.test/admin');
    const otherToken = await tokenFor(other, '/sign-in');
    const redirected = await other
      .post('/sign-in')
      .type('form')
      .send({ _csrf: otherToken, email: 'admin@demo.test', password: DEMO_PASSWORD });
    expect(redirected.headers.location).toBe('/admin');
  });
});
