import { AxeReport } from './helpers/axe';
import { expectErrorSummary, submit } from './helpers/forms';
import { signIn, startHarness, type Harness } from './helpers/harness';
import { answerKey } from '../../server/modules/responses/answer-items';
import { activeAreas, publishedSnapshot, validAnswers } from '../helpers/responses';

let harness: Harness | undefined;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

test('an invited provider answers the questionnaire section by section and submits', async () => {
  const axe = new AxeReport();
  const { db } = harness!.context;
  const exercise = await db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
  const invitation = await db('invitations as i')
    .join('invitation_contacts as ic', 'ic.invitation_id', 'i.id')
    .join('contacts as c', 'c.id', 'ic.contact_id')
    .where({ 'i.exercise_id': exercise.id, 'i.status': 'opened' })
    .whereNotNull('c.user_id')
    .first('i.id', 'c.email');
  const snapshot = await publishedSnapshot(db, exercise.id);
  const areas = await activeAreas(db, exercise.id);
  const browserContext = await harness!.newContext();
  try {
    const page = await browserContext.newPage();
    page.setDefaultTimeout(10000);
    await signIn(page, invitation.email, '/provider');
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Market testing' })
      .click();
    await page.getByRole('link', { name: exercise.title }).click();
    await axe.check(page);
    await page.getByRole('link', { name: 'Answer the questionnaire' }).click();
    await axe.check(page);

    const matrixSection = snapshot.sections.find((s) =>
      s.questions.some((q) => q.type === 'interest_matrix'),
    )!;
    await page.getByRole('link', { name: matrixSection.title }).click();
    expect(await submit(page, 'Save and continue')).toBe(400);
    await expectErrorSummary(
      page,
      areas.map((area) => `Choose your interest in ${area.name}`),
      { focused: false },
    );
    await axe.check(page);

    // Every section, filled in through the browser's own form controls.
    for (const section of snapshot.sections) {
      await page.goto(`/provider/exercises/${exercise.id}/response/sections/${section.id}`);
      const rows = await db('answers as a')
        .join('responses as r', 'r.id', 'a.response_id')
        .where('r.invitation_id', invitation.id)
        .select('a.question_id', 'a.area_id', 'a.value');
      const saved = new Map(rows.map((row) => [answerKey(row.question_id, row.area_id), row.value]));
      const fields = validAnswers(section, snapshot, areas, saved, (area) =>
        area.id === areas[0].id ? '4' : '0',
      );
      for (const [name, value] of Object.entries(fields)) {
        for (const one of Array.isArray(value) ? value : [value]) {
          const control = page.locator(`[name="${name}"][value="${one}"]`);
          if ((await control.count()) > 0) await control.check();
          else await page.locator(`[name="${name}"]`).fill(one);
        }
      }
      await axe.check(page);
      expect(await submit(page, 'Save and continue')).toBe(303);
    }
    expect(await page.locator('.govuk-task-list').textContent()).not.toContain('Not yet started');
    await page.getByRole('button', { name: 'Check your answers and submit' }).click();
    expect(await page.locator('main').textContent()).toContain(`Interest in ${areas[0].name}`);
    await axe.check(page);
    expect(await submit(page, 'Submit response')).toBe(400);
    await axe.check(page);
    await page.getByLabel(/I confirm that these answers are correct/).check();
    expect(await submit(page, 'Submit response')).toBe(303);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'Your response has been submitted',
    );
    await axe.check(page);
    expect((await db('invitations').where({ id: invitation.id }).first()).status).toBe('submitted');
  } finally {
    await browserContext.close();
  }
  expect(axe.violations).toEqual([]);
});
