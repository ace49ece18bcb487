import request from 'supertest';
import { createTestContext, DEMO_PASSWORD, type TestContext } from '../helpers/context';
import { signIn, tokenFor, type Agent } from '../helpers/http';
import { linkInLatestEmail } from '../helpers/mail';

let context: TestContext;
let admin: Agent;

beforeAll(async () => {
  context = await createTestContext();
  admin = await signIn(context.app, 'admin@demo.test');
});
afterAll(() => context.close());

async function invite(fields: Record<string, string>) {
  const token = await tokenFor(admin, '/admin/users/invite');
  return admin
    .post('/admin/users/invite')
    .type('form')
    .send({ _csrf: token, ...fields });
}

async function setPassword(path: string, password: string, confirmPassword = password) {
  const agent = request.agent(context.app);
  const token = await tokenFor(agent, path);
  const response = await agent.post(path).type('form').send({ _csrf: token, password, confirmPassword });
  return { agent, response };
}

describe('invitations', () => {
  test('an admin invites staff; the email link sets a password once and signs them in', async () => {
    const response = await invite({ name: 'Priya Shah', email: 'priya.shah@demo.test', role: 'staff' });
    expect(response.status).toBe(303);
    const user = await context.db('users').where({ email: 'priya.shah@demo.test' }).first();
    expect(user).toMatchObject({ role: 'staff', status: 'invited', password_hash: null });
    const email = await context.db('email_outbox').where({ to_address: 'priya.shah@demo.test' }).first();
    expect(email.subject).toContain('invited');
    expect(email.text_body).toContain('Oxfordshire County Council');
    expect(email.html_body).toContain('<a href="http://portal.test/set-password/');
    expect(
      await context.db('audit_events').where({ action: 'user.invited', record_id: user.id }),
    ).toHaveLength(1);

    const link = await linkInLatestEmail(context.db, 'priya.shah@demo.test');
    expect((await request(context.app).get(link)).status).toBe(200);
    const { agent, response: set } = await setPassword(link, 'quiet harbour lantern 42');
    expect(set.status).toBe(303);
    expect(set.headers.location).toBe('/staff');
    expect((await agent.get('/staff')).status).toBe(200);
    expect((await context.db('users').where({ id: user.id }).first()).status).toBe('active');

    const reuse = await request(context.app).get(link);
    expect(reuse.status).toBe(410);
    const again = request.agent(context.app);
    const token = await tokenFor(again, '/sign-in');
    const replay = await again
      .post(link)
      .type('form')
      .send({ _csrf: token, password: 'another good phrase 77', confirmPassword: 'another good phrase 77' });
    expect(replay.status).toBe(410);
  });

  test('an expired invitation link is refused', async () => {
    await invite({ name: 'Late Comer', email: 'late.comer@demo.test', role: 'viewer' });
    const link = await linkInLatestEmail(context.db, 'late.comer@demo.test');
    await context.db('user_tokens').update({ expires_at: new Date(Date.now() - 1000) });
    expect((await request(context.app).get(link)).status).toBe(410);
  });

  test('a new invitation replaces the previous link', async () => {
    await invite({ name: 'Twice Asked', email: 'twice@demo.test', role: 'viewer' });
    const first = await linkInLatestEmail(context.db, 'twice@demo.test');
    const user = await context.db('users').where({ email: 'twice@demo.test' }).first();
    const token = await tokenFor(admin, `/admin/users/${user.id}`);
    expect(
      (await admin.post(`/admin/users/${user.id}/resend-invitation`).type('form').send({ _csrf: token }))
        .status,
    ).toBe(303);
    const second = await linkInLatestEmail(context.db, 'twice@demo.test');
    expect(second).not.toBe(first);
    expect((await request(context.app).get(first)).status).toBe(410);
    expect((await request(context.app).get(second)).status).toBe(200);
  });

  test.each([
    [
      'empty',
      { name: '', email: '', role: '' },
      ['Enter the person’s full name', 'Enter an email address', 'Select a role'],
    ],
    [
      'too long',
      { name: 'A'.repeat(121), email: 'ok@demo.test', role: 'staff' },
      ['Name must be 120 characters or fewer'],
    ],
    [
      'bad email',
      { name: 'Bad Email', email: 'not-an-email', role: 'staff' },
      ['Enter an email address in the correct format'],
    ],
    ['provider role', { name: 'Bad Role', email: 'bad.role@demo.test', role: 'provider' }, ['Select a role']],
    [
      'duplicate email',
      { name: 'Duplicate', email: 'STAFF@demo.test', role: 'staff' },
      ['A user with this email address already exists'],
    ],
  ])('bad input (%s) is shown on the form and creates nothing', async (_label, fields, messages) => {
    const before = await context.db('users').count<{ count: number }[]>({ count: '*' });
    const emailsBefore = await context.db('email_outbox').count<{ count: number }[]>({ count: '*' });
    const response = await invite(fields);
    expect(response.status).toBe(400);
    for (const message of messages) expect(response.text).toContain(message);
    if (fields.email) expect(response.text).toContain(`value="${fields.email}"`);
    expect(await context.db('users').count({ count: '*' })).toEqual(before);
    expect(await context.db('email_outbox').count({ count: '*' })).toEqual(emailsBefore);
  });

  test('HTML typed into a form is escaped when shown back', async () => {
    const response = await invite({ name: '<script>alert(1)</script>', email: 'bad', role: 'staff' });
    expect(response.text).not.toContain('<script>alert(1)</script>');
    expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('password rules', () => {
  test.each([
    ['short one', 'Password must be 12 characters or more'],
    ['password1234', 'Password is too common'],
    ['aaaaaaaaaaaaaaaa', 'Password is too common'],
    ['rule.tester-2026!', 'Password must not contain your email address'],
    ['x'.repeat(257), 'Password must be 256 characters or fewer'],
  ])('%s is refused', async (password, message) => {
    await invite({ name: 'Rule Tester', email: 'rule.tester@demo.test', role: 'viewer' });
    const link = await linkInLatestEmail(context.db, 'rule.tester@demo.test');
    const { response } = await setPassword(link, password);
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
    expect((await request(context.app).get(link)).status).toBe(200);
  });

  test('a 64-character passphrase is accepted and mismatched confirmation is refused', async () => {
    await invite({ name: 'Long Phrase', email: 'long.phrase@demo.test', role: 'viewer' });
    const link = await linkInLatestEmail(context.db, 'long.phrase@demo.test');
    const mismatch = await setPassword(link, 'one two three four five six', 'one two three four five sax');
    expect(mismatch.response.text).toContain('The passwords do not match');
    const phrase = 'the owl and the pussycat went to sea in a beautiful pea-green boat';
    expect((await setPassword(link, phrase.slice(0, 64))).response.status).toBe(303);
  });
});

describe('password reset', () => {
  async function requestReset(email: string) {
    const agent = request.agent(context.app);
    const token = await tokenFor(agent, '/forgot-password');
    return agent.post('/forgot-password').type('form').send({ _csrf: token, email });
  }

  test('the same answer for known and unknown emails; only a known one gets a link', async () => {
    const known = await requestReset('naomi.fletcher@foundation-years.test');
    const unknown = await requestReset('nobody.here@demo.test');
    expect(known.status).toBe(303);
    expect(unknown.status).toBe(303);
    expect(known.headers.location).toBe(unknown.headers.location);
    expect(await context.db('email_outbox').where({ to_address: 'nobody.here@demo.test' })).toHaveLength(0);

    const link = await linkInLatestEmail(context.db, 'naomi.fletcher@foundation-years.test');
    expect(link).toMatch(/^\/reset-password\//);
    const { response } = await setPassword(link, 'marmalade kettle orbit 9');
    expect(response.headers.location).toBe('/provider');
    await expect(signIn(context.app, 'naomi.fletcher@foundation-years.test')).rejects.toThrow();
    await signIn(context.app, 'naomi.fletcher@foundation-years.test', 'marmalade kettle orbit 9');
    expect((await request(context.app).get(link)).status).toBe(410);
  });

  test('a reset link cannot be used as an invitation link and expires after an hour', async () => {
    await requestReset('owen.price@keystone-mutual.test');
    const link = await linkInLatestEmail(context.db, 'owen.price@keystone-mutual.test');
    expect((await request(context.app).get(link.replace('/reset-password/', '/set-password/'))).status).toBe(
      410,
    );
    const token = await context.db('user_tokens').orderBy('created_at', 'desc').first();
    const lifetime = token.expires_at.getTime() - token.created_at.getTime();
    expect(Math.round(lifetime / 60000)).toBe(60);
  });

  test('the form validates the email address', async () => {
    const response = await requestReset('');
    expect(response.status).toBe(400);
    expect(response.text).toContain('Enter your email address');
  });

  test('the demo password still works for untouched accounts', async () => {
    await signIn(context.app, 'james.osei@bromley-adult-learning.test', DEMO_PASSWORD);
  });
});
