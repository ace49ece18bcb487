import { londonDateAndTime } from '../../server/lib/dates';
import { createTestContext, type TestContext } from '../helpers/context';
import { createExercise, dateFields, postForm } from '../helpers/exercises';
import { signIn, type Agent } from '../helpers/http';

let context: TestContext;
let staff: Agent;
let exerciseId: string;
let staffUserId: string;
let providers: Agent[];
let emails: string[];
let seeded: string[];

const DAY = 24 * 60 * 60 * 1000;
const inWindow = (days = 33) => londonDateAndTime(new Date(Date.now() + days * DAY)).isoDate;
const slotsPath = () => `/exercises/${exerciseId}/meetings/slots`;
const pickPath = () => `/provider/exercises/${exerciseId}/slots`;

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  seeded = await context.db('meeting_slots').pluck('id');
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  staffUserId = (await context.db('users').where({ email: 'staff@demo.test' }).first()).id;
  const rows = await context
    .db('invitations as i')
    .join('invitation_contacts as ic', 'ic.invitation_id', 'i.id')
    .join('contacts as c', 'c.id', 'ic.contact_id')
    .where('i.exercise_id', exerciseId)
    .whereNot('i.status', 'declined')
    .whereNotExists(
      context.db('meetings as m').whereRaw('m.invitation_id = i.id').select(context.db.raw('1')),
    )
    .select('i.organisation_id as organisationId', 'c.email');
  emails = [...new Map(rows.map((row) => [row.organisationId, row.email])).values()].slice(0, 2);
  providers = await Promise.all(emails.map((email) => signIn(context.app, email)));
});
afterAll(() => context.close());

const offer = (fields: Record<string, string> = {}) =>
  postForm(staff, slotsPath(), slotsPath(), {
    ...dateFields('date', inWindow()),
    startTime: '10:00',
    endTime: '11:00',
    place: 'County Hall, Oxford',
    staffUserIds: staffUserId,
    ...fields,
  });

test('staff offer slots; bad input and other roles are refused', async () => {
  const viewer = await signIn(context.app, 'viewer@demo.test');
  expect((await viewer.get(slotsPath())).status).toBe(200);
  expect((await postForm(viewer, slotsPath(), slotsPath(), {})).status).toBe(403);
  expect((await providers[0].get(slotsPath())).status).toBe(403);

  const empty = await offer({ 'date-day': '', 'date-month': '', 'date-year': '', startTime: '', place: '' });
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Enter the date');
  expect(empty.text).toContain('Enter the start time');
  expect(empty.text).toContain('Enter the place');
  const backwards = await offer({ startTime: '12:00', endTime: '11:00' });
  expect(backwards.status).toBe(400);
  expect(backwards.text).toContain('The end time must be after the start time');
  const outside = await offer(dateFields('date', inWindow(60)));
  expect(outside.status).toBe(400);
  expect(outside.text).toContain('meeting window');

  expect((await offer()).status).toBe(303);
  expect((await offer({ startTime: '14:00', endTime: '15:00' })).status).toBe(303);
  expect((await offer({ startTime: '16:00', endTime: '17:00' })).status).toBe(303);
  const spare = await context
    .db('meeting_slots')
    .where({ exercise_id: exerciseId })
    .whereNotIn('id', seeded)
    .orderBy('starts_at', 'desc')
    .first();
  const withdrawn = await postForm(staff, slotsPath(), `${slotsPath()}/${spare.id}/withdraw`, {});
  expect(withdrawn.status).toBe(303);
  expect(
    await context.db('meeting_slots').where({ exercise_id: exerciseId }).whereNotIn('id', seeded),
  ).toHaveLength(2);
});

test('two providers pick the same slot at once: one wins, the other chooses again; one slot per provider', async () => {
  const [first, second] = await context
    .db('meeting_slots')
    .where({ exercise_id: exerciseId })
    .whereNotIn('id', seeded)
    .orderBy('starts_at');
  const page = await providers[0].get(pickPath());
  expect(page.status).toBe(200);
  expect(page.text).toContain(first.id);

  const empty = await postForm(providers[0], pickPath(), pickPath(), {});
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Choose a time');

  const results = await Promise.all(
    providers.map((agent) => postForm(agent, pickPath(), pickPath(), { slotId: first.id })),
  );
  expect(results.map((r) => r.status).sort()).toEqual([303, 400]);
  const loser = results.findIndex((r) => r.status === 400);
  expect(results[loser].text).toContain('That time has just been taken');
  expect(await context.db('meetings').where({ slot_id: first.id })).toHaveLength(1);
  expect((await providers[loser].get(pickPath())).text).not.toContain(first.id);

  expect((await postForm(providers[loser], pickPath(), pickPath(), { slotId: second.id })).status).toBe(303);
  const again = await postForm(providers[1 - loser], pickPath(), pickPath(), { slotId: second.id });
  expect(again.status).toBe(400);

  const meeting = await context.db('meetings').where({ slot_id: second.id }).first();
  expect(meeting).toMatchObject({ status: 'confirmed', provider_response: 'confirmed' });
  const email = await context
    .db('email_outbox')
    .where({ to_address: emails[loser] })
    .orderBy('id', 'desc')
    .first();
  expect((email.attachments as { content: string }[])[0].content).toContain('METHOD:REQUEST');
  expect((await staff.get(slotsPath())).text).toContain(`/meetings/${meeting.id}`);
});

test('a provider not invited to the exercise cannot see its slots', async () => {
  const other = await createExercise(staff);
  expect((await providers[0].get(`/provider/exercises/${other}/slots`)).status).toBe(404);
});
