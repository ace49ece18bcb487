import { createTestContext, type TestContext } from '../helpers/context';
import { addArea, createExercise, postForm } from '../helpers/exercises';
import { signIn, type Agent } from '../helpers/http';
import {
  addQuestion,
  addSection,
  createQuestionnaire,
  questionnairePath as q,
  questionsOf,
} from '../helpers/questionnaires';

let context: TestContext;
let staff: Agent;

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
});
afterAll(() => context.close());

async function emptyQuestionnaire() {
  const id = await createExercise(staff);
  await addArea(staff, id, { name: 'Corporate Back Office' });
  await addArea(staff, id, { name: 'Schools Back Office' });
  await createQuestionnaire(staff, id, 'empty');
  await addSection(staff, id, 'Questions');
  const section = await context
    .db('questionnaire_sections as s')
    .join('questionnaires as n', 'n.id', 's.questionnaire_id')
    .where('n.exercise_id', id)
    .first('s.id');
  return { id, sectionId: section.id as string };
}

test('every type can be added with its settings, and the preview shows it as providers will', async () => {
  const { id, sectionId } = await emptyQuestionnaire();
  const cases: [string, Record<string, string | string[]>][] = [
    ['short_text', { label: 'Organisation name', required: 'yes' }],
    ['long_text', { label: 'Describe <your> services', wordLimit: '300' }],
    ['number', { label: 'Employees' }],
    ['currency', { label: 'Turnover' }],
    ['date', { label: 'Earliest start date' }],
    [
      'single_choice',
      { label: 'Lead time', options: 'Under 3 months | 1\n3 to 6 months | 0.5\nLonger', weight: '2' },
    ],
    [
      'multiple_choice',
      { label: 'Delivery models', options: 'Outsourcing | 1\nShared service | 0.75', perArea: 'yes' },
    ],
    ['yes_no', { label: 'Capacity now?', weight: '1' }],
    [
      'scale',
      { label: 'Attractiveness', scaleMin: '1', scaleMax: '5', scaleMinLabel: 'Low', scaleMaxLabel: 'High' },
    ],
    ['file_upload', { label: 'Case studies', allowedFileTypes: ['pdf', 'docx'], maxFileMb: '5' }],
    ['interest_matrix', { label: 'Interest in each area', required: 'yes' }],
    ['not_interested_reasons', { label: 'Why not interested in this service area?' }],
  ];
  for (const [type, fields] of cases) {
    const response = await addQuestion(staff, id, sectionId, type, fields);
    expect([type, response.status]).toEqual([type, 303]);
  }
  const rows = await questionsOf(context.db, id);
  expect(rows.map((row) => row.type)).toEqual(cases.map(([type]) => type));
  const byType = Object.fromEntries(rows.map((row) => [row.type, row]));
  expect(byType.single_choice.options).toEqual([
    { value: 'under_3_months', label: 'Under 3 months', points: 1 },
    { value: '3_to_6_months', label: '3 to 6 months', points: 0.5 },
    { value: 'longer', label: 'Longer', points: 0 },
  ]);
  expect(byType.single_choice.weight).toBe(2);
  expect(byType.long_text.word_limit).toBe(300);
  expect(byType.multiple_choice.per_area).toBe(true);
  expect(byType.scale).toMatchObject({ scale_min: 1, scale_max: 5, scale_min_label: 'Low' });
  expect(byType.file_upload).toMatchObject({ allowed_file_types: ['pdf', 'docx'], max_file_mb: 5 });
  expect(byType.short_text).toMatchObject({ required: true, weight: 0 });
  expect(byType.not_interested_reasons.options).toHaveLength(7);

  const preview = await staff.get(`${q(id)}/preview`);
  expect(preview.status).toBe(200);
  expect(preview.text).toContain('Describe &lt;your&gt; services');
  expect(preview.text).toContain('Up to 300 words.');
  expect(preview.text).toContain('Corporate Back Office: Delivery models');
  expect(preview.text).toContain('Schools Back Office: Delivery models');
  expect(preview.text).toContain(`name="q-${byType.interest_matrix.id}-`);
  expect(preview.text).toContain('Why not interested in Schools Back Office?');
  expect(preview.text).toContain('type="file"');
  expect(preview.text).toMatch(/<button[^>]*disabled/);
  expect(preview.text).not.toContain('method="post" action="/exercises');
});

