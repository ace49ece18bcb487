import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn } from '../helpers/http';
import { NO_FILTER } from '../../server/modules/scoring/scoring-service';

let context: TestContext;
let exerciseId: string;

beforeAll(async () => {
  context = await createTestContext();
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
});
afterAll(() => context.close());

const cellsOf = (html: string, caption: string) => {
  const table = html.slice(html.indexOf(caption));
  const body = table.slice(table.indexOf('<tbody'), table.indexOf('</tbody>'));
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1].trim()),
  );
};

test('the dashboard draws interest by sector and by reach, with the same figures in a table', async () => {
  const { summaries } = await context.services.scoring.summary(exerciseId);
  const viewer = await signIn(context.app, 'viewer@demo.test');
  const page = await viewer.get(`/exercises/${exerciseId}/summary`);
  expect(page.status).toBe(200);
  expect(page.text.match(/<svg class="app-chart__svg"[^>]*role="img"/g)).toHaveLength(2);
  const bySector = cellsOf(page.text, 'Interested providers by sector');
  expect(bySector).toEqual(
    summaries.map((s) => [
      s.name,
      String(s.bySector.private ?? 0),
      String(s.bySector.public ?? 0),
      String(s.bySector.voluntary ?? 0),
      String(s.interested),
    ]),
  );
  const byReach = cellsOf(page.text, 'Interested providers by reach');
  expect(byReach.map((row) => row[4])).toEqual(summaries.map((s) => String(s.interested)));
  expect(byReach.map((row) => row[1])).toEqual(summaries.map((s) => String(s.byReach.national ?? 0)));
  // Each bar ends with its area's interested count, so the chart and the table agree.
  const chart = page.text.slice(page.text.indexOf('by sector.'), page.text.indexOf('</svg>'));
  for (const summary of summaries) {
    expect(chart).toContain(`>${summary.name}</text>`);
    expect(chart).toMatch(new RegExp(`font-weight="bold" fill="#0b0c0c">${summary.interested}</text>`));
  }
});

test('an area shows the delivery models its interested providers would consider', async () => {
  const { summaries, providers } = await context.services.scoring.summary(exerciseId, NO_FILTER, {
    choices: true,
  });
  const top = summaries[0];
  const interested = top.pairs.filter((pair) => pair.interested).map((pair) => pair.providerId);
  const outsourcing = providers.filter(
    (provider) =>
      interested.includes(provider.providerId) &&
      (provider.areaChoices.get(top.areaId) ?? []).some((choice) => choice.labels.includes('Outsourcing')),
  ).length;
  expect(outsourcing).toBeGreaterThan(0);
  const withoutChoices = await context.services.scoring.summary(exerciseId);
  expect(withoutChoices.summaries).toEqual(summaries);
  expect(withoutChoices.providers.every((provider) => provider.areaChoices.size === 0)).toBe(true);
  const staff = await signIn(context.app, 'staff@demo.test');
  const page = await staff.get(`/exercises/${exerciseId}/summary/areas/${top.areaId}`);
  const models = cellsOf(page.text, 'Which delivery models would you consider for this service area?');
  expect(models).toContainEqual(['Outsourcing', String(outsourcing)]);
});

test('a provider’s page shows the answers behind Q, and they add up to it', async () => {
  const { summaries, providers, exercise } = await context.services.scoring.summary(exerciseId);
  const top = summaries[0];
  const best = [...top.pairs].sort((a, b) => b.s - a.s)[0];
  const provider = providers.find((candidate) => candidate.providerId === best.providerId)!;
  const { answers, pair } = await context.services.scoring.breakdown(
    exerciseId,
    top.areaId,
    provider.invitationId,
  );
  const weights = answers.reduce((sum, answer) => sum + answer.weight, 0);
  const weighted = answers.reduce((sum, answer) => sum + answer.weight * answer.score, 0);
  const q =
    (100 * (exercise.interestWeight * (pair!.interest / 4) + weighted)) / (exercise.interestWeight + weights);
  expect(q).toBeCloseTo(best.q, 10);

  const viewer = await signIn(context.app, 'viewer@demo.test');
  const url = `/exercises/${exerciseId}/summary/areas/${top.areaId}/providers/${provider.invitationId}`;
  const area = await viewer.get(`/exercises/${exerciseId}/summary/areas/${top.areaId}`);
  expect(area.text).toContain(`href="${url}"`);
  const page = await viewer.get(url);
  expect(page.status).toBe(200);
  expect(page.text).toContain(`Combined score (S)`);
  expect(page.text).toContain(best.s.toFixed(1));
  expect(page.text).toContain(best.q.toFixed(1));
  expect(cellsOf(page.text, 'Scored answers for this area')).toHaveLength(answers.length);
  const held = await context.db('meetings').where({ invitation_id: provider.invitationId, status: 'held' });
  expect(page.text.match(/Meeting on /g) ?? []).toHaveLength(held.length);
});

test('the drill-down works out each provider’s figures on its own, and they are the summary’s', async () => {
  const { summaries, providers } = await context.services.scoring.summary(exerciseId, undefined, {
    choices: true,
  });
  expect(new Set(providers.map((provider) => provider.outcome))).toEqual(
    new Set(['submitted', 'declined', 'awaiting']),
  );
  expect(providers.some((provider) => provider.meetingRatings.size > 0)).toBe(true);
  for (const area of summaries.slice(0, 2)) {
    for (const provider of providers) {
      const breakdown = await context.services.scoring.breakdown(
        exerciseId,
        area.areaId,
        provider.invitationId,
      );
      expect(breakdown.pair).toEqual(area.pairs.find((pair) => pair.providerId === provider.providerId));
      expect(breakdown.provider).toEqual(provider);
    }
  }
});

test('the provider drill-down is refused to providers and unknown records are not found', async () => {
  const { summaries, providers } = await context.services.scoring.summary(exerciseId);
  const url = `/exercises/${exerciseId}/summary/areas/${summaries[0].areaId}/providers/${providers[0].invitationId}`;
  const provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
  expect((await provider.get(url)).status).toBe(403);
  expect((await request(context.app).get(url)).status).toBe(303);
  const staff = await signIn(context.app, 'staff@demo.test');
  expect((await staff.get(url)).status).toBe(200);
  const missing = `/exercises/${exerciseId}/summary/areas/${summaries[0].areaId}/providers/00000000-0000-4000-8000-000000000000`;
  expect((await staff.get(missing)).status).toBe(404);
  expect(
    (await staff.get(`/exercises/${exerciseId}/summary/areas/${summaries[0].areaId}/providers/not-a-uuid`))
      .status,
  ).toBe(404);
});
