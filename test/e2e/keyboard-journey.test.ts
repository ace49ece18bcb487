import { AxeReport } from './helpers/axe';
import { startHarness, type Harness } from './helpers/harness';
import { Keyboard } from './helpers/keyboard';
import { DEMO_PASSWORD } from '../helpers/context';
import { answerKey } from '../../server/modules/responses/answer-items';
import { activeAreas, openedInvitation, publishedSnapshot, validAnswers } from '../helpers/responses';

let harness: Harness | undefined;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/**
 * WCAG 2.1.1 Keyboard and 2.4.7 Focus visible: a provider signs in, answers every section of
 * the questionnaire and submits with the keyboard alone (no clicks), and every place focus
 * lands shows a focus style.
 */
test('a provider answers and submits the questionnaire with the keyboard alone, focus always visible', async () => {
  const { db } = harness!.context;
  const exercise = await db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
  const invitation = await openedInvitation(db, exercise.id);
  const snapshot = await publishedSnapshot(db, exercise.id);
  const areas = await activeAreas(db, exercise.id);
  const axe = new AxeReport();
  const browserContext = await harness!.newContext();
  try {
    const page = await browserContext.newPage();
    const keys = new Keyboard(page);
    await page.goto('/sign-in');

    // The skip link is the first stop, and following it puts the next stop inside main.
    const skipLink = await keys.press('Tab');
    expect(skipLink).toMatchObject({ tag: 'a', text: 'Skip to main content', visible: true });
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main-content');
    expect(await keys.press('Tab')).toMatchObject({ inMain: true, name: 'email' });
    await keys.type(invitation.email);
    await keys.tabTo((focused) => focused.name === 'password', 'the password field');
    await keys.type(DEMO_PASSWORD);
    await keys.pressToLeave('Enter');
    expect(new URL(page.url()).pathname).toBe('/provider');

    await keys.activate('Market testing', '/provider/exercises');
    await keys.activate(exercise.title);
    await keys.activate('Answer the questionnaire');
    await axe.check(page);

    for (const section of snapshot.sections) {
      await keys.activate(section.title);
      expect(await page.locator('h1').textContent()).toContain(section.title);
      const rows = await db('answers as a')
        .join('responses as r', 'r.id', 'a.response_id')
        .where('r.invitation_id', invitation.id)
        .select('a.question_id', 'a.area_id', 'a.value');
      const saved = new Map(rows.map((row) => [answerKey(row.question_id, row.area_id), row.value]));
      const fields = validAnswers(section, snapshot, areas, saved, (area) =>
        area.id === areas[0].id ? '4' : '0',
      );
      await keys.fill(fields, 'Save and continue');
      // Back one stop and forward again: Shift+Tab works and shows focus too.
      await keys.press('Shift+Tab');
      expect((await keys.press('Tab')).text).toBe('Save and continue');
      await keys.pressToLeave('Enter');
      expect(new URL(page.url()).pathname).toBe(`/provider/exercises/${exercise.id}/response`);
    }
    expect(await page.locator('.govuk-task-list').textContent()).not.toContain('Not yet started');

    await keys.activate('Check your answers and submit');
    expect(await page.locator('main').textContent()).toContain(`Interest in ${areas[0].name}`);
    await axe.check(page);
    await keys.tabTo((focused) => focused.name === 'declaration', 'the declaration checkbox');
    await page.keyboard.press('Space');
    expect((await keys.focused()).checked).toBe(true);
    await keys.activate('Submit response');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'Your response has been submitted',
    );
    await axe.check(page);
    console.info(`keyboard journey: ${keys.stops} focus stops`);
    expect(keys.invisibleFocus).toEqual([]);
    expect((await db('invitations').where({ id: invitation.id }).first()).status).toBe('submitted');
  } finally {
    await browserContext.close();
  }
  expect(axe.violations).toEqual([]);
});
