import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { sessionCookie, signIn, type Agent } from '../helpers/http';
import { expectBaselineHeaders, rawRequest } from '../helpers/security';

let context: TestContext;
let staff: Agent;
let staffCookie: string;
beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  staffCookie = sessionCookie(await staff.get('/staff'))!;
});
afterAll(() => context.close());

const PACKAGE_JSON = '"name": "market-testing-portal"';
/** What a generated listing would show: the folder's own file names as relative links. */
const LISTING = /Index of|<ul id="files"|href="(application\.(css|mjs)|govuk-frontend\.min\.js)"/;

describe('no directory listing and nothing served from the data directory', () => {
  const directories = [
    '/assets/',
    '/assets/css/',
    '/assets/js/',
    '/assets/govuk/',
    '/data/',
    '/uploads/',
    '/outbox/',
    '/tmp/',
  ];

  test.each(directories)('%s is a 404 when signed in', async (directory) => {
    const response = await staff.get(directory);
    expect(response.status).toBe(404);
    expect(response.text).toContain('Page not found');
    expect(response.text).not.toMatch(LISTING);
  });

  test.each(directories)('%s is never a listing when signed out', async (directory) => {
    const response = await request(context.app).get(directory);
    expect([303, 404]).toContain(response.status);
    expect(response.text).not.toMatch(LISTING);
  });

  test('uploaded and queued files are not reachable by any URL', async () => {
    for (const folder of ['uploads', 'outbox', 'tmp']) {
      fs.mkdirSync(path.join(context.dataDir, folder), { recursive: true });
      fs.writeFileSync(path.join(context.dataDir, folder, 'secret.txt'), 'commercially sensitive');
      for (const url of [
        `/${folder}/secret.txt`,
        `/data/${folder}/secret.txt`,
        `/assets/${folder}/secret.txt`,
      ]) {
        const response = await staff.get(url);
        expect(response.status).toBe(404);
        expect(response.text).not.toContain('commercially sensitive');
      }
    }
  });
});

describe('path traversal never reaches a file outside the asset folders', () => {
  test.each([
    '/assets/css/..%2f..%2fpackage.json',
    '/assets/css/..%2F..%2F..%2Fpackage.json',
    '/assets/css/%2e%2e/%2e%2e/package.json',
    '/assets/css/..%5c..%5cpackage.json',
    '/assets/govuk/..%2f..%2f..%2f..%2fpackage.json',
    '/assets/js/%2e%2e%2f%2e%2e%2fserver%2fmain.ts',
    '/assets/css/application.css%00.txt',
    '/assets/../package.json',
    '/assets/../server/main.ts',
    '/assets/css/../../package.json',
    '/assets/js/../../../../etc/passwd',
  ])('%s', async (target) => {
    for (const headers of [{}, { Cookie: staffCookie }] as Record<string, string>[]) {
      const response = await rawRequest(context.app, target, { headers });
      expect([303, 400, 403, 404]).toContain(response.status);
      expect(response.body).not.toContain(PACKAGE_JSON);
      expect(response.body).not.toMatch(/createApp|root:x:0:0/);
    }
  });
});

describe('methods', () => {
  test.each(['TRACE', 'TRACK'])('%s is refused on any path and echoes nothing', async (method) => {
    for (const target of ['/', '/sign-in', '/staff', '/assets/css/application.css', '/healthz', '/no-such']) {
      const response = await rawRequest(context.app, target, {
        method,
        headers: { Cookie: staffCookie, 'X-Secret': 'should-not-echo' },
      });
      expect([400, 405]).toContain(response.status);
      expect(response.body).not.toContain('should-not-echo');
      expect(response.body).not.toContain(staffCookie);
    }
  });

  test('TRACE gets the security headers and an Allow header', async () => {
    const response = await request(context.app).trace('/staff').set('Cookie', staffCookie);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
    expectBaselineHeaders(response.headers);
  });

  test.each(['/sign-in', '/staff', '/exercises', '/assets/css/application.css', '/no-such'])(
    'OPTIONS %s reveals no data and opens no cross-origin access',
    async (target) => {
      for (const agent of [request(context.app), staff]) {
        const response = await agent.options(target).set('Origin', 'https://evil.test');
        expect([200, 303, 404]).toContain(response.status);
        expectBaselineHeaders(response.headers);
        expect(response.headers['access-control-allow-credentials']).toBeUndefined();
        // At most the list of methods: never the page itself.
        if (response.status === 200) expect(response.text).toBe(response.headers.allow);
        if (response.status === 404) expect(response.text).toContain('Page not found');
        expect(response.text).not.toContain('OCC-SMT');
      }
    },
  );
});