test.each([
  ['empty question', 'short_text', { label: '' }, 'Enter the question'],
  ['too long', 'short_text', { label: 'x'.repeat(501) }, 'The question must be 500 characters or fewer'],
  ['word limit not a number', 'long_text', { wordLimit: 'many' }, 'Word limit must be a whole number'],
  ['word limit zero', 'long_text', { wordLimit: '0' }, 'Word limit must be between 1 and 10000'],
  ['one option', 'single_choice', { options: 'Only one' }, 'Enter at least 2 options'],
  [
    'points above 1',
    'single_choice',
    { options: 'A | 1.5\nB | 0' },
    'Option 1: points must be a number from 0 to 1',
  ],
  [
    'points negative',
    'multiple_choice',
    { options: 'A | 0\nB | -1' },
    'Option 2: points must be a number from 0 to 1',
  ],
  ['duplicate options', 'single_choice', { options: 'A\na' }, 'Each option must be different'],
  [
    'scale the wrong way round',
    'scale',
    { scaleMin: '5', scaleMax: '5' },
    'The highest value must be more than the lowest value',
  ],
  ['scale not numbers', 'scale', { scaleMin: 'one', scaleMax: '5' }, 'Lowest value must be a whole number'],
  ['no file types', 'file_upload', { maxFileMb: '5' }, 'Select at least one file type'],
  [
    'unknown file type',
    'file_upload',
    { allowedFileTypes: 'exe', maxFileMb: '5' },
    'Select file types from the list',
  ],
  [
    'file too large',
    'file_upload',
    { allowedFileTypes: 'pdf', maxFileMb: '50' },
    'Largest file size must be between 1 and 20',
  ],
  ['negative weight', 'yes_no', { weight: '-1' }, 'Weight must be between 0 and 100'],
  ['weight not a number', 'yes_no', { weight: 'heavy' }, 'Weight must be a number'],
  [
    'garbled condition',
    'short_text',
    { shownWhen: 'not-a-condition' },
    'Choose when the question is shown from the list',
  ],
])(
  'bad input is refused with the error summary and typed values kept: %s',
  async (_name, type, fields, message) => {
    const { id, sectionId } = await emptyQuestionnaire();
    const response = await addQuestion(staff, id, sectionId, type, { label: '<i>typed</i>', ...fields });
    expect(response.status).toBe(400);
    expect(response.text).toContain('There is a problem');
    expect(response.text).toContain(message);
    if (!('label' in fields)) expect(response.text).toContain('&lt;i&gt;typed&lt;/i&gt;');
    expect(await questionsOf(context.db, id)).toHaveLength(0);
  },
);

