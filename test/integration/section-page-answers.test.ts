import { escapeHtml } from '../../server/lib/escape-html';
import { fieldName, sectionDependsOnAreas } from '../../server/modules/responses/answer-items';
import { optionsOf } from '../../server/modules/questionnaires/question-types';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor } from '../helpers/http';
import { addQuestion, publish } from '../helpers/questionnaires';
import { activeAreas, openedInvitation, publishedSnapshot, validAnswers } from '../helpers/responses';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

// The section page reads only the answers the published version it last saw needs
// (server/modules/responses/section-reader.ts); a republication may need others.
test('after a republication the section page reads the answers the new version depends on', async () => {
  const exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  const invitation = await openedInvitation(context.db, exerciseId);
  const provider = await signIn(context.app, invitation.email);
  const staff = await signIn(context.app, 'staff@demo.test');
  const { sections } = await publishedSnapshot(context.db, exerciseId);
  const sourceIndex = sections.findIndex((section) =>
    section.questions.some((question) => question.type === 'yes_no' && !question.shownWhen),
  );
  const source = sections[sourceIndex].questions.find((q) => q.type === 'yes_no' && !q.shownWhen)!;
  const [answered, other] = optionsOf(source).map((option) => option.value);
  const later = sections[sourceIndex + 1];
  const sectionPath = (id: string) => `/provider/exercises/${exerciseId}/response/sections/${id}`;

  const sourcePage = sectionPath(sections[sourceIndex].id);
  const sourceVersion = /name="sectionVersion" value="(\d+)"/.exec((await provider.get(sourcePage)).text)![1];
  const saved = await provider
    .post(sourcePage)
    .type('form')
    .send({
      _csrf: await tokenFor(provider, sourcePage),
      sectionVersion: sourceVersion,
      action: 'later',
      [fieldName(source.id)]: answered,
    });
  expect(saved.status).toBe(303);
  expect((await provider.get(sectionPath(later.id))).status).toBe(200);

  for (const [label, equals] of [
    ['Describe the staff who would transfer to you', answered],
    ['Say why no staff would transfer to you', other],
  ]) {
    const added = await addQuestion(staff, exerciseId, later.id, 'short_text', {
      label,
      shownWhen: `${source.id}::${equals}`,
    });
    expect(added.status).toBe(303);
  }
  expect((await publish(staff, context.db, exerciseId)).status).toBe(303);

  const page = await provider.get(sectionPath(later.id));
  expect(page.status).toBe(200);
  expect(page.text).toContain('Describe the staff who would transfer to you');
  expect(page.text).not.toContain('Say why no staff would transfer to you');
});

// A section that asked nothing per area is read without the areas and the interest matrix; once
// republished with a question per area, the page needs both.
test('after a republication that asks per area, the section page asks it for each area of interest', async () => {
  const exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  const invitation = await openedInvitation(context.db, exerciseId);
  const provider = await signIn(context.app, invitation.email);
  const staff = await signIn(context.app, 'staff@demo.test');
  const snapshot = await publishedSnapshot(context.db, exerciseId);
  const areas = await activeAreas(context.db, exerciseId);
  const [chosen, ...others] = areas;
  const matrixSection = snapshot.sections.find((section) =>
    section.questions.some((question) => question.type === 'interest_matrix'),
  )!;
  const plain = snapshot.sections.find((section) => !sectionDependsOnAreas(section))!;
  const sectionPath = (id: string) => `/provider/exercises/${exerciseId}/response/sections/${id}`;

  const matrixPage = sectionPath(matrixSection.id);
  const saved = await provider
    .post(matrixPage)
    .type('form')
    .send({
      ...validAnswers(matrixSection, snapshot, areas, new Map(), (area) => (area === chosen ? '3' : '0')),
      _csrf: await tokenFor(provider, matrixPage),
      sectionVersion: /name="sectionVersion" value="(\d+)"/.exec((await provider.get(matrixPage)).text)![1],
      action: 'later',
    });
  expect(saved.status).toBe(303);
  expect((await provider.get(sectionPath(plain.id))).status).toBe(200);

  const label = 'How many staff do you employ on this service now';
  expect(
    (await addQuestion(staff, exerciseId, plain.id, 'short_text', { label, perArea: 'yes' })).status,
  ).toBe(303);
  expect((await publish(staff, context.db, exerciseId)).status).toBe(303);

  const page = await provider.get(sectionPath(plain.id));
  expect(page.status).toBe(200);
  expect(page.text).toContain(`${escapeHtml(chosen.name)}: ${label}`);
  for (const area of others) expect(page.text).not.toContain(`${escapeHtml(area.name)}: ${label}`);
});
