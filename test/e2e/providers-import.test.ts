import { AxeReport } from './helpers/axe';
import { expectErrorSummary, submit } from './helpers/forms';
import { currentPath, signIn, startHarness, type Harness } from './helpers/harness';

let harness: Harness | undefined;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const CSV = [
  'name,registration_number,sector,reach,size,town,contact_name,contact_email',
  'Windrush Valley Catering Ltd,13579135,private,local,micro,Witney,Kim Ward,kim.ward@windrush-catering.test',
  'Cherwell Youth Trust,1187654,voluntary,local,sme,Banbury,,',
  'Broken Row Ltd,,not-a-sector,local,sme,,,',
].join('\n');

test('staff import providers from a CSV file, confirm, and find them in the list', async () => {
  const axe = new AxeReport();
  const browserContext = await harness!.newContext();
  try {
    const page = await browserContext.newPage();
    await signIn(page, 'staff@demo.test', '/staff');

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Providers' }).click();
    await page.waitForURL('**/providers');
    expect(await page.locator('h1').textContent()).toBe('Provider organisations');
    await axe.check(page);

    await page.getByRole('button', { name: 'Import from a CSV file' }).click();
    await page.waitForURL('**/providers/import');
    await axe.check(page);

    // Sent without a file: the error summary points at the file input.
    expect(await submit(page, 'Upload and check')).toBe(400);
    await expectErrorSummary(page, ['Select a CSV file']);
    await axe.check(page);

    await page.getByLabel('Upload a CSV file').setInputFiles({
      name: 'providers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    });
    expect(await submit(page, 'Upload and check')).toBe(303);
    expect(currentPath(page)).toMatch(/^\/providers\/import\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toBe('Check the import');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Windrush Valley Catering Ltd');
    expect(main).toContain('Cherwell Youth Trust');
    expect(main).toMatch(/Rows not imported[\s\S]*Broken Row Ltd[\s\S]*Select the sector/);
    await axe.check(page);

    expect(await submit(page, 'Confirm import')).toBe(303);
    expect(await page.locator('h1').textContent()).toBe('Import complete');
    expect(await page.locator('.govuk-summary-list').textContent()).toMatch(/Organisations added\s*2/);
    await axe.check(page);

    await page.getByRole('link', { name: 'See the providers, most recently updated first' }).click();
    await page.waitForURL('**/providers?sort=updated');
    const rows = page.locator('.govuk-table tbody tr');
    expect(await rows.first().textContent()).toMatch(/Windrush Valley Catering Ltd|Cherwell Youth Trust/);
    await axe.check(page);

    await page.getByLabel('Name contains').fill('windrush');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=windrush/);
    expect(await rows.count()).toBe(1);
    await rows.first().getByRole('link', { name: 'Windrush Valley Catering Ltd' }).click();
    await page.waitForURL(/\/providers\/[0-9a-f-]{36}$/);
    const details = (await page.locator('main').textContent()) ?? '';
    expect(details).toContain('13579135');
    expect(details).toContain('kim.ward@windrush-catering.test');
    expect(details).toContain('Organisation added');
    await axe.check(page);

    expect(axe.violations).toEqual([]);
  } finally {
    await browserContext.close();
  }
});
