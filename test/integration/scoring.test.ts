import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn } from '../helpers/http';

let context: TestContext;
let exerciseId: string;

beforeAll(async () => {
  context = await createTestContext();
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
});
afterAll(() => context.close());

test('the demo exercise: most interest in back office, and the page shows the service’s figures', async () => {
  const { summaries, finding } = await context.services.scoring.summary(exerciseId);
  expect(
    summaries
      .map((s) => s.name)
      .slice(0, 2)
      .sort(),
  ).toEqual(['Corporate Back Office', 'Schools Back Office']);
  const withdrawnExcluded = await context
    .db('invitations')
    .where({ exercise_id: exerciseId })
    .whereNot('status', 'withdrawn');
  for (const summary of summaries) {
    expect(summary.invited).toBe(withdrawnExcluded.length);
    expect(summary.responded).toBe(
      withdrawnExcluded.filter((i) => ['submitted', 'declined'].includes(i.status)).length,
    );
    expect(summary.pairs.filter((pair) => pair.interested)).toHaveLength(summary.interested);
  }
  expect(finding).toMatch(
    /^Market interest was found in \d of 4 service areas; the greatest interest was in (Corporate|Schools) Back Office/,
  );

  const viewer = await signIn(context.app, 'viewer@demo.test');
  const page = await viewer.get(`/exercises/${exerciseId}/summary`);
  expect(page.status).toBe(200);
  expect(page.text).toContain(finding.replace(/'/g, '&#39;'));
  expect(page.text).toContain(summaries[0].meanS!.toFixed(1));
  expect(page.text).toContain('Interest threshold');
});

test('a declined invitation counts as responded with no interest, and its reasons are counted', async () => {
  const { summaries } = await context.services.scoring.summary(exerciseId);
  const declined = await context
    .db('invitations')
    .where({ exercise_id: exerciseId, status: 'declined' })
    .first();
  for (const summary of summaries) {
    const pair = summary.pairs.find((p) => p.providerId === declined.organisation_id)!;
    expect(pair).toMatchObject({ s: 0, interested: false });
    expect(summary.reasons.lotting_bundling).toBeGreaterThanOrEqual(1);
  }
});

test('only staff, admins and viewers see the summary', async () => {
  const provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
  expect((await provider.get(`/exercises/${exerciseId}/summary`)).status).toBe(403);
  expect((await request(context.app).get(`/exercises/${exerciseId}/summary`)).status).toBe(303);
  const staff = await signIn(context.app, 'staff@demo.test');
  expect((await staff.get(`/exercises/${exerciseId}/summary`)).status).toBe(200);
});

test('each area drills down to the providers and scores behind its figures', async () => {
  const { summaries } = await context.services.scoring.summary(exerciseId);
  const top = summaries[0];
  const staff = await signIn(context.app, 'staff@demo.test');
  const page = await staff.get(`/exercises/${exerciseId}/summary/areas/${top.areaId}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain(`${top.interested} of ${top.responded} responding providers interested`);
  for (const pair of top.pairs) expect(page.text).toContain(pair.s.toFixed(1));
  expect(
    (await staff.get(`/exercises/${exerciseId}/summary/areas/00000000-0000-4000-8000-000000000000`)).status,
  ).toBe(404);
});
