import { createTestContext, type TestContext } from '../helpers/context';
import { addArea, createExercise, dateFields, postForm } from '../helpers/exercises';
import { signIn, type Agent } from '../helpers/http';
import {
  addQuestion,
  createQuestionnaire,
  publish,
  questionnaireOf,
  questionnairePath as q,
  questionsOf,
} from '../helpers/questionnaires';

let context: TestContext;
let staff: Agent;
let viewer: Agent;
const nextYear = new Date().getUTCFullYear() + 1;

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  viewer = await signIn(context.app, 'viewer@demo.test');
});
afterAll(() => context.close());

const versionsOf = async (exerciseId: string) => {
  const { id } = await questionnaireOf(context.db, exerciseId);
  return context.db('questionnaire_versions').where({ questionnaire_id: id }).orderBy('number');
};

async function templateQuestionnaire() {
  const id = await createExercise(staff);
  await addArea(staff, id, { name: 'Corporate Back Office' });
  await createQuestionnaire(staff, id, 'template');
  return id;
}

test('publishing freezes version 1; later edits change only the working copy', async () => {
  const id = await templateQuestionnaire();
  const confirm = await staff.get(`${q(id)}/publish`);
  expect(confirm.text).toContain('Publish version 1');
  expect(confirm.text).toContain('Questions added (');
  expect((await publish(staff, context.db, id)).status).toBe(303);
  const [v1] = await versionsOf(id);
  expect(v1.number).toBe(1);
  const frozen = JSON.stringify(v1.snapshot);
  expect((await staff.get(q(id))).text).toContain('Published version 1</strong>');

  const [first] = await questionsOf(context.db, id);
  const path = `${q(id)}/questions/${first.id}`;
  const edited = await postForm(staff, path, path, {
    type: first.type,
    sectionId: first.section_id,
    label: 'Legal name of your organisation',
    helpText: '',
    required: 'yes',
    version: String(first.version),
  });
  expect(edited.status).toBe(303);
  expect(JSON.stringify((await versionsOf(id))[0].snapshot)).toBe(frozen);
  expect((await staff.get(q(id))).text).toContain('Published version 1 with unpublished changes');
  expect((await viewer.get(`${q(id)}/versions/1`)).text).toContain('Name of your organisation');
  expect((await staff.get(`${q(id)}/versions/9`)).status).toBe(404);
  expect((await staff.get(`${q(id)}/versions/nonsense`)).status).toBe(404);
});

test('a second publish makes version 2 with the changes listed; question ids are stable', async () => {
  const id = await templateQuestionnaire();
  await publish(staff, context.db, id);
  const before = await questionsOf(context.db, id);
  const [first, second] = before;
  const path = `${q(id)}/questions/${first.id}`;
  await postForm(staff, path, path, {
    type: first.type,
    sectionId: first.section_id,
    label: 'Legal name',
    helpText: '',
    version: String(first.version),
  });
  await postForm(staff, q(id), `${q(id)}/questions/${second.id}/remove`, {});
  await addQuestion(staff, id, first.section_id, 'yes_no', { label: 'Are you a registered charity?' });
  const confirm = await staff.get(`${q(id)}/publish`);
  expect(confirm.text).toContain('Changes since version 1');
  expect(confirm.text).toContain('Legal name (question, required)');
  expect((await publish(staff, context.db, id)).status).toBe(303);

  const [v1, v2] = await versionsOf(id);
  expect(v2.number).toBe(2);
  expect(v2.change_summary.added.map((item: { label: string }) => item.label)).toEqual([
    'Are you a registered charity?',
  ]);
  expect(v2.change_summary.changed).toEqual([
    { id: first.id, label: 'Legal name', what: ['question', 'required'] },
  ]);
  expect(v2.change_summary.removed).toEqual([{ id: second.id, label: second.label }]);
  const ids = (snapshot: { sections: { questions: { id: string }[] }[] }) =>
    snapshot.sections.flatMap((section) => section.questions.map((question) => question.id));
  expect(ids(v2.snapshot)).toContain(first.id);
  expect(ids(v1.snapshot)).toContain(second.id);
  expect(ids(v2.snapshot)).not.toContain(second.id);
  // Published, then removed: archived and kept for the answers given to version 1.
  expect((await context.db('questions').where({ id: second.id }).first()).archived).toBe(true);

  const { questionnaires } = context.services;
  expect((await questionnaires.latestPublished(id))?.number).toBe(2);
  expect((await questionnaires.changesBetween(id, 1, 2)).removed).toEqual([
    { id: second.id, label: second.label },
  ]);
  expect((await staff.get(q(id))).text).toContain('1 added, 1 changed, 1 removed');
});

