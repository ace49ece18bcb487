import { randomUUID } from 'node:crypto';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor, type Agent } from '../helpers/http';
import { linkInLatestEmail } from '../helpers/mail';

let context: TestContext;
const agents: Record<'admin' | 'staff' | 'viewer' | 'provider', Agent> = {} as never;
let meridian: string;
let vantage: string;

const contactByEmail = (email: string) =>
  context.db('contacts').whereRaw('lower(email) = lower(?)', [email]).first();

beforeAll(async () => {
  context = await createTestContext();
  agents.admin = await signIn(context.app, 'admin@demo.test');
  agents.staff = await signIn(context.app, 'staff@demo.test');
  agents.viewer = await signIn(context.app, 'viewer@demo.test');
  agents.provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
  meridian = (await context.db('organisations').where({ name: 'Meridian Business Services plc' }).first()).id;
  vantage = (await context.db('organisations').where({ name: 'Vantage ICT Managed Services Ltd' }).first())
    .id;
});
afterAll(() => context.close());

async function post(agent: Agent, path: string, fields: Record<string, string | string[]>) {
  const token = await tokenFor(agent, '/accessibility');
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...fields });
}

test('the demo data gives each organisation its contacts and shows account status', async () => {
  const page = await agents.staff.get(`/providers/${meridian}`);
  expect(page.text).toContain('helen.marsh@meridian-business.test');
  expect(page.text).toContain('gareth.lewis@meridian-business.test');
  expect(page.text).toMatch(/Active/);
  expect(page.text).toContain('No account');
  expect(page.text).toContain('Give provider account');
});

test('staff add a contact once, however often the form is sent; the change is in the history', async () => {
  const form = await agents.staff.get(`/providers/${vantage}/contacts/new`);
  const creationKey = /name="creationKey" value="([^"]+)"/.exec(form.text)![1];
  const fields = {
    name: 'Ada Byrne',
    jobRole: 'Sales',
    email: 'Ada.Byrne@vantage-ict.test',
    phone: '+44 118 496 0000',
    creationKey,
  };
  const first = await post(agents.staff, `/providers/${vantage}/contacts`, fields);
  expect(first.status).toBe(303);
  expect(first.headers.location).toBe(`/providers/${vantage}?done=contact-added`);
  const second = await post(agents.staff, `/providers/${vantage}/contacts`, fields);
  expect(second.status).toBe(303);
  expect(
    await context.db('contacts').whereRaw('lower(email) = ?', ['ada.byrne@vantage-ict.test']),
  ).toHaveLength(1);
  const page = await agents.staff.get(`/providers/${vantage}`);
  expect(page.text).toContain('Contact added');
  expect(page.text).toContain('Email: (blank) → Ada.Byrne@vantage-ict.test');
});

test('contact emails are unique across the registry, whatever the case', async () => {
  const response = await post(agents.staff, `/providers/${vantage}/contacts`, {
    name: 'Copy Cat',
    email: 'HELEN.MARSH@meridian-business.test',
    creationKey: randomUUID(),
  });
  expect(response.status).toBe(400);
  expect(response.text).toContain('This email address is already used by another contact');
  expect(response.text).toContain('value="Copy Cat"');
});

test('bad contact input is reported field by field and escaped', async () => {
  const response = await post(agents.provider, `/providers/${meridian}/contacts`, {
    name: ['a', 'b'],
    email: 'not-an-email',
    phone: '<b>call me</b>',
    jobRole: 'x'.repeat(201),
    creationKey: randomUUID(),
  });
  expect(response.status).toBe(400);
  expect(response.text).toContain('Enter the contact’s name');
  expect(response.text).toContain('Enter an email address in the correct format');
  expect(response.text).toContain('Enter a phone number, like 01865 792422');
  expect(response.text).toContain('Job role must be 200 characters or fewer');
  expect(response.text).toContain('&lt;b&gt;call me&lt;/b&gt;');
});

test('a provider edits and removes their own contacts; a stale edit is a conflict', async () => {
  const gareth = await contactByEmail('gareth.lewis@meridian-business.test');
  const edited = await post(agents.provider, `/providers/${meridian}/contacts/${gareth.id}`, {
    name: 'Gareth Lewis',
    jobRole: 'Head of bids',
    email: 'gareth.lewis@meridian-business.test',
    version: String(gareth.version),
  });
  expect(edited.status).toBe(303);
  expect((await contactByEmail('gareth.lewis@meridian-business.test')).job_role).toBe('Head of bids');
  const stale = await post(agents.provider, `/providers/${meridian}/contacts/${gareth.id}`, {
    name: 'Gareth Lewis',
    jobRole: 'Something else',
    email: 'gareth.lewis@meridian-business.test',
    version: String(gareth.version),
  });
  expect(stale.status).toBe(409);
  expect(stale.text).toContain('Someone else changed this contact');
  expect(stale.text).toContain('value="Something else"');

  expect((await agents.provider.get(`/providers/${meridian}/contacts/${gareth.id}/remove`)).status).toBe(200);
  const removed = await post(agents.provider, `/providers/${meridian}/contacts/${gareth.id}/remove`, {});
  expect(removed.status).toBe(303);
  expect(await contactByEmail('gareth.lewis@meridian-business.test')).toBeUndefined();
  const event = await context
    .db('audit_events')
    .where({ action: 'contact.removed', record_id: meridian })
    .first();
  expect(event.changes.email).toEqual({ from: 'gareth.lewis@meridian-business.test', to: null });
});

