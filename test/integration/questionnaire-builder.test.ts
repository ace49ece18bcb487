import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { addArea, createExercise, postForm } from '../helpers/exercises';
import { signIn, type Agent } from '../helpers/http';
import {
  addQuestion,
  addSection,
  createQuestionnaire,
  questionnaireOf,
  questionnairePath as q,
  questionsOf,
} from '../helpers/questionnaires';

let context: TestContext;
let staff: Agent;
let viewer: Agent;
let admin: Agent;
let provider: Agent;

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  viewer = await signIn(context.app, 'viewer@demo.test');
  admin = await signIn(context.app, 'admin@demo.test');
  provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
});
afterAll(() => context.close());

const sectionNamed = (title: string) =>
  context.db('questionnaire_sections').where({ title }).orderBy('created_at', 'desc').first();

/** An exercise with one area and an empty questionnaire with one section. */
async function emptyQuestionnaire() {
  const id = await createExercise(staff);
  await addArea(staff, id, { name: 'Corporate Back Office' });
  expect((await createQuestionnaire(staff, id, 'empty')).status).toBe(303);
  const title = `Section ${Math.random()}`;
  expect((await addSection(staff, id, title)).status).toBe(303);
  return { id, sectionId: (await sectionNamed(title)).id as string };
}

describe('who may use the builder', () => {
  test('staff build; viewers and admins read; providers are refused; the signed out sign in', async () => {
    const id = await createExercise(staff);
    expect((await staff.get(q(id))).text).toContain('Create the questionnaire');
    expect((await viewer.get(q(id))).text).not.toContain('Create the questionnaire');
    expect((await createQuestionnaire(staff, id)).status).toBe(303);
    const [question] = await questionsOf(context.db, id);
    const pages = [q(id), `${q(id)}/preview`];
    const writePages = [`${q(id)}/sections/new`, `${q(id)}/publish`, `${q(id)}/questions/${question.id}`];
    for (const path of pages) {
      for (const agent of [staff, viewer, admin]) expect((await agent.get(path)).status).toBe(200);
      expect((await provider.get(path)).status).toBe(403);
    }
    for (const path of writePages) {
      expect((await staff.get(path)).status).toBe(200);
      for (const agent of [viewer, admin, provider]) expect((await agent.get(path)).status).toBe(403);
    }
    const viewerPage = await viewer.get(q(id));
    expect(viewerPage.text).toContain('About your organisation');
    expect(viewerPage.text).not.toContain('Add a section');
    const token = /name="_csrf" value="([^"]+)"/.exec(viewerPage.text)![1];
    for (const action of [
      `${q(id)}/sections`,
      `${q(id)}/publish`,
      `${q(id)}/questions/${question.id}/remove`,
    ]) {
      const response = await viewer
        .post(action)
        .type('form')
        .send({ _csrf: token, title: 'x', version: '1' });
      expect(response.status).toBe(403);
    }
    for (const path of [...pages, ...writePages]) {
      const response = await request(context.app).get(path);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/sign-in');
    }
    expect((await staff.get(`/exercises/${id}`)).text).toContain('Build the questionnaire');
  });
});

describe('creating a questionnaire', () => {
  test('from the standard template: sections, typed questions, weights and a condition', async () => {
    const id = await createExercise(staff);
    expect((await createQuestionnaire(staff, id, 'template')).status).toBe(303);
    expect((await createQuestionnaire(staff, id, 'template')).status).toBe(303);
    expect(await context.db('questionnaires').where({ exercise_id: id })).toHaveLength(1);
    const questions = await questionsOf(context.db, id);
    expect(questions.filter((row) => row.type === 'interest_matrix')).toHaveLength(1);
    expect(questions.some((row) => row.type === 'not_interested_reasons')).toBe(true);
    expect(questions.find((row) => row.per_area && row.type === 'multiple_choice').options).toHaveLength(5);
    expect(questions.filter((row) => row.weight > 0).length).toBeGreaterThan(2);
    const tupe = questions.find((row) => row.label.startsWith('Have you taken on staff'));
    const conditional = questions.find((row) => row.shown_when);
    expect(conditional.shown_when).toEqual({ questionId: tupe.id, equals: 'yes' });
    const page = await staff.get(q(id));
    expect(page.text).toContain('Draft');
    expect(page.text).toContain('TUPE and pensions experience');
    expect(await context.db('audit_events').where({ action: 'questionnaire.created' })).not.toHaveLength(0);
  });

  test('as a copy of another exercise, with new ids and conditions pointing at the copies', async () => {
    const source = await createExercise(staff);
    await createQuestionnaire(staff, source, 'template');
    const id = await createExercise(staff);
    const refused = await createQuestionnaire(staff, id, 'copy', '');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Choose the exercise to copy the questionnaire from');
    expect(refused.text).toContain('value="copy" checked');
    expect((await createQuestionnaire(staff, id, 'copy', source)).status).toBe(303);
    const [original, copy] = [await questionsOf(context.db, source), await questionsOf(context.db, id)];
    expect(copy.map((row) => row.label)).toEqual(original.map((row) => row.label));
    expect(copy.map((row) => row.id)).not.toContain(original[0].id);
    const condition = copy.find((row) => row.shown_when).shown_when;
    expect(copy.map((row) => row.id)).toContain(condition.questionId);
    const bad = await createQuestionnaire(staff, await createExercise(staff), 'nonsense');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose how to start the questionnaire');
  });
});

describe('sections', () => {
  test('are added, changed, reordered and removed; bad input is explained and kept', async () => {
    const { id, sectionId } = await emptyQuestionnaire();
    const empty = await addSection(staff, id, '');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter a title for the section');
    const long = await addSection(staff, id, 'x'.repeat(201), '<b>kept</b>');
    expect(long.text).toContain('Title must be 200 characters or fewer');
    expect(long.text).toContain('&lt;b&gt;kept&lt;/b&gt;');
    expect((await addSection(staff, id, 'Second <script>')).status).toBe(303);
    expect((await staff.get(q(id))).text).toContain('Second &lt;script&gt;');
    const second = await sectionNamed('Second <script>');
    const move = await postForm(staff, q(id), `${q(id)}/sections/${second.id}/move`, { direction: 'up' });
    expect(move.status).toBe(303);
    const order = await context
      .db('questionnaire_sections')
      .where({ questionnaire_id: second.questionnaire_id })
      .orderBy('position');
    expect(order.map((row) => row.id)).toEqual([second.id, sectionId]);

    const path = `${q(id)}/sections/${second.id}`;
    expect(
      (await postForm(staff, path, path, { title: 'Renamed', description: '', version: '1' })).status,
    ).toBe(303);
    const stale = await postForm(staff, path, path, { title: 'Lost', description: '', version: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else changed this section');

    const added = await addQuestion(staff, id, sectionId, 'short_text', { label: 'Name' });
    expect(added.status).toBe(303);
    const refused = await postForm(staff, q(id), `${q(id)}/sections/${sectionId}/remove`, {});
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Remove or move the questions');
    expect((await postForm(staff, q(id), `${q(id)}/sections/${second.id}/remove`, {})).status).toBe(303);
    expect(await sectionNamed('Renamed')).toBeUndefined();
    const { version } = await questionnaireOf(context.db, id);
    expect(version).toBeGreaterThan(4);
  });
});
