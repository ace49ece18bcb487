import { londonDateAndTime } from '../../server/lib/dates';
import { createTestContext, type TestContext } from '../helpers/context';
import { dateFields, postForm } from '../helpers/exercises';
import { signIn, type Agent } from '../helpers/http';

let context: TestContext;
let staff: Agent;
let viewer: Agent;
let exerciseId: string;
let staffUserId: string;
let invited: { invitationId: string; organisationId: string; contactId: string; email: string }[];
let meetingId: string;

const DAY = 24 * 60 * 60 * 1000;
const inWindow = (days = 30) => londonDateAndTime(new Date(Date.now() + days * DAY)).isoDate;
const meetingsPath = () => `/exercises/${exerciseId}/meetings`;
const meetingPath = () => `${meetingsPath()}/${meetingId}`;
const meeting = () => context.db('meetings').where({ id: meetingId }).first();

function schedule(index: number, fields: Record<string, string> = {}) {
  const { invitationId, contactId } = invited[index];
  return postForm(staff, `${meetingsPath()}/new?invitation=${invitationId}`, meetingsPath(), {
    invitationId,
    ...dateFields('date', inWindow()),
    startTime: '10:00',
    endTime: '11:00',
    place: 'County Hall, Oxford',
    agenda: 'Scope and delivery models',
    staffUserIds: staffUserId,
    contactIds: contactId,
    ...fields,
  });
}

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  viewer = await signIn(context.app, 'viewer@demo.test');
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  staffUserId = (await context.db('users').where({ email: 'staff@demo.test' }).first()).id;
  const rows = await context
    .db('invitations as i')
    .join('invitation_contacts as ic', 'ic.invitation_id', 'i.id')
    .join('contacts as c', 'c.id', 'ic.contact_id')
    .where('i.exercise_id', exerciseId)
    .whereNot('i.status', 'declined')
    .orderBy('i.invited_at')
    .select('i.id as invitationId', 'i.organisation_id as organisationId', 'c.id as contactId', 'c.email');
  invited = [...new Map(rows.map((row) => [row.organisationId, row])).values()];
  const created = await schedule(0);
  meetingId = /meetings\/([0-9a-f-]{36})/.exec(String(created.headers.location))![1];
});
afterAll(() => context.close());

test('a provider sees only its own meetings, confirms, or asks for another time that staff then see', async () => {
  const own = await signIn(context.app, invited[0].email);
  const other = await signIn(context.app, invited[1].email);
  expect((await own.get('/provider/meetings')).text).toContain(`/provider/meetings/${meetingId}`);
  expect((await other.get('/provider/meetings')).text).not.toContain(meetingId);
  expect((await other.get(`/provider/meetings/${meetingId}`)).status).toBe(404);
  expect((await other.get('/provider/meetings/not-a-uuid')).status).toBe(404);
  const otherPost = await postForm(other, '/provider/meetings', `/provider/meetings/${meetingId}/confirm`, {
    version: '1',
  });
  expect(otherPost.status).toBe(404);
  expect((await staff.get(`/provider/meetings/${meetingId}`)).status).toBe(403);

  const page = `/provider/meetings/${meetingId}`;
  const empty = await postForm(own, page, `${page}/another-time`, { message: '  ', version: '1' });
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Enter the times that would suit you');
  const asked = await postForm(own, page, `${page}/another-time`, {
    message: 'Any <em>Tuesday</em> afternoon',
    version: '1',
  });
  expect(asked.status).toBe(303);
  const staffView = await viewer.get(meetingPath());
  expect(staffView.text).toContain('Asked for another time: Any &lt;em&gt;Tuesday&lt;/em&gt; afternoon');
  const stale = await postForm(own, page, `${page}/confirm`, { version: '1' });
  expect(stale.status).toBe(409);
  const confirmed = await postForm(own, page, `${page}/confirm`, {
    version: String((await meeting()).version),
  });
  expect(confirmed.status).toBe(303);
  expect(await meeting()).toMatchObject({ status: 'confirmed', provider_response: 'confirmed' });
});

