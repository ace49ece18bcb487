import type { Page } from 'playwright-core';
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

const nextYear = new Date().getUTCFullYear() + 1;

async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

async function addArea(page: Page, name: string, parent?: string) {
  await page.getByRole('button', { name: 'Add a service area' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (parent) await page.getByLabel('Part of').selectOption({ label: parent });
  expect(await submit(page, 'Add service area')).toBe(303);
}

test('staff create an exercise with service areas, open it and record a scope change', async () => {
  const axe = new AxeReport();
  const browserContext = await harness!.newContext();
  try {
    const page = await browserContext.newPage();
    await signIn(page, 'staff@demo.test', '/staff');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Exercises' }).click();
    await page.waitForURL('**/exercises');
    await axe.check(page);

    await page.getByRole('button', { name: 'Create an exercise' }).click();
    await page.waitForURL('**/exercises/new');
    await page.getByLabel('Contact name').fill('');
    expect(await submit(page, 'Create exercise')).toBe(400);
    await expectErrorSummary(page, [
      'Enter a title',
      'Enter a reference',
      'Enter the purpose of the exercise',
      'Enter the name of the contact',
    ]);
    await axe.check(page);

    await page.getByLabel('Title').fill('Highways and transport services');
    await page.getByLabel('Reference').fill('OCC-HT-1');
    await page
      .getByLabel('Purpose')
      .fill('Find out whether providers would run highways maintenance and home-to-school transport.');
    await page.getByLabel('Contact name').fill('Sam Patel');
    expect(await submit(page, 'Create exercise')).toBe(303);
    expect(await page.locator('h1').textContent()).toBe('Highways and transport services');
    await axe.check(page);

    await page.getByRole('link', { name: 'Manage service areas' }).click();
    await axe.check(page);
    await addArea(page, 'Highways maintenance');
    await addArea(page, 'Transport');
    await addArea(page, 'Home to school transport', 'Transport');
    await axe.check(page);
    await page.getByRole('button', { name: 'Move up Transport' }).click();
    await page.waitForLoadState();
    const order = await page.locator('h2.govuk-heading-s a').allTextContents();
    expect(order.map((text) => text.trim())).toEqual(['Transport', 'Highways maintenance']);

    await page.getByRole('link', { name: 'Back to the exercise' }).click();
    await page.getByRole('link', { name: 'Change response deadline' }).click();
    await fillDate(page, 'Responses close', '30', '2', String(nextYear));
    expect(await submit(page, 'Save timeline')).toBe(400);
    await expectErrorSummary(page, ['The date responses close must be a real date, for example 27 3 2027']);
    await axe.check(page);
    await fillDate(page, 'Responses close', '28', '2', String(nextYear));
    expect(await submit(page, 'Save timeline')).toBe(303);

    await page.getByRole('link', { name: 'Open the exercise' }).click();
    await axe.check(page);
    expect(await submit(page, 'Open the exercise')).toBe(303);
    expect(await page.locator('main .govuk-tag').first().textContent()).toContain('Open');

    await page.getByRole('link', { name: 'Manage service areas' }).click();
    await page.getByRole('button', { name: 'Add a service area' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Street lighting');
    expect(await submit(page, 'Add service area')).toBe(400);
    await expectErrorSummary(page, ['The exercise is open: give the reason for changing its scope']);
    await axe.check(page);
    await page.getByLabel('Reason for the scope change').fill('Cabinet asked us to include street lighting');
    expect(await submit(page, 'Add service area')).toBe(303);

    await page.getByRole('link', { name: 'Back to the exercise' }).click();
    expect(await page.locator('main').textContent()).toContain('Cabinet asked us to include street lighting');
    await axe.check(page);
    await page.getByRole('link', { name: 'Preliminary market engagement notice' }).click();
    expect(await page.locator('#notice-text').textContent()).toContain('- Street lighting');
    await axe.check(page);
  } finally {
    await browserContext.close();
  }
  expect(axe.violations).toEqual([]);
});
