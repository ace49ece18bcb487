import { londonDateAndTime } from '../../server/lib/dates';
import { createTestContext, type TestContext } from '../helpers/context';
import { dateFields, postForm } from '../helpers/exercises';
import { signIn, type Agent } from '../helpers/http';

let context: TestContext;
let staff: Agent;
let exerciseId: string;
let staffUserId: string;
let seeded: string[];
let invited: { invitationId: string; organisationId: string; contactId: string; email: string }[];

const DAY = 24 * 60 * 60 * 1000;
/** A London date inside the demo exercise's meeting window (24 to 38 days ahead). */
const inWindow = (days = 30) => londonDateAndTime(new Date(Date.now() + days * DAY)).isoDate;
const meetingsPath = () => `/exercises/${exerciseId}/meetings`;

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  seeded = await context.db('meetings').pluck('id');
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
});
afterAll(() => context.close());

function schedule(agent: Agent, index: number, fields: Record<string, string> = {}) {
  const { invitationId, contactId } = invited[index];
  return postForm(agent, `${meetingsPath()}/new?invitation=${invitationId}`, meetingsPath(), {
    invitationId,
    ...dateFields('date', inWindow()),
    startTime: '10:00',
    endTime: '11:00',
    place: 'County Hall, New Road, Oxford',
    agenda: 'Introductions; the services in scope',
    staffUserIds: staffUserId,
    contactIds: contactId,
    ...fields,
  });
}

const meetingIdFrom = (location: unknown) => /meetings\/([0-9a-f-]{36})/.exec(String(location))![1];

/** Unfolds an ICS text into a map of property name -> [params, value] (last one wins). */
function parseIcs(text: string) {
  const lines = text.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
  const props: Record<string, { params: string; value: string }> = {};
  for (const line of lines) {
    const colon = line.indexOf(':', line.lastIndexOf('"') + 1);
    const [name, ...params] = line.slice(0, colon).split(';');
    props[name] = { params: params.join(';'), value: line.slice(colon + 1) };
  }
  return props;
}

async function latestIcs(email: string) {
  const row = await context.db('email_outbox').where({ to_address: email }).orderBy('id', 'desc').first();
  const [attachment] = row.attachments as { content: string; contentType: string }[];
  return {
    subject: row.subject as string,
    contentType: attachment.contentType,
    ics: parseIcs(attachment.content),
  };
}

test('each role gets only what it may use; signed out goes to sign in', async () => {
  const anonymous = (await import('supertest')).default(context.app);
  for (const path of [meetingsPath(), '/provider/meetings']) {
    const response = await anonymous.get(path);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
  }
  for (const email of ['viewer@demo.test', 'admin@demo.test']) {
    const agent = await signIn(context.app, email);
    expect((await agent.get(meetingsPath())).status).toBe(200);
    expect((await agent.get(`${meetingsPath()}/new`)).status).toBe(403);
    const posted = await postForm(agent, meetingsPath(), meetingsPath(), {
      invitationId: invited[0].invitationId,
    });
    expect(posted.status).toBe(403);
    expect((await agent.get('/provider/meetings')).status).toBe(403);
  }
  const provider = await signIn(context.app, invited[0].email);
  expect((await provider.get(meetingsPath())).status).toBe(403);
  expect((await provider.get('/provider/meetings')).status).toBe(200);
  expect((await staff.get(`${meetingsPath()}/new`)).text).toContain(`invitation=${invited[0].invitationId}`);
});

test('bad input is refused on the same page with what was typed kept', async () => {
  const empty = await schedule(staff, 0, {
    'date-day': '',
    'date-month': '',
    'date-year': '',
    startTime: '',
    endTime: 'teatime',
    place: '',
    agenda: '',
    staffUserIds: '',
    contactIds: '',
  });
  expect(empty.status).toBe(400);
  for (const message of [
    'Enter the date',
    'Enter the start time',
    'The end time must be a time on the 24-hour clock',
    'Enter the place',
    'Enter the agenda',
    'Choose at least one staff attendee',
    'Choose at least one of the provider’s contacts',
  ])
    expect(empty.text).toContain(message);
  expect(empty.text).toContain('value="teatime"');

  const backwards = await schedule(staff, 0, {
    startTime: '11:00',
    endTime: '10:00',
    place: '<b>Room 1</b>',
  });
  expect(backwards.status).toBe(400);
  expect(backwards.text).toContain('The end time must be after the start time');
  expect(backwards.text).toContain('&lt;b&gt;Room 1&lt;/b&gt;');
  expect(backwards.text).not.toContain('<b>Room 1</b>');

  const outside = await schedule(staff, 0, dateFields('date', inWindow(2)));
  expect(outside.status).toBe(400);
  expect(outside.text).toContain('within the exercise’s meeting window');
  const foreignContact = await schedule(staff, 0, { contactIds: invited[1].contactId });
  expect(foreignContact.status).toBe(400);
  expect(foreignContact.text).toContain('Choose the provider’s contacts from the list');
  expect(await context.db('meetings').whereNotIn('id', seeded)).toHaveLength(0);
});

