import fs from 'node:fs';
import { eventually, startAppProcess, type AppProcess } from '../../helpers/app-process';
import { createTestContext, type TestContext } from '../../helpers/context';

/**
 * Two app processes on one database, each running the automatic invitation reminder job and the
 * meeting day-before reminder job every second: each due reminder is still queued exactly once.
 * The invitation bookkeeping has a unique index, so the proof is the email outbox, which would
 * hold a second email for a recipient if both processes ever sent the same reminder.
 */
jest.setTimeout(60_000);

const HOUR = 3600 * 1000;
const AWAITING = ['invited', 'opened', 'in_progress'];

let context: TestContext;
let instances: AppProcess[] = [];
let exercise: { id: string; title: string };
let dueInvitationIds: string[];
let meetingId: string;
let earlierEmailIds: string[];

beforeAll(async () => {
  context = await createTestContext();
  const { db } = context;
  exercise = await db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first('id', 'title');
  // Responses close tomorrow: within the exercise's reminder window (3 days before by default).
  await db('exercises')
    .where({ id: exercise.id })
    .update({ responses_close_at: new Date(Date.now() + 24 * HOUR) });
  dueInvitationIds = await db('invitations')
    .where({ exercise_id: exercise.id })
    .whereIn('status', AWAITING)
    .whereNull('deadline_extended_to')
    .pluck('id');

  const meeting = await db('meetings').where({ exercise_id: exercise.id, status: 'proposed' }).first('id');
  meetingId = meeting.id;
  const startsAt = new Date(Date.now() + 12 * HOUR);
  const endsAt = new Date(startsAt.getTime() + HOUR);
  await db('meetings')
    .where({ id: meetingId })
    .update({ starts_at: startsAt, ends_at: endsAt, reminded_at: null });
  await db('meeting_attendees')
    .where({ meeting_id: meetingId })
    .update({ during: db.raw('tstzrange(?, ?)', [startsAt.toISOString(), endsAt.toISOString()]) });

  earlierEmailIds = await db('email_outbox').pluck('id');
  const env = { DATABASE_URL: context.config.databaseUrl!, REMINDER_INTERVAL_SECONDS: '1' };
  instances = await Promise.all([startAppProcess(env), startAppProcess(env)]);
});

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.kill()));
  for (const instance of instances) fs.rmSync(instance.dataDir, { recursive: true, force: true });
  await context?.close();
});

const queuedTo = async (subject: string) =>
  (await context.db('email_outbox').whereNotIn('id', earlierEmailIds).where({ subject }).pluck('to_address'))
    .map(String)
    .sort();

test('each due invitation reminder and meeting reminder is queued once between the two instances', async () => {
  const { db } = context;
  expect(dueInvitationIds.length).toBeGreaterThan(0);
  const automaticReminders = () =>
    db('invitation_reminders').whereIn('invitation_id', dueInvitationIds).where({ kind: 'automatic' });

  await eventually('both reminder jobs have run', async () => {
    const reminded = await automaticReminders();
    const meeting = await db('meetings').where({ id: meetingId }).first('reminded_at');
    return reminded.length === dueInvitationIds.length && meeting.reminded_at !== null;
  });
  // Both instances keep running the jobs every second; give each time to send anything twice.
  await new Promise((resolve) => setTimeout(resolve, 3000));

  expect((await automaticReminders()).map((row) => row.invitation_id).sort()).toEqual(
    [...dueInvitationIds].sort(),
  );
  const invitedContacts = await db('invitation_contacts as ic')
    .join('contacts as c', 'c.id', 'ic.contact_id')
    .whereIn('ic.invitation_id', dueInvitationIds)
    .pluck('c.email');
  expect(invitedContacts.length).toBeGreaterThanOrEqual(dueInvitationIds.length);
  expect(await queuedTo(`Reminder: market testing for ${exercise.title} closes soon`)).toEqual(
    invitedContacts.map(String).sort(),
  );

  const staff = await db('meeting_attendees as a')
    .join('users as u', 'u.id', 'a.user_id')
    .where('a.meeting_id', meetingId)
    .pluck('u.email');
  const contacts = await db('meeting_contacts as mc')
    .join('contacts as c', 'c.id', 'mc.contact_id')
    .where('mc.meeting_id', meetingId)
    .pluck('c.email');
  expect(contacts.length).toBeGreaterThan(0);
  expect(await queuedTo(`Reminder: meeting tomorrow about ${exercise.title}`)).toEqual(
    [...staff, ...contacts].map(String).sort(),
  );
  // Neither instance's jobs failed (a losing racer skips the claimed rows rather than erroring).
  for (const instance of instances) expect(instance.output()).not.toContain('reminders failed');
});
