import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor, type Agent } from '../helpers/http';

let context: TestContext;
let admin: Agent;
const userByEmail = (email: string) => context.db('users').where({ email }).first();

beforeAll(async () => {
  context = await createTestContext();
  admin = await signIn(context.app, 'admin@demo.test');
});
afterAll(() => context.close());

async function post(path: string, fields: Record<string, string>, agent = admin) {
  const token = await tokenFor(agent, '/admin/users');
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...fields });
}

test('the user list shows every account with role and status', async () => {
  const response = await admin.get('/admin/users');
  expect(response.text).toContain('staff@demo.test');
  expect(response.text).toContain('Procurement staff');
  expect(response.text).toContain('helen.marsh@meridian-business.test');
});

test('an admin changes a role; the change is audited old -> new', async () => {
  const viewer = await userByEmail('viewer@demo.test');
  const response = await post(`/admin/users/${viewer.id}/role`, {
    role: 'staff',
    version: String(viewer.version),
  });
  expect(response.status).toBe(303);
  const updated = await userByEmail('viewer@demo.test');
  expect(updated.role).toBe('staff');
  const [event] = await context
    .db('audit_events')
    .where({ action: 'user.role_changed', record_id: viewer.id });
  expect(event.changes).toEqual({ role: { from: 'viewer', to: 'staff' } });
  await post(`/admin/users/${viewer.id}/role`, { role: 'viewer', version: String(updated.version) });
});

test('a stale version is a conflict shown on the page, and nothing changes', async () => {
  const staff = await userByEmail('staff@demo.test');
  const response = await post(`/admin/users/${staff.id}/role`, {
    role: 'viewer',
    version: String(staff.version - 1 || 99),
  });
  expect(response.status).toBe(409);
  expect(response.text).toContain('Someone else changed this user');
  expect((await userByEmail('staff@demo.test')).role).toBe('staff');
});

test('disabling a user ends their sessions at once and stops sign-in', async () => {
  const provider = await signIn(context.app, 'tom.okafor@skillsforward.test');
  expect((await provider.get('/provider')).status).toBe(200);
  const user = await userByEmail('tom.okafor@skillsforward.test');
  const response = await post(`/admin/users/${user.id}/status`, {
    status: 'disabled',
    version: String(user.version),
  });
  expect(response.status).toBe(303);
  expect((await provider.get('/provider')).status).toBe(303);
  await expect(signIn(context.app, 'tom.okafor@skillsforward.test')).rejects.toThrow(/401/);
  const sessions = await context.db('session').whereRaw(`sess -> 'passport' ->> 'user' = ?`, [user.id]);
  expect(sessions).toHaveLength(0);

  const disabled = await userByEmail('tom.okafor@skillsforward.test');
  await post(`/admin/users/${user.id}/status`, { status: 'active', version: String(disabled.version) });
  await signIn(context.app, 'tom.okafor@skillsforward.test');
});

test('provider roles cannot be changed and admins cannot change themselves', async () => {
  const provider = await userByEmail('priya.nair@cherwell-payroll.test');
  const refused = await post(`/admin/users/${provider.id}/role`, {
    role: 'admin',
    version: String(provider.version),
  });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('keep the provider role');
  const self = await userByEmail('admin@demo.test');
  const selfChange = await post(`/admin/users/${self.id}/status`, {
    status: 'disabled',
    version: String(self.version),
  });
  expect(selfChange.status).toBe(400);
  expect((await userByEmail('admin@demo.test')).status).toBe('active');
});

test('bad values are refused with the form shown again', async () => {
  const staff = await userByEmail('staff@demo.test');
  const badRole = await post(`/admin/users/${staff.id}/role`, {
    role: 'superuser',
    version: String(staff.version),
  });
  expect(badRole.status).toBe(400);
  expect(badRole.text).toContain('Select a role');
  const badVersion = await post(`/admin/users/${staff.id}/role`, { role: 'viewer', version: 'abc' });
  expect(badVersion.status).toBe(400);
  expect((await userByEmail('staff@demo.test')).role).toBe('staff');
});

test('an unknown or malformed user id is a 404', async () => {
  expect((await admin.get('/admin/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  expect((await admin.get('/admin/users/not-a-uuid')).status).toBe(404);
  const response = await post('/admin/users/not-a-uuid/role', { role: 'viewer', version: '1' });
  expect(response.status).toBe(404);
});

test('the audit log lists events and filters by action and actor', async () => {
  const all = await admin.get('/admin/audit');
  expect(all.status).toBe(200);
  expect(all.text).toContain('auth.signed_in');
  const filtered = await admin.get('/admin/audit?action=user.role_changed');
  expect(filtered.text).toContain('user.role_changed');
  expect(filtered.text).not.toContain('<td class="govuk-table__cell">auth.signed_in</td>');
  const byActor = await admin.get('/admin/audit?actor=nobody-matches-this');
  expect(byActor.text).toContain('No audit events match these filters');
  expect((await admin.get('/admin/audit?page=abc&action[]=x')).status).toBe(200);
});

test('audit events cannot be altered', async () => {
  await expect(context.db('audit_events').update({ action: 'tampered' })).rejects.toThrow(/append-only/);
  await expect(context.db('audit_events').delete()).rejects.toThrow(/append-only/);
});

test('signed-out users cannot reach admin actions', async () => {
  const response = await request(context.app).post('/admin/users/x/role').type('form').send({});
  expect(response.status).toBe(403);
});
