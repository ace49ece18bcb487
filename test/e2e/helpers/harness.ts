import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { createTestContext, DEMO_PASSWORD, type TestContext } from '../../helpers/context';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Where each role lands after signing in (server/http/auth.ts HOME_BY_ROLE). */
export const DEMO_USERS = [
  { role: 'admin', email: 'admin@demo.test', name: 'Alex Morgan', home: '/admin' },
  { role: 'staff', email: 'staff@demo.test', name: 'Sam Patel', home: '/staff' },
  { role: 'viewer', email: 'viewer@demo.test', name: 'Jo Reynolds', home: '/viewer' },
  { role: 'provider', email: 'helen.marsh@meridian-business.test', name: 'Helen Marsh', home: '/provider' },
] as const;

export type Harness = {
  context: TestContext;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies) pointed at the app, favicon requests blocked. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
};

/** The app on an ephemeral port over a fresh database, and a headless Debian chromium. */
export async function startHarness(): Promise<Harness> {
  const context = await createTestContext();
  let server: Server | undefined;
  try {
    server = context.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const listening = server;
    return {
      context,
      baseUrl,
      browser,
      async newContext(options = {}) {
        const browserContext = await browser.newContext({ baseURL: baseUrl, ...options });
        // Chromium fetches /favicon.ico on its own, racing the test's clicks; the app answers it
        // by remembering it as the page to return to after sign-in (see sign-in.test.ts). Keep
        // that race out of every other test; sign-in.test.ts reproduces it deterministically.
        await browserContext.route('**/favicon.ico', (route) => route.abort());
        return browserContext;
      },
      async close() {
        await browser.close();
        await stopServer(listening);
        await context.close();
      },
    };
  } catch (error) {
    if (server) await stopServer(server);
    await context.close();
    throw error;
  }
}

async function stopServer(server: Server) {
  const closed = once(server, 'close');
  server.close();
  server.closeAllConnections();
  await closed;
}

/** Signs in through the real form and waits for the role's home page. */
export async function signIn(page: Page, email: string, home: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const posted = page.waitForResponse(
    (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/sign-in',
  );
  await page.getByRole('button', { name: 'Sign in' }).click();
  expect((await posted).status()).toBe(303);
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  expect(new URL(page.url()).pathname).toBe(home);
}

/** The path and query of the page the browser is showing. */
export function currentPath(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}
