import { AxeReport } from './helpers/axe';
import { expectErrorSummary, submit } from './helpers/forms';
import { signIn, startHarness, type Harness } from './helpers/harness';

let harness: Harness | undefined;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

test('staff build a questionnaire from the template, add a question, preview, publish and issue it', async () => {
  const axe = new AxeReport();
  const browserContext = await harness!.newContext();
  try {
    const page = await browserContext.newPage();
    await signIn(page, 'staff@demo.test', '/staff');
    await page.goto('/exercises');
    await page.getByRole('link', { name: 'Market testing of education services' }).click();
    await page.getByRole('link', { name: 'Build the questionnaire' }).click();
    await axe.check(page);

    await page.getByRole('button', { name: 'Create the questionnaire' }).click();
    await axe.check(page);
    expect(await submit(page, 'Create questionnaire')).toBe(400);
    await expectErrorSummary(page, ['Choose how to start the questionnaire']);
    await axe.check(page);
    await page.getByLabel('Start from the standard soft market testing questionnaire').check();
    expect(await submit(page, 'Create questionnaire')).toBe(303);
    expect(await page.locator('main .govuk-tag').first().textContent()).toBe('Draft');
    await axe.check(page);

    await page.getByRole('link', { name: 'Add a question to Questions back to the council' }).click();
    await axe.check(page);
    await page.getByLabel('Yes or no').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForLoadState();
    await page.getByLabel('Question', { exact: true }).fill('Would you attend a supplier briefing?');
    await page.getByLabel('Weight in scoring').fill('-2');
    expect(await submit(page, 'Add question')).toBe(400);
    await expectErrorSummary(page, ['Weight must be between 0 and 100']);
    await axe.check(page);
    await page.getByLabel('Weight in scoring').fill('0.5');
    expect(await submit(page, 'Add question')).toBe(303);
    expect(await page.locator('main').textContent()).toContain('Would you attend a supplier briefing?');

    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForLoadState();
    expect(await page.locator('main').textContent()).toContain('Would you attend a supplier briefing?');
    expect(await page.getByRole('button', { name: 'Submit your response' }).isDisabled()).toBe(true);
    await axe.check(page);

    await page.getByRole('link', { name: 'Back to the questionnaire' }).click();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.waitForLoadState();
    expect(await page.locator('main').textContent()).toContain('Would you attend a supplier briefing?');
    await axe.check(page);
    expect(await submit(page, 'Publish version 1')).toBe(303);
    expect(await page.locator('main .govuk-tag').first().textContent()).toBe('Published version 1');
    await axe.check(page);
    await page.getByRole('link', { name: 'Version 1' }).click();
    await axe.check(page);

    // Issue it: voluntary sector providers, every contact.
    await page.goto('/exercises');
    await page.getByRole('link', { name: 'Market testing of education services' }).click();
    await page.getByRole('link', { name: 'Invitations and responses' }).click();
    await page.getByRole('button', { name: 'Invite providers' }).click();
    await page.getByLabel('Voluntary, community or social enterprise').check();
    await page.getByRole('button', { name: 'Filter providers' }).click();
    await page.getByRole('link', { name: /^Select all/ }).click();
    await axe.check(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await axe.check(page);
    expect(await submit(page, 'Send invitations')).toBe(303);
    expect(await page.locator('main').textContent()).toContain('Oxfordshire Community Learning Trust');
    await axe.check(page);
  } finally {
    await browserContext.close();
  }
  expect(axe.violations).toEqual([]);
});
