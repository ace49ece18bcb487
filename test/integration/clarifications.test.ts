import { createTestContext, type TestContext } from '../helpers/context';
import { postForm } from '../helpers/exercises';
import { signIn, type Agent } from '../helpers/http';

let context: TestContext;
let staff: Agent;
let viewer: Agent;
let asker: Agent;
let other: Agent;
let exerciseId: string;
let askerEmail: string;
let otherEmail: string;

/** Two providers invited to the Oxfordshire demo exercise: one asks, the other must learn the answer. */
beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  viewer = await signIn(context.app, 'viewer@demo.test');
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  const invited = await context
    .db('invitations as i')
    .join('invitation_contacts as ic', 'ic.invitation_id', 'i.id')
    .join('contacts as c', 'c.id', 'ic.contact_id')
    .where('i.exercise_id', exerciseId)
    .whereNot('i.status', 'declined')
    .select('c.email', 'i.organisation_id');
  const [first, second] = [...new Map(invited.map((row) => [row.organisation_id, row.email])).values()];
  askerEmail = first;
  otherEmail = second;
  asker = await signIn(context.app, askerEmail);
  other = await signIn(context.app, otherEmail);
});
afterAll(() => context.close());

const logPath = () => `/provider/exercises/${exerciseId}/clarifications`;
const emailsTo = (email: string) => context.db('email_outbox').where({ to_address: email });

test('a provider asks; staff publish an anonymised answer to every invitee', async () => {
  const empty = await postForm(asker, logPath(), logPath(), { question: '' });
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Enter your question');
  const asked = await postForm(asker, logPath(), logPath(), {
    question: 'Would TUPE apply to the 40 HR staff at Meridian-style providers?',
  });
  expect(asked.status).toBe(303);
  const clarification = await context
    .db('clarifications')
    .where({ exercise_id: exerciseId })
    .whereNull('answer')
    .first();
  expect(clarification.answer).toBeNull();
  expect(
    (await emailsTo('staff@demo.test')).some((e) => e.subject.startsWith('New clarification question')),
  ).toBe(true);

  const list = await viewer.get(`/exercises/${exerciseId}/clarifications`);
  expect(list.text).toContain('Would TUPE apply');
  expect((await other.get(logPath())).text).not.toContain('Would TUPE apply');

  const answerPath = `/exercises/${exerciseId}/clarifications/${clarification.id}/answer`;
  expect(
    (await postForm(viewer, `/exercises/${exerciseId}/clarifications`, answerPath, { answer: 'x' })).status,
  ).toBe(403);
  const missing = await postForm(staff, answerPath, answerPath, {
    publishedQuestion: '',
    answer: '',
    version: '1',
  });
  expect(missing.status).toBe(400);
  expect(missing.text).toContain('Enter the answer');
  expect(missing.text).toContain('Choose who sees the answer');
  const answered = await postForm(staff, answerPath, answerPath, {
    publishedQuestion: 'Would TUPE apply to the HR staff?',
    answer: 'Yes: TUPE is likely to apply to staff assigned to the service.',
    visibility: 'all',
    version: '1',
  });
  expect(answered.status).toBe(303);

  const seenByOther = await other.get(logPath());
  expect(seenByOther.text).toContain('Would TUPE apply to the HR staff?');
  expect(seenByOther.text).toContain('TUPE is likely to apply');
  expect(seenByOther.text).not.toContain('Meridian-style');
  const organisation = await context.db('organisations').where({ id: clarification.organisation_id }).first();
  expect(seenByOther.text).not.toContain(organisation.name);
  expect(
    (await emailsTo(otherEmail)).filter((e) => e.subject.startsWith('New clarification published')),
  ).toHaveLength(1);

  const twice = await postForm(staff, answerPath, answerPath, {
    publishedQuestion: 'q',
    answer: 'again',
    visibility: 'all',
    version: '2',
  });
  expect(twice.status).toBe(400);
  expect(twice.text).toContain('already been answered');
});

test('a private answer is seen only by the asker', async () => {
  await postForm(asker, logPath(), logPath(), {
    question: 'Can you confirm our current contract end date with you?',
  });
  const clarification = await context
    .db('clarifications')
    .where({ exercise_id: exerciseId })
    .whereNull('answer')
    .first();
  const answerPath = `/exercises/${exerciseId}/clarifications/${clarification.id}/answer`;
  await postForm(staff, answerPath, answerPath, {
    publishedQuestion: clarification.question,
    answer: 'It ends on 31 March.',
    visibility: 'private',
    version: String(clarification.version),
  });
  expect((await asker.get(logPath())).text).toContain('It ends on 31 March.');
  expect((await other.get(logPath())).text).not.toContain('It ends on 31 March.');
  expect(
    (await emailsTo(askerEmail)).some((e) =>
      e.subject.startsWith('Your clarification question has been answered'),
    ),
  ).toBe(true);
});

test('staff publish a clarification directly; providers not invited cannot read the log', async () => {
  const path = `/exercises/${exerciseId}/clarifications`;
  const published = await postForm(staff, `${path}/new`, path, {
    question: 'Is there a minimum contract value?',
    answer: 'No.',
  });
  expect(published.status).toBe(303);
  expect((await other.get(logPath())).text).toContain('Is there a minimum contract value?');
  const notInvited = await context
    .db('users')
    .where({ role: 'provider' })
    .whereNotIn(
      'organisation_id',
      context.db('invitations').where({ exercise_id: exerciseId }).select('organisation_id'),
    )
    .first();
  const outsider = await signIn(context.app, notInvited.email);
  expect((await outsider.get(logPath())).status).toBe(404);
  expect((await asker.get(path)).status).toBe(403);
});

test('questions are refused after the clarification deadline', async () => {
  await context
    .db('exercises')
    .where({ id: exerciseId })
    .update({ questions_close_at: new Date(Date.now() - 1000) });
  const late = await postForm(asker, logPath(), logPath(), { question: 'One more thing?' });
  expect(late.status).toBe(400);
  expect(late.text).toContain('The deadline for clarification questions has passed');
});

test('the information log lists what went to whom, oldest first, for staff and viewers only', async () => {
  const path = `/exercises/${exerciseId}/information-log`;
  const page = await viewer.get(path);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Questionnaire version 1 published');
  expect(page.text).toContain('Every invited provider (asker not named)');
  expect(page.text).toContain('Would TUPE apply to the HR staff?');
  expect(page.text).not.toContain('Meridian-style');
  expect(page.text).toMatch(/only<\/td>/);
  expect((await asker.get(path)).status).toBe(403);
});