test('a condition must name an earlier single choice or yes/no question and one of its answers', async () => {
  const { id, sectionId } = await emptyQuestionnaire();
  await addQuestion(staff, id, sectionId, 'yes_no', { label: 'TUPE before?' });
  await addQuestion(staff, id, sectionId, 'short_text', { label: 'Name' });
  const [tupe, name] = await questionsOf(context.db, id);
  const nonChoice = await addQuestion(staff, id, sectionId, 'long_text', { shownWhen: `${name.id}::x` });
  expect(nonChoice.status).toBe(400);
  expect(nonChoice.text).toContain('can only depend on a single choice or yes or no question');
  const badValue = await addQuestion(staff, id, sectionId, 'long_text', { shownWhen: `${tupe.id}::maybe` });
  expect(badValue.text).toContain('does not offer');
  const good = await addQuestion(staff, id, sectionId, 'long_text', {
    label: 'Experience',
    shownWhen: `${tupe.id}::yes`,
  });
  expect(good.status).toBe(303);
  const experience = (await questionsOf(context.db, id))[2];
  expect(experience.shown_when).toEqual({ questionId: tupe.id, equals: 'yes' });
  expect((await staff.get(q(id))).text).toContain('Shown only when the answer to “TUPE before?” is “Yes”');

  // The source may not move after the question that depends on it, nor depend on a later one.
  const path = `${q(id)}/questions/${tupe.id}`;
  const later = await postForm(staff, path, path, {
    type: 'yes_no',
    sectionId,
    label: 'TUPE before?',
    helpText: '',
    weight: '0',
    version: String(tupe.version),
    shownWhen: `${experience.id}::x`,
  });
  expect(later.status).toBe(400);
  for (let move = 0; move < 2; move++) {
    await postForm(staff, q(id), `${q(id)}/questions/${experience.id}/move`, { direction: 'up' });
  }
  const refused = await postForm(staff, q(id), `${q(id)}/questions/${experience.id}/move`, {
    direction: 'up',
  });
  expect([200, 303, 400]).toContain(refused.status);
  const order = (await questionsOf(context.db, id)).map((row) => row.label);
  expect(order.indexOf('TUPE before?')).toBeLessThan(order.indexOf('Experience'));
  const removeSource = await postForm(staff, q(id), `${q(id)}/questions/${tupe.id}/remove`, {});
  expect(removeSource.status).toBe(400);
  expect(removeSource.text).toContain('depends on the answer to a question that is not in the questionnaire');
});

test('only one interest matrix; questions are edited with locking, reordered and removed', async () => {
  const { id, sectionId } = await emptyQuestionnaire();
  expect((await addQuestion(staff, id, sectionId, 'interest_matrix', {})).status).toBe(303);
  const second = await addQuestion(staff, id, sectionId, 'interest_matrix', {});
  expect(second.status).toBe(400);
  expect(second.text).toContain('A questionnaire can only have one interest matrix');
  await addQuestion(staff, id, sectionId, 'single_choice', {
    label: 'Models',
    options: 'Outsourcing | 1\nShared | 0.5',
  });
  const [, models] = await questionsOf(context.db, id);
  const path = `${q(id)}/questions/${models.id}`;
  expect((await staff.get(path)).text).toContain('Outsourcing | 1');
  const fields = {
    type: 'single_choice',
    sectionId,
    helpText: '',
    weight: '1',
    version: String(models.version),
  };
  const saved = await postForm(staff, path, path, {
    ...fields,
    label: 'Delivery models',
    options: 'outsourcing | 0.9\nMutual | 1',
  });
  expect(saved.status).toBe(303);
  const stale = await postForm(staff, path, path, { ...fields, label: 'Lost', options: 'A\nB' });
  expect(stale.status).toBe(409);
  expect(stale.text).toContain('Someone else changed this question');
  const changed = (await questionsOf(context.db, id))[1];
  expect(changed.options).toEqual([
    { value: 'outsourcing', label: 'outsourcing', points: 0.9 },
    { value: 'mutual', label: 'Mutual', points: 1 },
  ]);
  const typeChange = await postForm(staff, path, path, {
    ...fields,
    type: 'yes_no',
    label: 'x',
    version: '2',
  });
  expect(typeChange.status).toBe(400);

  await postForm(staff, q(id), `${q(id)}/questions/${models.id}/move`, { direction: 'up' });
  expect((await questionsOf(context.db, id)).map((row) => row.type)).toEqual([
    'single_choice',
    'interest_matrix',
  ]);
  expect((await postForm(staff, q(id), `${q(id)}/questions/${models.id}/remove`, {})).status).toBe(303);
  expect(await questionsOf(context.db, id)).toHaveLength(1);
  const history = await staff.get(q(id));
  expect(history.text).toContain('questionnaire question removed');
  expect(history.text).toContain('Models → Delivery models');
});
