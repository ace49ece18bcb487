import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor } from '../helpers/http';
import { addQuestion, publish } from '../helpers/questionnaires';
import { activeAreas, publishedSnapshot, validAnswers, openedInvitation } from '../helpers/responses';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

test('providers who answered are told about a new questionnaire version and can confirm their answers stand', async () => {
  const exercise = await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
  const invitation = await openedInvitation(context.db, exercise.id);
  const provider = await signIn(context.app, invitation.email);
  const snapshot = await publishedSnapshot(context.db, exercise.id);
  const areas = await activeAreas(context.db, exercise.id);
  const section = snapshot.sections[0];
  const path = `/provider/exercises/${exercise.id}/response/sections/${section.id}`;
  const saved = await provider
    .post(path)
    .type('form')
    .send({
      _csrf: await tokenFor(provider, path),
      sectionVersion: '0',
      action: 'continue',
      ...validAnswers(section, snapshot, areas, new Map(), () => '2'),
    });
  expect(saved.status).toBe(303);

  const staff = await signIn(context.app, 'staff@demo.test');
  const added = await addQuestion(
    staff,
    exercise.id,
    (await context.db('questionnaire_sections').where({ id: section.id }).first()).id,
    'short_text',
    {
      label: 'Your VAT registration number',
      required: '',
    },
  );
  expect(added.status).toBe(303);
  expect((await publish(staff, context.db, exercise.id)).status).toBe(303);

  const emails = await context
    .db('email_outbox')
    .where({ to_address: invitation.email })
    .where('subject', 'like', 'The questionnaire has changed:%');
  expect(emails).toHaveLength(1);
  expect(emails[0].text_body).toContain('New question: Your VAT registration number');

  const taskList = await provider.get(`/provider/exercises/${exercise.id}/response`);
  expect(taskList.text).toContain('The questionnaire has changed since you answered it');
  expect(taskList.text).toContain('New question: Your VAT registration number');
  const confirmed = await provider
    .post(`/provider/exercises/${exercise.id}/response/confirm`)
    .type('form')
    .send({ _csrf: await tokenFor(provider, `/provider/exercises/${exercise.id}/response`) });
  expect(confirmed.status).toBe(303);
  const response = await context.db('responses').where({ invitation_id: invitation.id }).first();
  expect(response.questionnaire_version).toBe(2);
  expect((await provider.get(`/provider/exercises/${exercise.id}/response`)).text).not.toContain(
    'has changed since you answered',
  );
});