test('scheduling emails every attendee a calendar request; double bookings are refused by the database', async () => {
  const created = await schedule(staff, 0);
  expect(created.status).toBe(303);
  const id = meetingIdFrom(created.headers.location);
  const page = await staff.get(`${meetingsPath()}/${id}`);
  expect(page.text).toMatch(/10am (GMT|BST) to [^<]*11am (GMT|BST)/);

  for (const email of ['staff@demo.test', invited[0].email]) {
    const { ics, contentType, subject } = await latestIcs(email);
    expect(subject).toContain('Meeting invitation');
    expect(contentType).toContain('method=REQUEST');
    expect(ics.METHOD.value).toBe('REQUEST');
    expect(ics.UID.value).toBe(`meeting-${id}@portal.test`);
    expect(ics.SEQUENCE.value).toBe('0');
    expect(ics.DTSTART).toEqual({
      params: 'TZID=Europe/London',
      value: `${inWindow().replace(/-/g, '')}T100000`,
    });
    expect(ics.LOCATION.value).toBe('County Hall\\, New Road\\, Oxford');
    expect(ics.ORGANIZER.value).toBe('mailto:staff@demo.test');
  }

  const overlap = await schedule(staff, 1, { startTime: '10:30', endTime: '11:30' });
  expect(overlap.status).toBe(400);
  expect(overlap.text).toContain('Sam Patel is already booked in another meeting at that time');
  expect((await schedule(staff, 1, { startTime: '11:00', endTime: '12:00' })).status).toBe(303);

  // A named room is held like a person: refused by its own exclusion constraint, case-insensitively.
  const adminId = (await context.db('users').where({ email: 'admin@demo.test' }).first()).id;
  expect((await schedule(staff, 1, { startTime: '12:00', endTime: '13:00', room: 'Room 4' })).status).toBe(
    303,
  );
  const roomClash = await schedule(staff, 2, {
    startTime: '12:30',
    endTime: '13:30',
    room: 'room 4',
    staffUserIds: adminId,
  });
  expect(roomClash.status).toBe(400);
  expect(roomClash.text).toContain('That room is already booked for another meeting at that time');
  expect(roomClash.text).toContain('value="room 4"');

  // Two requests at the same moment for the same person: the exclusion constraint lets one win.
  const [first, second] = await Promise.all([
    schedule(staff, 0, { startTime: '14:00', endTime: '15:00' }),
    schedule(staff, 1, { startTime: '14:30', endTime: '15:30' }),
  ]);
  expect([first.status, second.status].sort()).toEqual([303, 400]);
  expect(await context.db('meetings').whereNotIn('id', seeded)).toHaveLength(4);
});

test('reschedule sends SEQUENCE 1 with the same UID, a stale edit is refused, cancel sends METHOD:CANCEL and frees the time', async () => {
  const meeting = await context
    .db('meetings')
    .where({ invitation_id: invited[0].invitationId })
    .whereNotIn('id', seeded)
    .orderBy('starts_at')
    .first();
  const editPath = `${meetingsPath()}/${meeting.id}/edit`;
  const fields = {
    ...dateFields('date', inWindow(31)),
    startTime: '09:00',
    endTime: '10:00',
    place: 'Online: https://meet.example.test/abc',
    agenda: 'Rescheduled',
    staffUserIds: staffUserId,
    contactIds: invited[0].contactId,
  };
  const changed = await postForm(staff, editPath, editPath, { ...fields, version: String(meeting.version) });
  expect(changed.status).toBe(303);
  const update = await latestIcs(invited[0].email);
  expect(update.subject).toContain('Meeting changed');
  expect(update.ics.SEQUENCE.value).toBe('1');
  expect(update.ics.UID.value).toBe(`meeting-${meeting.id}@portal.test`);
  expect(update.ics.DTSTART.value).toBe(`${inWindow(31).replace(/-/g, '')}T090000`);

  const stale = await postForm(staff, editPath, editPath, {
    ...fields,
    agenda: 'Mine',
    version: String(meeting.version),
  });
  expect(stale.status).toBe(409);
  expect(stale.text).toContain('Someone else changed this meeting');
  expect((await context.db('meetings').where({ id: meeting.id }).first()).agenda).toBe('Rescheduled');

  const cancelPath = `${meetingsPath()}/${meeting.id}/cancel`;
  const current = await context.db('meetings').where({ id: meeting.id }).first();
  expect((await postForm(staff, cancelPath, cancelPath, { version: String(current.version) })).status).toBe(
    303,
  );
  const cancel = await latestIcs(invited[0].email);
  expect(cancel.ics.METHOD.value).toBe('CANCEL');
  expect(cancel.ics.SEQUENCE.value).toBe('2');
  expect(cancel.contentType).toContain('method=CANCEL');
  // The cancelled meeting's slot no longer blocks Sam Patel.
  expect(
    (await schedule(staff, 1, { ...dateFields('date', inWindow(31)), startTime: '09:00', endTime: '10:00' }))
      .status,
  ).toBe(303);
});
