import request from 'supertest';
import { fieldName } from '../../server/modules/responses/answer-items';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor, type Agent } from '../helpers/http';
import { openedInvitation, publishedSnapshot } from '../helpers/responses';
import { expectBaselineHeaders } from '../helpers/security';

let context: TestContext;
let exerciseId: string;
beforeAll(async () => {
  context = await createTestContext();
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
});
afterAll(() => context.close());

test('pages carry a strict content security policy and no framing', async () => {
  const response = await request(context.app).get('/sign-in');
  const csp = response.headers['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-powered-by']).toBeUndefined();
  expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('signed-in pages are never cached', async () => {
  const agent = await signIn(context.app, 'staff@demo.test');
  expect((await agent.get('/staff')).headers['cache-control']).toBe('no-store');
});

test('TRACE is refused', async () => {
  const response = await request(context.app).trace('/sign-in');
  expect(response.status).toBe(405);
});

test('an unknown page is a 404 in the layout with a request id', async () => {
  const response = await request(context.app).get('/no-such-page');
  expect(response.status).toBe(303);
  const agent = await signIn(context.app, 'staff@demo.test');
  const signedIn = await agent.get('/no-such-page').set('X-Request-Id', 'test-request-1234');
  expect(signedIn.status).toBe(404);
  expect(signedIn.text).toContain('Page not found');
  expect(signedIn.text).toContain('Oxfordshire County Council');
});

test('an oversized body is refused with 413, not a 500', async () => {
  const response = await request(context.app)
    .post('/sign-in')
    .type('form')
    .send(`email=${'a'.repeat(200 * 1024)}`);
  expect(response.status).toBe(413);
});

test('malformed JSON is a 400', async () => {
  const response = await request(context.app)
    .post('/sign-in')
    .set('Content-Type', 'application/json')
    .send('{"email":');
  expect(response.status).toBe(400);
});

test('the stylesheet is served and there is no directory listing', async () => {
  const css = await request(context.app).get('/assets/css/application.css');
  expect(css.status).toBe(200);
  expect(css.text).not.toContain('GDS Transport');
  expect((await request(context.app).get('/assets/css/')).status).not.toBe(200);
});

test('health and readiness', async () => {
  expect((await request(context.app).get('/healthz')).body).toEqual({ status: 'ok' });
  const ready = await request(context.app).get('/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body.database).toBe('reachable');
});

describe('every page type carries the security headers', () => {
  test.each([
    ['/sign-in', 200],
    ['/forgot-password', 200],
    ['/accessibility', 200],
    ['/privacy', 200],
    ['/cookies', 200],
    ['/healthz', 200],
    ['/readyz', 200],
    ['/assets/css/application.css', 200],
    ['/assets/js/application.mjs', 200],
    ['/assets/govuk/govuk-frontend.min.js', 200],
    ['/exercises', 303],
  ])('signed out: GET %s', async (path, status) => {
    const response = await request(context.app).get(path);
    expect(response.status).toBe(status);
    expectBaselineHeaders(response.headers);
  });

  test('signed out: a refused method and a form with errors', async () => {
    const trace = await request(context.app).trace('/privacy');
    expect(trace.status).toBe(405);
    expectBaselineHeaders(trace.headers);

    const agent = request.agent(context.app);
    const token = await tokenFor(agent, '/sign-in');
    const invalid = await agent.post('/sign-in').type('form').send({ _csrf: token, email: '', password: '' });
    expect(invalid.status).toBe(400);
    expectBaselineHeaders(invalid.headers);
  });

  test.each([
    ['admin@demo.test', ['/admin', '/admin/users', '/admin/audit', '/exercises']],
    ['staff@demo.test', ['/staff', '/exercises', '/providers', '/meetings/calendar']],
    ['viewer@demo.test', ['/viewer', '/exercises', '/providers']],
    ['helen.marsh@meridian-business.test', ['/provider', '/provider/exercises', '/provider/meetings']],
  ])('signed in as %s: pages are never stored', async (email, paths) => {
    const agent = await signIn(context.app, email);
    for (const path of paths) {
      const response = await agent.get(path);
      expect(response.status).toBe(200);
      expectBaselineHeaders(response.headers);
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  test('signed in: error pages of every kind', async () => {
    const viewer = await signIn(context.app, 'viewer@demo.test');
    const token = await tokenFor(viewer, '/viewer');
    const cases: [Promise<request.Response>, number][] = [
      [viewer.get('/no-such-page'), 404],
      [viewer.get(`/exercises/${exerciseId}/no-such-page`), 404],
      [viewer.get('/admin/users'), 403],
      [viewer.get('/exercises/%E0%A4%A'), 400],
      [viewer.post('/exercises').type('form').send({ _csrf: 'forged' }), 403],
      [viewer.post('/exercises').type('form').send({ _csrf: token }), 403],
    ];
    for (const [pending, status] of cases) {
      const response = await pending;
      expect(response.status).toBe(status);
      expectBaselineHeaders(response.headers);
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  test('downloads: CSV reports, the import template and an uploaded file', async () => {
    const staff = await signIn(context.app, 'staff@demo.test');
    for (const path of [
      `/exercises/${exerciseId}/summary/detail.csv`,
      `/exercises/${exerciseId}/summary/areas.csv`,
      '/providers/import/template.csv',
    ]) {
      const response = await staff.get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="?[\w.-]+\.csv"?$/);
      expectBaselineHeaders(response.headers);
      expect(response.headers['cache-control']).toBe('no-store');
    }

    const { provider, downloadPath } = await uploadedFile();
    for (const [agent, path] of [
      [provider, downloadPath.provider],
      [staff, downloadPath.staff],
    ] as const) {
      const response = await agent.get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toMatch(/^attachment; /);
      expectBaselineHeaders(response.headers);
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });
});

/** A provider uploads a PDF answer; returns where provider and staff download it. */
async function uploadedFile(): Promise<{
  provider: Agent;
  downloadPath: { provider: string; staff: string };
}> {
  const invitation = await openedInvitation(context.db, exerciseId);
  const provider = await signIn(context.app, invitation.email);
  const snapshot = await publishedSnapshot(context.db, exerciseId);
  const section = snapshot.sections.find((s) => s.questions.some((q) => q.type === 'file_upload'))!;
  const question = section.questions.find((q) => q.type === 'file_upload')!;
  const sectionPath = `/provider/exercises/${exerciseId}/response/sections/${section.id}`;
  const page = await provider.get(sectionPath);
  const version = /name="sectionVersion" value="(\d+)"/.exec(page.text)![1];
  const upload = await provider
    .post(sectionPath)
    .field('_csrf', await tokenFor(provider, sectionPath))
    .field('sectionVersion', version)
    .field('action', 'later')
    .attach(fieldName(question.id), Buffer.from('%PDF-1.4\n%%EOF\n'), 'case-study.pdf');
  expect(upload.status).toBe(303);
  const attachment = await context.db('attachments').where({ original_name: 'case-study.pdf' }).first();
  return {
    provider,
    downloadPath: {
      provider: `/provider/exercises/${exerciseId}/response/files/${attachment.id}`,
      staff: `/exercises/${exerciseId}/invitations/${invitation.id}/response/files/${attachment.id}`,
    },
  };
}
