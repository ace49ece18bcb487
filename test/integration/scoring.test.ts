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

describe('CSV exports', () => {
  test('the area summary has the same figures as the page', async () => {
    const staff = await signIn(context.app, 'staff@demo.test');
    const { summaries } = await context.services.scoring.summary(exerciseId);
    const response = await staff.get(`/exercises/${exerciseId}/summary/areas.csv`).buffer(true);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="OCC-SMT-2026-01-areas.csv"');
    const lines = response.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(summaries.length + 1);
    expect(lines[1]).toBe(
      [
        1,
        summaries[0].name,
        summaries[0].invited,
        summaries[0].responded,
        summaries[0].interested,
        summaries[0].depth,
        Math.round(summaries[0].meanS! * 10) / 10,
      ].join(',') +
        lines[1].slice(lines[1].indexOf(',' + String(Math.round(summaries[0].medianS! * 10) / 10))),
    );
    expect(
      await context.db('audit_events').where({ action: 'summary.exported', record_id: exerciseId }),
    ).not.toHaveLength(0);
  });

  test('the detail export neutralises formulas and can anonymise providers', async () => {
    const submitted = await context
      .db('invitations')
      .where({ exercise_id: exerciseId, status: 'submitted' })
      .first();
    await context
      .db('organisations')
      .where({ id: submitted.organisation_id })
      .update({ name: "=cmd|' /C calc'!A0" });
    const viewer = await signIn(context.app, 'viewer@demo.test');
    const named = await viewer.get(`/exercises/${exerciseId}/summary/detail.csv`).buffer(true);
    expect(named.text).toMatch(/\n'=cmd\|' \/C calc'!A0,(Private|Public) sector/);
    expect(named.text).not.toMatch(/(^|\n)=cmd/);
    const anonymous = await viewer
      .get(`/exercises/${exerciseId}/summary/detail.csv?anonymise=1`)
      .buffer(true);
    expect(anonymous.text).not.toContain('cmd|');
    expect(anonymous.text).not.toContain('Meridian');
    expect(anonymous.text).toMatch(/Provider \d+, (private|public|voluntary), (local|regional|national)/);
    const provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
    expect((await provider.get(`/exercises/${exerciseId}/summary/detail.csv`)).status).toBe(403);
  });
});

test('filters narrow every figure to a segment, on the page and in the exports', async () => {
  const all = await context.services.scoring.summary(exerciseId);
  const publicOnly = await context.services.scoring.summary(exerciseId, {
    sector: ['public'],
    reach: [],
    size: [],
    met: '',
  });
  const publicInvited = (
    await context
      .db('invitations as i')
      .join('organisations as o', 'o.id', 'i.organisation_id')
      .where({ 'i.exercise_id': exerciseId, 'o.sector': 'public' })
      .whereNot('i.status', 'withdrawn')
  ).length;
  expect(publicOnly.summaries[0].invited).toBe(publicInvited);
  expect(publicOnly.summaries[0].invited).toBeLessThan(all.summaries[0].invited);
  for (const summary of publicOnly.summaries)
    expect(Object.keys(summary.bySector).every((sector) => sector === 'public')).toBe(true);
  const met = await context.services.scoring.summary(exerciseId, {
    sector: [],
    reach: [],
    size: [],
    met: 'yes',
  });
  const held = await context
    .db('meetings')
    .where({ exercise_id: exerciseId, status: 'held' })
    .distinct('invitation_id');
  expect(met.summaries[0].invited).toBe(held.length);

  const viewer = await signIn(context.app, 'viewer@demo.test');
  const page = await viewer.get(`/exercises/${exerciseId}/summary?sector=public&sector=bogus&met=maybe`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Showing a segment of providers only');
  expect(page.text).toContain(`/summary/areas.csv?sector=public`);
  const csv = await viewer.get(`/exercises/${exerciseId}/summary/detail.csv?sector=public`).buffer(true);
  expect(csv.text).toContain(',Public sector,');
  expect(csv.text).not.toContain(',Private sector,');
});

test('scoring inputs are worked out once per submission, stored, and give the same figures', async () => {
  await context.db('response_submissions').update({ scoring_inputs: null });
  const first = await context.services.scoring.summary(exerciseId);
  const stored = await context.db('response_submissions').whereNotNull('scoring_inputs');
  expect(stored.length).toBeGreaterThan(0);
  expect(await context.db('response_submissions').whereNull('scoring_inputs')).toHaveLength(0);
  const again = await context.services.scoring.summary(exerciseId);
  expect(again.summaries).toEqual(first.summaries);
  expect(again.finding).toBe(first.finding);
});

test('summaries asked for at once store the inputs without waiting for each other', async () => {
  await context.db('response_submissions').update({ scoring_inputs: null, scoring_choices: null });
  const held = await context.db('response_submissions').orderBy('id').first('id');
  const trx = await context.db.transaction();
  try {
    // Another summary storing this submission's inputs right now.
    await trx('response_submissions').where({ id: held.id }).forUpdate().first('id');
    const summaries = await Promise.all([
      context.services.scoring.summary(exerciseId),
      context.services.scoring.summary(exerciseId, undefined, { choices: true }),
    ]);
    expect(summaries[1].summaries).toEqual(summaries[0].summaries);
  } finally {
    await trx.rollback();
  }
  const unstored = await context.db('response_submissions').whereNull('scoring_inputs').pluck('id');
  expect(unstored).toEqual([held.id]);
  await context.services.scoring.summary(exerciseId);
  expect(await context.db('response_submissions').whereNull('scoring_inputs')).toHaveLength(0);
});

test('an anonymised provider keeps its number in a filtered export', async () => {
  const viewer = await signIn(context.app, 'viewer@demo.test');
  const rowsOf = async (query: string) => {
    const csv = await viewer
      .get(`/exercises/${exerciseId}/summary/detail.csv?anonymise=1${query}`)
      .buffer(true);
    return new Set(csv.text.match(/Provider \d+, public, \w+/g));
  };
  const everyone = await rowsOf('');
  const publicOnly = await rowsOf('&sector=public');
  expect(publicOnly.size).toBeGreaterThan(0);
  for (const label of publicOnly) expect(everyone).toContain(label);
});
