import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { addArea, createExercise, dateFields, postForm } from '../helpers/exercises';
import { signIn, tokenFor, type Agent } from '../helpers/http';

let context: TestContext;
let staff: Agent;
let viewer: Agent;
let exerciseId: string;

const orgNamed = (name: string) => context.db('organisations').where({ name }).first();
const contactsOf = (organisationId: string) =>
  context.db('contacts').where({ organisation_id: organisationId }).orderBy('name');
const invitationOf = (organisationId: string) =>
  context.db('invitations').where({ exercise_id: exerciseId, organisation_id: organisationId }).first();
const emailsTo = (email: string) => context.db('email_outbox').where({ to_address: email });

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  viewer = await signIn(context.app, 'viewer@demo.test');
  exerciseId = (await context.db('exercises').where({ reference: 'LBB-ED-2026-02' }).first()).id;
});
afterAll(() => context.close());

async function invite(organisationIds: string[], contacts: string[]) {
  return postForm(staff, `/exercises/${exerciseId}/invitations/new`, `/exercises/${exerciseId}/invitations`, {
    organisationIds,
    contacts,
  } as unknown as Record<string, string>);
}

test('staff choose providers and contacts; each contact is emailed once, new contacts get an account', async () => {
  const meridian = await orgNamed('Meridian Business Services plc');
  const keystone = await orgNamed('Keystone Finance Mutual');
  const choose = await staff.get(`/exercises/${exerciseId}/invitations/new?sector=private`);
  expect(choose.text).toContain('Meridian Business Services plc');
  expect(choose.text).not.toContain('Keystone Finance Mutual');

  const step2 = await postForm(
    staff,
    `/exercises/${exerciseId}/invitations/new`,
    `/exercises/${exerciseId}/invitations/contacts`,
    {
      organisationIds: [meridian.id, keystone.id],
    } as unknown as Record<string, string>,
  );
  expect(step2.status).toBe(200);
  expect(step2.text).toContain('helen.marsh@meridian-business.test');

  const meridianContacts = await contactsOf(meridian.id);
  const keystoneContacts = await contactsOf(keystone.id);
  const chosen = [
    ...meridianContacts.map((c) => `${meridian.id}:${c.id}`),
    `${keystone.id}:${keystoneContacts[0].id}`,
  ];
  const sent = await invite([meridian.id, keystone.id], chosen);
  expect(sent.status).toBe(303);
  expect(await invitationOf(meridian.id)).toMatchObject({ status: 'invited' });
  for (const contact of meridianContacts) {
    const emails = await emailsTo(contact.email);
    expect(emails.filter((e) => e.subject.startsWith('Invitation to take part'))).toHaveLength(1);
  }
  // The demo's second Meridian contact (Gareth Lewis) had no account until now.
  const withoutAccount = meridianContacts.find((c) => c.user_id === null);
  expect(withoutAccount?.email).toBe('gareth.lewis@meridian-business.test');
  const refreshed = await context.db('contacts').where({ id: withoutAccount.id }).first();
  expect(refreshed.user_id).not.toBeNull();
  const accountEmail = (await emailsTo(withoutAccount.email)).find((e) =>
    e.subject.includes('invited to the market testing portal'),
  );
  // The set-password link lands the new contact straight on the exercise.
  const setPassword = /http:\/\/portal\.test(\/set-password\/[^\s]+)/.exec(accountEmail.text_body)![1];
  expect(setPassword).toContain(`?next=%2Fprovider%2Fexercises%2F${exerciseId}`);
  const gareth = request.agent(context.app);
  const token = await tokenFor(gareth, setPassword);
  const landed = await gareth
    .post(setPassword)
    .type('form')
    .send({ _csrf: token, password: 'copper kettle meadow 19', confirmPassword: 'copper kettle meadow 19' });
  expect(landed.headers.location).toBe(`/provider/exercises/${exerciseId}`);

  const again = await invite([meridian.id, keystone.id], chosen);
  expect(again.status).toBe(303);
  expect(await context.db('invitations').where({ exercise_id: exerciseId })).toHaveLength(2);
  expect(
    (await emailsTo('helen.marsh@meridian-business.test')).filter((e) => e.subject.startsWith('Invitation')),
  ).toHaveLength(1);

  const tracker = await viewer.get(`/exercises/${exerciseId}/invitations`);
  expect(tracker.status).toBe(200);
  expect(tracker.text).toContain('Meridian Business Services plc');
  expect((await viewer.get(`/exercises/${exerciseId}/invitations/new`)).status).toBe(403);
});