test('notes: validated, saved with per-area ratings, audited by field, conflicts kept; providers never see them', async () => {
  const notesPath = `${meetingPath()}/notes`;
  const early = await postForm(staff, notesPath, notesPath, {
    outcome: 'held',
    summary: 'x',
    notesVersion: '1',
  });
  expect(early.status).toBe(400);
  expect(early.text).toContain('Notes can be recorded once the meeting has started');
  // Time passes: the meeting is now in the past.
  await context
    .db('meetings')
    .where({ id: meetingId })
    .update({
      starts_at: new Date(Date.now() - 2 * DAY),
      ends_at: new Date(Date.now() - 2 * DAY + 3600000),
    });
  const areas = await context
    .db('service_areas')
    .where({ exercise_id: exerciseId, parent_id: null })
    .orderBy('position')
    .limit(2);
  expect((await postForm(viewer, meetingPath(), notesPath, { outcome: 'held' })).status).toBe(403);
  const bad = await postForm(staff, notesPath, notesPath, {
    outcome: '',
    notesVersion: '1',
    [`rating-${areas[0].id}`]: '7',
    [`concerns-${areas[0].id}`]: 'TUPE',
  });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('Choose whether the meeting happened');
  expect(bad.text).toContain(`Choose an interest rating for ${areas[0].name}`);
  expect(bad.text).toContain('TUPE');

  const notes = {
    outcome: 'held',
    attended: 'Sam Patel; Helen Marsh',
    summary: 'Strong interest in back office; <script>alert(1)</script>',
    notesVersion: '1',
    [`rating-${areas[0].id}`]: '4',
    [`deliveryModels-${areas[0].id}`]: 'Shared service',
    [`rating-${areas[1].id}`]: '1',
    [`concerns-${areas[1].id}`]: 'Schools buy individually',
  };
  expect((await postForm(staff, notesPath, notesPath, notes)).status).toBe(303);
  const observations = await context.db('meeting_observations').where({ meeting_id: meetingId });
  expect(Object.fromEntries(observations.map((o) => [o.service_area_id, o.rating]))).toEqual({
    [areas[0].id]: 4,
    [areas[1].id]: 1,
  });
  const shown = await viewer.get(meetingPath());
  expect(shown.text).toContain('4 out of 4');
  expect(shown.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

  const stale = await postForm(staff, notesPath, notesPath, { ...notes, summary: 'My late edit' });
  expect(stale.status).toBe(409);
  expect(stale.text).toContain('Someone else saved notes');
  expect(stale.text).toContain('My late edit');
  expect((await meeting()).summary).toContain('Strong interest');

  const second = await postForm(staff, notesPath, notesPath, {
    ...notes,
    summary: 'Revised',
    notesVersion: '2',
  });
  expect(second.status).toBe(303);
  const audit = await context
    .db('audit_events')
    .where({ record_type: 'meeting', record_id: meetingId, action: 'meeting.notes_saved' })
    .orderBy('id', 'desc')
    .first();
  expect(Object.keys(audit.changes)).toEqual(['summary']);

  const provider = await signIn(context.app, invited[0].email);
  const providerPage = await provider.get(`/provider/meetings/${meetingId}`);
  expect(providerPage.status).toBe(200);
  expect(providerPage.text).not.toContain('Revised');
  expect(providerPage.text).not.toContain('Shared service');
  expect(providerPage.text).not.toContain('out of 4');
});

test('actions are added, validated and ticked off', async () => {
  const actionsPath = `${meetingPath()}/actions`;
  const empty = await postForm(staff, meetingPath(), actionsPath, {
    description: '',
    owner: '',
    'dueOn-day': '31',
  });
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Enter what needs to be done');
  expect(empty.text).toContain('The due date must be a real date');
  const added = await postForm(staff, meetingPath(), actionsPath, {
    description: 'Send TUPE list',
    owner: 'Sam Patel',
    ...dateFields('dueOn', inWindow(5)),
  });
  expect(added.status).toBe(303);
  const action = await context.db('meeting_actions').where({ meeting_id: meetingId }).first();
  expect(action.done).toBe(false);
  const done = await postForm(staff, meetingPath(), `${actionsPath}/${action.id}/done`, { done: 'yes' });
  expect(done.status).toBe(303);
  expect((await context.db('meeting_actions').where({ id: action.id }).first()).done).toBe(true);
  expect((await postForm(viewer, meetingPath(), actionsPath, { description: 'x', owner: 'y' })).status).toBe(
    403,
  );
});

test('a point from the meeting goes to the clarification log, anonymised, in one step', async () => {
  const path = `${meetingPath()}/clarification`;
  const empty = await postForm(staff, path, path, { question: '', answer: '' });
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Enter the question');
  const sent = await postForm(staff, path, path, {
    question: 'Will schools be a separate lot?',
    answer: 'Not decided yet.',
  });
  expect(sent.status).toBe(303);
  const published = await context
    .db('clarifications')
    .where({ exercise_id: exerciseId, question: 'Will schools be a separate lot?' })
    .first();
  expect(published).toMatchObject({ visibility: 'all', organisation_id: null, answer: 'Not decided yet.' });
  const other = await signIn(context.app, invited[1].email);
  expect((await other.get(`/provider/exercises/${exerciseId}/clarifications`)).text).toContain(
    'Will schools be a separate lot?',
  );
});

test('meetings on the clock-change Sundays are stored and shown at the right London time', async () => {
  await context
    .db('exercises')
    .where({ id: exerciseId })
    .update({ meetings_from: '2027-03-01', meetings_to: '2027-11-30' });
  for (const [date, utc, zone] of [
    ['2027-03-28', '2027-03-28T09:00:00.000Z', 'BST'],
    ['2027-10-31', '2027-10-31T10:00:00.000Z', 'GMT'],
  ]) {
    const created = await schedule(1, dateFields('date', date));
    expect(created.status).toBe(303);
    const id = /meetings\/([0-9a-f-]{36})/.exec(String(created.headers.location))![1];
    const row = await context.db('meetings').where({ id }).first();
    expect(new Date(row.starts_at).toISOString()).toBe(utc);
    expect((await staff.get(`${meetingsPath()}/${id}`)).text).toContain(`10am ${zone}`);
    const email = await context
      .db('email_outbox')
      .where({ to_address: invited[1].email })
      .orderBy('id', 'desc')
      .first();
    const ics = (email.attachments as { content: string }[])[0].content;
    expect(ics).toContain(`DTSTART;TZID=Europe/London:${date.replace(/-/g, '')}T100000`);
  }
});

test('reminders go to every attendee once, the day before', async () => {
  const dayBefore = new Date('2027-03-27T12:00:00Z');
  const reminders = () =>
    context.db('email_outbox').where({ to_address: invited[1].email }).where('subject', 'like', 'Reminder:%');
  expect(await context.services.meetingCalendar.sendReminders(new Date('2027-03-26T12:00:00Z'))).toBe(0);
  expect(await context.services.meetingCalendar.sendReminders(dayBefore)).toBe(1);
  expect(await context.services.meetingCalendar.sendReminders(dayBefore)).toBe(0);
  const sent = await reminders();
  expect(sent).toHaveLength(1);
  expect(sent[0].text_body).toContain('28 March 2027, 10am BST');
  expect(
    await context
      .db('email_outbox')
      .where({ to_address: 'staff@demo.test' })
      .where('subject', 'like', 'Reminder:%'),
  ).toHaveLength(1);
});

test('the staff calendar lists a week’s meetings, filtered by exercise and attendee, and a printable day', async () => {
  const week = await viewer.get('/meetings/calendar?week=2027-03-24');
  expect(week.status).toBe(200);
  expect(week.text).toContain('22 March 2027');
  expect(week.text).toContain('28 March 2027, 10am BST');
  const adminId = (await context.db('users').where({ email: 'admin@demo.test' }).first()).id;
  expect((await staff.get(`/meetings/calendar?week=2027-03-24&attendee=${adminId}`)).text).not.toContain(
    '10am BST',
  );
  expect(
    (await staff.get(`/meetings/calendar?week=2027-03-24&attendee=${staffUserId}&exercise=${exerciseId}`))
      .text,
  ).toContain('10am BST');
  const day = await staff.get('/meetings/calendar?day=2027-03-28');
  expect(day.text).toContain('Meetings on one day');
  expect(day.text).toContain('10am BST');
  expect((await staff.get('/meetings/calendar?week=<script>')).status).toBe(200);
  const provider = await signIn(context.app, invited[0].email);
  expect((await provider.get('/meetings/calendar')).status).toBe(403);
});
