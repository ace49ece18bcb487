import { expectAccessible } from './helpers/axe';
import { expectErrorSummary, submit } from './helpers/forms';
import { signIn, startHarness, type Harness } from './helpers/harness';

let harness: Harness | undefined;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('without JavaScript', () => {
  test('a provider signs in, sees their home page, and signs out', async () => {
    const browserContext = await harness!.newContext({ javaScriptEnabled: false });
    try {
      const page = await browserContext.newPage();

      await page.goto('/sign-in');
      expect(await submit(page, 'Sign in')).toBe(400);
      expect(await page.locator('.govuk-error-summary').isVisible()).toBe(true);

      await signIn(page, 'helen.marsh@meridian-business.test', '/provider');
      // GOV.UK Frontend's script never ran: the page was built by the server alone.
      expect(await page.locator('body.govuk-frontend-supported').count()).toBe(0);
      expect(await page.locator('h1').textContent()).toBe('Meridian Business Services plc');
      expect(await page.locator('.app-account').textContent()).toContain('Signed in as Helen Marsh');

      const response = await page.goto('/accessibility');
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('Accessibility statement');

      expect(await submit(page, 'Sign out')).toBe(303);
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/sign-in?signedOut=1');
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
        'You have signed out.',
      );
    } finally {
      await browserContext.close();
    }
  });
});

describe('returning after sign-in', () => {
  test('a signed-out visit to a protected page returns there after signing in', async () => {
    const browserContext = await harness!.newContext();
    try {
      const page = await browserContext.newPage();
      await page.goto('/admin/audit');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await signIn(page, 'admin@demo.test', '/admin/audit');
      await expectAccessible(page);
    } finally {
      await browserContext.close();
    }
  });

  test('the browser fetching /favicon.ico while signed out does not hijack the page after sign-in', async () => {
    // No favicon blocking here (harness.newContext has it): this is the race it keeps out.
    const browserContext = await harness!.browser.newContext({ baseURL: harness!.baseUrl });
    try {
      const page = await browserContext.newPage();
      await page.goto('/sign-in');
      // The request Chromium makes by itself after loading a page with no <link rel="icon">,
      // sent with the page's cookies so it deterministically beats the form submission.
      await browserContext.request.get('/favicon.ico', {
        headers: {
          accept: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
          'sec-fetch-dest': 'image',
          'sec-fetch-mode': 'no-cors',
          'sec-fetch-site': 'same-origin',
        },
        maxRedirects: 0,
      });
      await signIn(page, 'admin@demo.test', '/admin');
    } finally {
      await browserContext.close();
    }
  });
});

describe('the sign-in form', () => {
  test('a wrong password shows one message for both fields and no axe violations', async () => {
    const browserContext = await harness!.newContext();
    try {
      const page = await browserContext.newPage();
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill('staff@demo.test');
      await page.getByLabel('Password', { exact: true }).fill('not the password at all');
      expect(await submit(page, 'Sign in')).toBe(401);
      await expectErrorSummary(page, ['Enter a correct email address and password']);
      // The email stays filled in; the password never comes back from the server.
      expect(await page.getByLabel('Email address').inputValue()).toBe('staff@demo.test');
      expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
      await expectAccessible(page);
    } finally {
      await browserContext.close();
    }
  });
});
