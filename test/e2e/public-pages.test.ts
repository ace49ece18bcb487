import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from './helpers/axe';
import { crawl } from './helpers/crawl';
import { expectErrorSummary, submit } from './helpers/forms';
import { startHarness, type Harness } from './helpers/harness';

let harness: Harness | undefined;
let browserContext: BrowserContext;
let page: Page;

beforeAll(async () => {
  harness = await startHarness();
  browserContext = await harness.newContext();
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(async () => {
  await browserContext.clearCookies();
  page = await browserContext.newPage();
});

afterEach(async () => {
  await page.close();
});

describe('signed out', () => {
  test.each([
    ['/', 'Market testing'],
    ['/sign-in', 'Sign in'],
    ['/forgot-password', 'Reset your password'],
    ['/accessibility', 'Accessibility statement'],
    ['/privacy', 'Privacy notice'],
    ['/cookies', 'Cookies'],
  ])('%s answers 200 with the heading "%s" and no axe violations', async (path, heading) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(path);
    expect(await page.locator('h1').textContent()).toBe(heading);
    await expect(page.locator('.app-account').count()).resolves.toBe(0);
    await expectAccessible(page);
  });

  test('the accessibility statement names the axe-core version the tests run', async () => {
    const { version } = JSON.parse(fs.readFileSync(require.resolve('axe-core/package.json'), 'utf8'));
    await page.goto('/accessibility');
    const majorMinor = version.split('.').slice(0, 2).join('.');
    expect(await page.locator('main').textContent()).toContain(`axe-core ${majorMinor} accessibility engine`);
  });

  // Deny by default (server/app.ts): signed out, an unknown path is just another protected one.
  // The 404 page itself is checked signed in, in crawl.test.ts.
  test('an unknown path redirects to the sign-in page', async () => {
    const response = await page.goto('/no-such-page');
    expect(response?.request().redirectedFrom()?.url()).toMatch(/\/no-such-page$/);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(response?.status()).toBe(200);
    await expectAccessible(page);
  });

  test.each([
    ['/sign-in', 'Sign in', ['Enter your email address', 'Enter your password']],
    ['/forgot-password', 'Send link', ['Enter your email address']],
  ])(
    '%s submitted empty shows the error summary and has no axe violations',
    async (path, button, messages) => {
      await page.goto(path);
      expect(await submit(page, button)).toBe(400);
      expect(new URL(page.url()).pathname).toBe(path);
      await expectErrorSummary(page, messages);
      await expectAccessible(page);
    },
  );

  test('every page reachable by links from the start page returns < 400 and has no axe violations', async () => {
    await page.goto('/');
    const { visited, problems } = await crawl(page, '/');
    expect(problems).toEqual([]);
    expect(visited).toEqual(
      expect.arrayContaining(['/', '/sign-in', '/forgot-password', '/accessibility', '/privacy', '/cookies']),
    );
  });
});
