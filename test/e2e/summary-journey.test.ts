import fs from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { AxeReport } from './helpers/axe';
import { signIn, startHarness, type Harness } from './helpers/harness';

let harness: Harness | undefined;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

test('a viewer opens the market interest summary, drills down to a provider and downloads every export', async () => {
  const axe = new AxeReport();
  const browserContext = await harness!.newContext({ acceptDownloads: true });
  const { db, services } = harness!.context;
  try {
    const page = await browserContext.newPage();
    await signIn(page, 'viewer@demo.test', '/viewer');
    const exercise = await db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
    const { summaries, finding } = await services.scoring.summary(exercise.id);
    await page.goto(`/exercises/${exercise.id}`);
    await page.getByRole('link', { name: 'Market interest summary' }).first().click();
    await page.waitForURL(`**/exercises/${exercise.id}/summary`);
    await expect(page.locator('#finding').textContent()).resolves.toBe(finding);
    await expect(page.getByRole('img', { name: /by sector/ }).count()).resolves.toBe(1);
    await axe.check(page);

    await page.getByRole('group', { name: 'Sector' }).getByLabel('Public sector').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/summary\?sector=public/);
    await expect(page.getByText('Showing a segment of providers only').count()).resolves.toBe(1);
    await axe.check(page);
    await page.getByRole('link', { name: 'Show everyone' }).click();

    const top = summaries[0];
    await page.getByRole('link', { name: top.name, exact: true }).click();
    await page.waitForURL(`**/summary/areas/${top.areaId}`);
    await expect(page.locator('main').textContent()).resolves.toContain(
      `${top.interested} of ${top.responded} responding providers interested`,
    );
    await axe.check(page);

    await page.locator('main table a').first().click();
    await page.waitForURL(/\/providers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: 'Scored answers behind Q' }).count()).resolves.toBe(1);
    await axe.check(page);
    await page.getByRole('link', { name: `Back to ${top.name}` }).click();
    await page.getByRole('link', { name: 'Back to the summary' }).click();
    await page.waitForURL(`**/exercises/${exercise.id}/summary`);

    const links = page.locator('main a[download]');
    const files: Record<string, Buffer> = {};
    for (let index = 0; index < (await links.count()); index += 1) {
      const [download] = await Promise.all([page.waitForEvent('download'), links.nth(index).click()]);
      files[download.suggestedFilename()] = fs.readFileSync(await download.path());
    }
    expect(Object.keys(files).sort()).toEqual(
      [
        'OCC-SMT-2026-01-areas.csv',
        'OCC-SMT-2026-01-detail.csv',
        'OCC-SMT-2026-01-detail-anonymised.csv',
        'OCC-SMT-2026-01-market-interest.docx',
        'OCC-SMT-2026-01-market-interest-anonymised.docx',
        'OCC-SMT-2026-01-market-interest.xlsx',
        'OCC-SMT-2026-01-market-interest-anonymised.xlsx',
      ].sort(),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(files['OCC-SMT-2026-01-market-interest.xlsx'] as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Summary',
      'By segment',
      'Detail',
      'Reasons',
      'Meetings',
      'Settings',
    ]);
    const document = await JSZip.loadAsync(files['OCC-SMT-2026-01-market-interest-anonymised.docx']);
    const text = (await document.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain(top.name);
    expect(text).not.toContain('Chiltern Shared Services');
    expect(files['OCC-SMT-2026-01-areas.csv'].toString('utf8')).toContain(top.name);
    expect(axe.violations).toEqual([]);
  } finally {
    await browserContext.close();
  }
});