test('bad choices are refused on the page', async () => {
  const none = await invite([], []);
  expect(none.status).toBe(400);
  expect(none.text).toContain('Select at least one provider');
  const meridian = await orgNamed('Meridian Business Services plc');
  const other = await contactsOf((await orgNamed('Keystone Finance Mutual')).id);
  const foreign = await invite([meridian.id], [`${meridian.id}:${other[0].id}`]);
  expect(foreign.status).toBe(400);
  expect(foreign.text).toContain('Choose at least one contact for each provider');
});

test('the provider sees its exercise (marked opened), cannot see others, and can decline with a reason', async () => {
  const helen = await signIn(context.app, 'helen.marsh@meridian-business.test');
  const list = await helen.get('/provider/exercises');
  expect(list.text).toContain('Market testing of education services');
  const page = await helen.get(`/provider/exercises/${exerciseId}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Bromley Adult Education');
  const meridian = await orgNamed('Meridian Business Services plc');
  expect((await invitationOf(meridian.id)).status).toBe('opened');

  const notInvited = await createExercise(staff);
  expect((await helen.get(`/provider/exercises/${notInvited}`)).status).toBe(404);
  const tom = await signIn(context.app, 'tom.okafor@skillsforward.test');
  expect((await tom.get(`/provider/exercises/${exerciseId}`)).status).toBe(404);
  expect((await tom.get('/provider/exercises')).text).not.toContain('Market testing of education services');
  expect((await helen.get(`/exercises/${exerciseId}/invitations`)).status).toBe(403);

  const { version } = await invitationOf(meridian.id);
  const empty = await postForm(
    helen,
    `/provider/exercises/${exerciseId}/decline`,
    `/provider/exercises/${exerciseId}/decline`,
    { reason: '', version: String(version) },
  );
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Select at least one reason');
  const declined = await postForm(
    helen,
    `/provider/exercises/${exerciseId}/decline`,
    `/provider/exercises/${exerciseId}/decline`,
    {
      reasons: ['contract_size', 'lotting_bundling'],
      reason: 'The contract is too large for us to bid for alone',
      version: String(version),
    } as unknown as Record<string, string>,
  );
  expect(declined.status).toBe(303);
  expect(await invitationOf(meridian.id)).toMatchObject({
    status: 'declined',
    declined_reasons: ['contract_size', 'lotting_bundling'],
    declined_reason: 'The contract is too large for us to bid for alone',
  });

  const invitation = await invitationOf(meridian.id);
  const remind = await postForm(
    staff,
    `/exercises/${exerciseId}/invitations/${invitation.id}`,
    `/exercises/${exerciseId}/invitations/${invitation.id}/remind`,
    {},
  );
  expect(remind.status).toBe(400);
  expect(remind.text).toContain('Reminders go only to providers that have not answered or declined');
});

test('manual reminders, deadline extensions and withdrawal are recorded', async () => {
  const keystone = await orgNamed('Keystone Finance Mutual');
  const invitation = await invitationOf(keystone.id);
  const page = `/exercises/${exerciseId}/invitations/${invitation.id}`;
  expect((await postForm(staff, page, `${page}/remind`, {})).status).toBe(303);
  expect(
    await context.db('invitation_reminders').where({ invitation_id: invitation.id, kind: 'manual' }),
  ).toHaveLength(1);
  expect((await postForm(viewer, page, `${page}/remind`, {})).status).toBe(403);

  const exercise = await context.db('exercises').where({ id: exerciseId }).first();
  const tooEarly = await postForm(staff, page, `${page}/extend`, {
    ...dateFields('deadline', '2020-01-01'),
    time: '',
    reason: 'x',
    version: String(invitation.version),
  });
  expect(tooEarly.status).toBe(400);
  expect(tooEarly.text).toContain('must be after the exercise’s closing date');
  const later = new Date(exercise.responses_close_at.getTime() + 7 * 24 * 3600 * 1000)
    .toISOString()
    .slice(0, 10);
  const current = await invitationOf(keystone.id);
  const extended = await postForm(staff, page, `${page}/extend`, {
    ...dateFields('deadline', later),
    time: '17:00',
    reason: 'Board meets next week',
    version: String(current.version),
  });
  expect(extended.status).toBe(303);
  expect((await invitationOf(keystone.id)).extension_reason).toBe('Board meets next week');

  const shown = await staff.get(page);
  expect(shown.text).toContain('invitation deadline extended');
  const latest = await invitationOf(keystone.id);
  expect((await postForm(staff, page, `${page}/withdraw`, { version: String(latest.version) })).status).toBe(
    303,
  );
  expect((await invitationOf(keystone.id)).status).toBe('withdrawn');
  const owen = await signIn(context.app, 'owen.price@keystone-mutual.test');
  expect((await owen.get(`/provider/exercises/${exerciseId}`)).status).toBe(404);
});

test('automatic reminders go once to those who have not answered, however often the job runs', async () => {
  const chiltern = await orgNamed('Chiltern Shared Services');
  const contacts = await contactsOf(chiltern.id);
  await invite([chiltern.id], [`${chiltern.id}:${contacts[0].id}`]);
  const exercise = await context.db('exercises').where({ id: exerciseId }).first();
  const nearDeadline = new Date(exercise.responses_close_at.getTime() - 24 * 3600 * 1000);
  // Every invitation still awaiting an answer in an open exercise closing the next day is due.
  const [{ count: due }] = await context
    .db('invitations as i')
    .join('exercises as e', 'e.id', 'i.exercise_id')
    .where('e.status', 'open')
    .whereIn('i.status', ['invited', 'opened', 'in_progress'])
    .where('e.responses_close_at', exercise.responses_close_at)
    .whereNull('i.deadline_extended_to')
    .count<{ count: number }[]>({ count: '*' });
  const [first, second] = await Promise.all([
    context.services.invitations.sendAutomaticReminders(nearDeadline),
    context.services.invitations.sendAutomaticReminders(nearDeadline),
  ]);
  expect(first + second).toBe(due);
  expect(await context.db('invitation_reminders').where({ kind: 'automatic' })).toHaveLength(due);
  expect(await context.services.invitations.sendAutomaticReminders(nearDeadline)).toBe(0);
  const invitation = await invitationOf(chiltern.id);
  expect(
    await context.db('invitation_reminders').where({ invitation_id: invitation.id, kind: 'automatic' }),
  ).toHaveLength(1);
  expect(
    (await emailsTo(contacts[0].email)).filter(
      (e) => e.subject === 'Reminder: market testing for Market testing of education services closes soon',
    ),
  ).toHaveLength(1);
  const farFromDeadline = new Date(exercise.responses_close_at.getTime() - 20 * 24 * 3600 * 1000);
  expect(await context.services.invitations.sendAutomaticReminders(farFromDeadline)).toBe(0);
});

test('a scope change emails the invited providers', async () => {
  const chiltern = await orgNamed('Chiltern Shared Services');
  const [contact] = await contactsOf(chiltern.id);
  const response = await addArea(staff, exerciseId, {
    name: 'Property services',
    reason: 'Cabinet added property services',
  });
  expect(response.status).toBe(303);
  const emails = (await emailsTo(contact.email)).filter((e) => e.subject.startsWith('Change of scope'));
  expect(emails).toHaveLength(1);
  expect(emails[0].text_body).toContain('Property services');
  expect(emails[0].text_body).toContain('Cabinet added property services');
});