test('a provider cannot reach another organisation’s contacts, even through their own organisation’s URL', async () => {
  const raj = await contactByEmail('raj.chauhan@vantage-ict.test');
  expect((await agents.provider.get(`/providers/${vantage}/contacts/new`)).status).toBe(404);
  expect((await agents.provider.get(`/providers/${vantage}/contacts/${raj.id}/edit`)).status).toBe(404);
  expect((await agents.provider.get(`/providers/${meridian}/contacts/${raj.id}/edit`)).status).toBe(404);
  const edit = await post(agents.provider, `/providers/${meridian}/contacts/${raj.id}`, {
    name: 'Hijacked',
    email: 'raj.chauhan@vantage-ict.test',
    version: String(raj.version),
  });
  expect(edit.status).toBe(404);
  await post(agents.provider, `/providers/${meridian}/contacts/${raj.id}/remove`, {});
  expect(await contactByEmail('raj.chauhan@vantage-ict.test')).toMatchObject({ name: 'Raj Chauhan' });
});

test('viewers are refused contact changes with 403 and providers cannot give accounts', async () => {
  const helen = await contactByEmail('helen.marsh@meridian-business.test');
  expect((await agents.viewer.get(`/providers/${meridian}/contacts/new`)).status).toBe(403);
  expect(
    (await post(agents.viewer, `/providers/${meridian}/contacts`, { name: 'V', email: 'v@v.test' })).status,
  ).toBe(403);
  expect((await post(agents.viewer, `/providers/${meridian}/contacts/${helen.id}/remove`, {})).status).toBe(
    403,
  );
  expect((await agents.provider.get(`/providers/${meridian}/contacts/${helen.id}/account`)).status).toBe(403);
  expect(await contactByEmail('helen.marsh@meridian-business.test')).toBeDefined();
});

test('staff give a contact a provider account: an invited user, an email, and the invitation works', async () => {
  const lucy = await contactByEmail('lucy.chen@edupath.test');
  const edupath = lucy.organisation_id;
  expect((await agents.staff.get(`/providers/${edupath}/contacts/${lucy.id}/account`)).status).toBe(200);
  const response = await post(agents.staff, `/providers/${edupath}/contacts/${lucy.id}/account`, {});
  expect(response.status).toBe(303);
  expect(response.headers.location).toBe(`/providers/${edupath}?done=account-created`);
  const user = await context.db('users').where({ email: 'lucy.chen@edupath.test' }).first();
  expect(user).toMatchObject({ role: 'provider', organisation_id: edupath, status: 'invited' });
  expect((await contactByEmail('lucy.chen@edupath.test')).user_id).toBe(user.id);
  // Sent twice: still one account and one email.
  await post(agents.staff, `/providers/${edupath}/contacts/${lucy.id}/account`, {});
  expect(await context.db('email_outbox').where({ to_address: 'lucy.chen@edupath.test' })).toHaveLength(1);
  expect((await agents.staff.get(`/providers/${edupath}`)).text).toContain('Invited');
  expect((await agents.staff.get(await linkInLatestEmail(context.db, 'lucy.chen@edupath.test'))).status).toBe(
    200,
  );
});

test('an email that already has a staff account is refused; an existing provider of the organisation is linked', async () => {
  const organisation = (await context.db('organisations').where({ name: 'Keystone Finance Mutual' }).first())
    .id;
  const staffLike = await post(agents.admin, `/providers/${organisation}/contacts`, {
    name: 'Viewer Person',
    email: 'viewer@demo.test',
    creationKey: randomUUID(),
  });
  expect(staffLike.status).toBe(303);
  const contact = await contactByEmail('viewer@demo.test');
  const refused = await post(agents.admin, `/providers/${organisation}/contacts/${contact.id}/account`, {});
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('Someone else already has an account with this email address');
  expect((await context.db('users').where({ email: 'viewer@demo.test' }).first()).role).toBe('viewer');

  // Owen's contact row loses its link; giving an account links the existing provider user again.
  const owen = await contactByEmail('owen.price@keystone-mutual.test');
  await context.db('contacts').where({ id: owen.id }).update({ user_id: null });
  const linked = await post(agents.admin, `/providers/${organisation}/contacts/${owen.id}/account`, {});
  expect(linked.headers.location).toBe(`/providers/${organisation}?done=account-linked`);
  expect((await contactByEmail('owen.price@keystone-mutual.test')).user_id).not.toBeNull();
});
