import fs from 'node:fs';
import request from 'supertest';
import { londonDateAndTime } from '../../../server/lib/dates';
import {
  eventually,
  SHARED_SESSION_SECRET,
  signInAt,
  startAppProcess,
  type AppProcess,
} from '../../helpers/app-process';
import { createTestContext, type TestContext } from '../../helpers/context';
import { dateFields, postForm } from '../../helpers/exercises';
import { csrfFrom, signIn } from '../../helpers/http';
import { startSmtpServer, unusedPort, type CapturingSmtpServer } from '../../helpers/smtp';

/**
 * Two app processes on one database, as behind a load balancer: sessions are shared, the mail
 * job delivers each email once between them (after waiting out an SMTP outage), and a meeting
 * slot raced for through both goes to exactly one provider.
 */
jest.setTimeout(90_000);

let context: TestContext;
let instances: AppProcess[] = [];
let smtpPort: number;
let smtp: CapturingSmtpServer | undefined;

beforeAll(async () => {
  context = await createTestContext({ env: { SESSION_SECRET: SHARED_SESSION_SECRET } });
  smtpPort = await unusedPort();
  const env = {
    DATABASE_URL: context.config.databaseUrl!,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_POLL_MS: '100',
  };
  instances = await Promise.all([startAppProcess(env), startAppProcess(env)]);
});

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.kill()));
  for (const instance of instances) fs.rmSync(instance.dataDir, { recursive: true, force: true });
  await smtp?.close();
  await context?.close();
});

test('a session made by one instance is honoured by the other, and signing out on one ends it on both', async () => {
  const [first, second] = instances;
  const { cookie } = await signInAt(first.url, 'staff@demo.test');
  const home = await request(second.url).get('/staff').set('Cookie', cookie);
  expect(home.status).toBe(200);
  expect(home.text).toContain('Signed in as Sam Patel');

  const token = csrfFrom(home.text);
  const signedOut = await request(second.url)
    .post('/sign-out')
    .set('Cookie', cookie)
    .type('form')
    .send({ _csrf: token });
  expect(signedOut.status).toBe(303);
  const after = await request(first.url).get('/staff').set('Cookie', cookie);
  expect(after.status).toBe(303);
  expect(after.headers.location).toMatch(/^\/sign-in/);
});

test('with SMTP down for a while, mail waits; once it returns the two instances deliver each email once', async () => {
  const subject = 'Two instances: delivered once';
  const recipients = Array.from({ length: 16 }, (_, index) => `provider${index}@two-instances.test`);
  await context.db.transaction(async (trx) => {
    for (const to of recipients)
      await context.services.mail.queue(trx, to, { subject, greeting: 'Hello,', paragraphs: ['Once.'] });
  });
  const ours = () => context.db('email_outbox').where({ subject });

  await eventually('every email has failed at least once while SMTP is down', async () => {
    const rows = await ours();
    return rows.every((row) => row.attempts >= 1 && row.status === 'pending' && row.last_error);
  });
  expect((await ours()).filter((row) => row.status === 'sent')).toHaveLength(0);

  smtp = await startSmtpServer(smtpPort);
  // The first retry comes 10 seconds after the failure (mail-worker backoff).
  await eventually('every email is sent', async () => (await ours()).every((row) => row.status === 'sent'));
  // Both instances keep polling; give them time to send anything twice if they were going to.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const delivered = smtp.messages.filter((message) => message.includes(`Subject: ${subject}`));
  const deliveredTo = delivered.map((message) => /^To: (\S+)$/m.exec(message)?.[1]);
  expect(deliveredTo.sort()).toEqual([...recipients].sort());
  expect((await ours()).every((row) => row.attempts >= 2)).toBe(true);
});

test('two providers on each instance race for one slot: exactly one gets it, the others are told clearly', async () => {
  const exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  const slotsPath = `/exercises/${exerciseId}/meetings/slots`;
  const pickPath = `/provider/exercises/${exerciseId}/slots`;
  const staff = await signIn(context.app, 'staff@demo.test');
  const staffUserId = (await context.db('users').where({ email: 'staff@demo.test' }).first()).id;
  const existing = await context.db('meeting_slots').pluck('id');
  const offered = await postForm(staff, slotsPath, slotsPath, {
    ...dateFields('date', londonDateAndTime(new Date(Date.now() + 33 * 24 * 3600 * 1000)).isoDate),
    startTime: '14:00',
    endTime: '15:00',
    place: 'County Hall, Oxford',
    staffUserIds: staffUserId,
  });
  expect(offered.status).toBe(303);
  const slot = await context.db('meeting_slots').whereNotIn('id', existing).first();

  // One contact each from four invited organisations with no meeting yet.
  const rows = await context
    .db('invitations as i')
    .join('invitation_contacts as ic', 'ic.invitation_id', 'i.id')
    .join('contacts as c', 'c.id', 'ic.contact_id')
    .where('i.exercise_id', exerciseId)
    .whereNot('i.status', 'declined')
    .whereNotNull('c.user_id')
    .whereNotExists(
      context.db('meetings as m').whereRaw('m.invitation_id = i.id').select(context.db.raw('1')),
    )
    .select('i.organisation_id as organisationId', 'c.email');
  const emails = [...new Map(rows.map((row) => [row.organisationId, row.email as string])).values()].slice(
    0,
    4,
  );
  expect(emails).toHaveLength(4);

  const racers = await Promise.all(
    emails.map(async (email, index) => {
      const { agent } = await signInAt(instances[index % 2].url, email);
      const page = await agent.get(pickPath);
      expect(page.text).toContain(slot.id);
      return { agent, token: csrfFrom(page.text) };
    }),
  );
  const results = await Promise.all(
    racers.map(({ agent, token }) =>
      agent.post(pickPath).type('form').send({ _csrf: token, slotId: slot.id }),
    ),
  );

  expect(results.filter((result) => result.status === 303)).toHaveLength(1);
  const losers = results.filter((result) => result.status !== 303);
  expect(losers.map((result) => result.status)).toEqual(losers.map(() => 400));
  for (const loser of losers) {
    expect(loser.text).toContain('There is a problem');
    expect(loser.text).toContain('That time has just been taken. Choose another.');
  }
  expect(await context.db('meetings').where({ slot_id: slot.id })).toHaveLength(1);
});
