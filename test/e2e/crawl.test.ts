import type { BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from './helpers/axe';
import { crawl } from './helpers/crawl';
import { formErrorProblems, type FormErrorCheck } from './helpers/form-errors';
import { DEMO_USERS, signIn, startHarness, type Harness } from './helpers/harness';
import { reflowProblems } from './helpers/reflow';

type Role = (typeof DEMO_USERS)[number]['role'];

let harness: Harness | undefined;

beforeAll(async () => {
  harness = await startHarness();
  // Something in every list: an invited user (and so an invitation email) and a reset email.
  const { users, auth } = harness.context.services;
  await users.invite(
    { userId: null, label: 'e2e setup', ip: null },
    { name: 'Pat Invited', email: 'pat.invited@demo.test', role: 'viewer' },
  );
  await auth.requestPasswordReset('viewer@demo.test', null);
});

afterAll(async () => {
  await harness?.close();
});

/** Pages each role must reach by following links from its home page. */
const MUST_VISIT: Record<Role, string[]> = {
  admin: [
    '/admin',
    '/admin/users',
    '/admin/users/invite',
    '/admin/audit',
    '/emails',
    '/accessibility',
    '/providers',
    '/providers/import',
  ],
  staff: [
    '/staff',
    '/emails',
    '/accessibility',
    '/privacy',
    '/cookies',
    '/providers',
    '/providers/new',
    '/providers/import',
    '/exercises',
    '/exercises/new',
  ],
  viewer: ['/viewer', '/accessibility', '/privacy', '/cookies', '/providers', '/exercises'],
  provider: ['/provider', '/accessibility', '/privacy', '/cookies', '/provider/exercises'],
};

/** Pages each role's links must never lead to. */
const MUST_NOT_VISIT: Record<Role, RegExp> = {
  admin: /^\/(staff|viewer|provider)\b/,
  staff: /^\/(admin|viewer|provider)\b/,
  viewer: /^\/(admin|staff|provider|emails)\b/,
  provider: /^\/(admin|staff|viewer|emails|exercises)\b/,
};

/** A page of another role, which must answer 403. */
const FORBIDDEN: Record<Role, string> = {
  admin: '/staff',
  staff: '/admin/users',
  viewer: '/emails',
  provider: '/admin/audit',
};

describe.each(DEMO_USERS)('signed in as $role ($email)', ({ role, email, name, home }) => {
  let browserContext: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browserContext = await harness!.newContext();
    page = await browserContext.newPage();
    await signIn(page, email, home);
  });

  afterAll(async () => {
    await browserContext.close();
  });

  test('every page reachable by links and every form error page reflows at 320px and has no axe violations', async () => {
    // Each page must still show who is signed in: a crawl that lost its session proves little.
    const stillSignedIn = async (current: Page) => {
      const account = await current.locator('.app-account').textContent();
      return account?.includes(`Signed in as ${name}`) ? [] : [`${current.url()}: not signed in as ${name}`];
    };
    const forms: FormErrorCheck = { tried: new Set(), submitted: [] };
    const { visited, problems } = await crawl(page, home, {
      checkPage: async (current) => [
        ...(await stillSignedIn(current)),
        ...(await reflowProblems(current)),
        ...(await formErrorProblems(current, forms)),
      ],
    });
    console.info(`${role}: crawled ${visited.length} pages and ${forms.submitted.length} form error pages`);

    expect(problems).toEqual([]);
    expect(visited).toEqual(expect.arrayContaining(MUST_VISIT[role]));
    expect(visited.filter((path) => MUST_NOT_VISIT[role].test(path))).toEqual([]);
    if (role === 'admin') {
      // The seeded invitation: a user's page and an email's page were both reached.
      expect(
        visited.filter((path) => /^\/admin\/users\/(?!invite$)[^/]+$/.test(path)).length,
      ).toBeGreaterThan(1);
      expect(visited.filter((path) => /^\/emails\/\d+$/.test(path)).length).toBeGreaterThan(1);
    }
  });

  test('a missing page answers 404 with no axe violations', async () => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await expectAccessible(page);
  });

  test(`another role's page answers 403 with no axe violations`, async () => {
    const response = await page.goto(FORBIDDEN[role]);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('You do not have permission to view this page');
    await expectAccessible(page);
  });
});
