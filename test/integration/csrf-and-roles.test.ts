import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor, type Agent } from '../helpers/http';

let context: TestContext;
const agents: Record<string, Agent> = {};

beforeAll(async () => {
  context = await createTestContext();
  agents.admin = await signIn(context.app, 'admin@demo.test');
  agents.staff = await signIn(context.app, 'staff@demo.test');
  agents.viewer = await signIn(context.app, 'viewer@demo.test');
  agents.provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
});
afterAll(() => context.close());

describe('CSRF protection', () => {
  test('a form POST without a token is refused with 403 and an error page', async () => {
    const response = await request(context.app)
      .post('/sign-in')
      .type('form')
      .send({ email: 'admin@demo.test', password: 'x' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('Your form has expired');
  });

  test('a form POST with a token from another session is refused', async () => {
    const other = request.agent(context.app);
    const foreignToken = await tokenFor(other, '/sign-in');
    const response = await agents.staff.post('/sign-out').type('form').send({ _csrf: foreignToken });
    expect(response.status).toBe(403);
    expect((await agents.staff.get('/staff')).status).toBe(200);
  });

  test('a JSON POST without a token is refused, and with the header token accepted', async () => {
    const agent = request.agent(context.app);
    const refused = await agent.post('/forgot-password').send({ email: 'admin@demo.test' });
    expect(refused.status).toBe(403);
    const token = await tokenFor(agent, '/forgot-password');
    const accepted = await agent
      .post('/forgot-password')
      .set('X-CSRF-Token', token)
      .send({ email: 'admin@demo.test' });
    expect(accepted.status).toBe(303);
  });

  test('a signed-in admin action without a token changes nothing', async () => {
    const staff = await context.db('users').where({ email: 'staff@demo.test' }).first();
    const response = await agents.admin
      .post(`/admin/users/${staff.id}/status`)
      .type('form')
      .send({ status: 'disabled', version: String(staff.version) });
    expect(response.status).toBe(403);
    expect((await context.db('users').where({ id: staff.id }).first()).status).toBe('active');
  });
});

describe('roles', () => {
  const homes = { admin: '/admin', staff: '/staff', viewer: '/viewer', provider: '/provider' } as const;
  const cases = (Object.keys(homes) as (keyof typeof homes)[]).flatMap((role) =>
    (Object.keys(homes) as (keyof typeof homes)[])
      .filter((other) => other !== role)
      .map((other) => [role, homes[other]] as const),
  );

  test.each(cases)('%s is refused %s with 403', async (role, path) => {
    const response = await agents[role].get(path);
    expect(response.status).toBe(403);
    expect(response.text).toContain('You do not have permission to view this page');
  });

  test.each(Object.entries(homes))('%s may use its own home page %s', async (role, path) => {
    expect((await agents[role].get(path)).status).toBe(200);
  });

  test.each(['/admin/users', '/admin/users/invite', '/admin/audit'])(
    'only admins may use %s',
    async (path) => {
      expect((await agents.admin.get(path)).status).toBe(200);
      for (const role of ['staff', 'viewer', 'provider'])
        expect((await agents[role].get(path)).status).toBe(403);
    },
  );

  test('sent emails are for staff and admins only', async () => {
    expect((await agents.admin.get('/emails')).status).toBe(200);
    expect((await agents.staff.get('/emails')).status).toBe(200);
    expect((await agents.viewer.get('/emails')).status).toBe(403);
    expect((await agents.provider.get('/emails')).status).toBe(403);
  });

  test.each(['/admin', '/staff', '/viewer', '/provider', '/admin/users', '/emails', '/anything-else'])(
    'signed out, %s redirects to sign-in',
    async (path) => {
      const response = await request(context.app).get(path);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/sign-in');
    },
  );

  test('a role-refused POST changes nothing', async () => {
    const token = await tokenFor(agents.staff, '/staff');
    const response = await agents.staff
      .post('/admin/users/invite')
      .type('form')
      .send({ _csrf: token, name: 'Mallory', email: 'mallory@demo.test', role: 'admin' });
    expect(response.status).toBe(403);
    expect(await context.db('users').where({ email: 'mallory@demo.test' }).first()).toBeUndefined();
  });

  test('public pages need no sign-in', async () => {
    for (const path of ['/', '/sign-in', '/forgot-password', '/accessibility', '/privacy', '/cookies']) {
      expect((await request(context.app).get(path)).status).toBe(200);
    }
  });
});