test('a double submit publishes once; a change since the review is a conflict', async () => {
  const id = await templateQuestionnaire();
  const { version } = await questionnaireOf(context.db, id);
  const path = `${q(id)}/publish`;
  const [a, b] = await Promise.all([
    postForm(staff, path, path, { version: String(version) }),
    postForm(staff, path, path, { version: String(version) }),
  ]);
  expect([a.status, b.status]).toEqual([303, 303]);
  expect(await versionsOf(id)).toHaveLength(1);

  const reviewed = (await questionnaireOf(context.db, id)).version;
  const [first] = await questionsOf(context.db, id);
  await addQuestion(staff, id, first.section_id, 'short_text', { label: 'Website' });
  const stale = await postForm(staff, path, path, { version: String(reviewed) });
  expect(stale.status).toBe(409);
  expect(stale.text).toContain('Check the changes again before publishing');
  expect(await versionsOf(id)).toHaveLength(1);
  expect((await publish(staff, context.db, id)).status).toBe(303);
  expect(await versionsOf(id)).toHaveLength(2);
  const unchanged = await publish(staff, context.db, id);
  expect(unchanged.headers.location).toContain('done=unchanged');
  expect(await versionsOf(id)).toHaveLength(2);
  const bad = await postForm(staff, path, path, { version: 'x' });
  expect(bad.status).toBe(400);
});

test('an empty questionnaire cannot be published', async () => {
  const id = await createExercise(staff);
  await createQuestionnaire(staff, id, 'empty');
  expect((await staff.get(`${q(id)}/publish`)).text).toContain('Add at least one question before publishing');
  const refused = await publish(staff, context.db, id);
  expect(refused.status).toBe(400);
  expect(await versionsOf(id)).toHaveLength(0);
});

test('a closed exercise makes the questionnaire read-only', async () => {
  const id = await templateQuestionnaire();
  let { version } = await context.db('exercises').where({ id }).first();
  await postForm(staff, `/exercises/${id}/timeline`, `/exercises/${id}/timeline`, {
    version: String(version),
    ...dateFields('responsesClose', `${nextYear}-09-01`),
  });
  for (const status of ['open', 'closed']) {
    ({ version } = await context.db('exercises').where({ id }).first());
    const response = await postForm(staff, `/exercises/${id}`, `/exercises/${id}/status`, {
      status,
      reason: '',
      version: String(version),
    });
    expect(response.status).toBe(303);
  }
  const page = await staff.get(q(id));
  expect(page.text).toContain('its questionnaire cannot be changed');
  expect(page.text).not.toContain('Add a section');
  const [first] = await questionsOf(context.db, id);
  const attempts = [
    postForm(staff, q(id), `${q(id)}/sections`, { title: 'More' }),
    postForm(staff, q(id), `${q(id)}/questions/${first.id}/move`, { direction: 'down' }),
    postForm(staff, q(id), `${q(id)}/questions/${first.id}/remove`, {}),
    publish(staff, context.db, id),
  ];
  for (const response of await Promise.all(attempts)) {
    expect(response.status).toBe(400);
    expect(response.text).toContain('This exercise is closed');
  }
  expect(await versionsOf(id)).toHaveLength(0);
  expect((await questionsOf(context.db, id))[0].id).toBe(first.id);
});

test('the demo exercise has the standard questionnaire published', async () => {
  const demo = await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
  const latest = await context.services.questionnaires.latestPublished(demo.id);
  expect(latest?.number).toBe(1);
  expect(latest?.snapshot.sections[0].title).toBe('About your organisation');
  expect((await staff.get(`${q(demo.id)}/preview`)).text).toContain('Corporate Back Office');
});
