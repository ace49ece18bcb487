import fc from 'fast-check';
import { depthOf, finding, scorePair, summarise, type ProviderInput, type Settings } from './scoring-model';

const AREAS = ['corporate', 'schools', 'learning'].map((id) => ({ id, name: `Area ${id}` }));
const areaId = fc.constantFrom(...AREAS.map((area) => area.id));

/** Settings as the settings form allows them (exercise-schemas.ts), zero weights included. */
const settingsArb: fc.Arbitrary<Settings> = fc
  .record({
    interestWeight: fc.double({ min: 0, max: 100, noNaN: true }),
    meetingWeight: fc.double({ min: 0, max: 1, noNaN: true }),
    interestThreshold: fc.double({ min: 0, max: 100, noNaN: true }),
    depthModerate: fc.integer({ min: 2, max: 999 }),
    extra: fc.integer({ min: 1, max: 50 }),
  })
  .map(({ extra, ...settings }) => ({
    ...settings,
    depthStrong: Math.min(1000, settings.depthModerate + extra),
  }));

const answerArb = fc.record({
  areaId: fc.option(areaId, { nil: null }),
  weight: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true })),
  score: fc.double({ min: 0, max: 1, noNaN: true }),
});

const perArea = <T>(value: fc.Arbitrary<T>) =>
  fc.array(fc.tuple(areaId, value), { maxLength: 3 }).map((entries) => new Map(entries));

const providerArb = (providerId: string): fc.Arbitrary<ProviderInput> =>
  fc.record({
    providerId: fc.constant(providerId),
    sector: fc.constantFrom('public', 'private', 'voluntary'),
    reach: fc.constantFrom('local', 'regional', 'national'),
    size: fc.constantFrom('micro', 'sme', 'large'),
    outcome: fc.constantFrom('submitted', 'declined', 'awaiting'),
    interest: perArea(fc.integer({ min: 0, max: 4 })),
    answers: fc.array(answerArb, { maxLength: 5 }),
    meetingRatings: perArea(fc.integer({ min: 0, max: 4 })),
    notInterestedReasons: perArea(fc.subarray(['contract_size', 'tupe', 'geography', 'other'])),
  });

const providersArb = fc
  .integer({ min: 0, max: 8 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => providerArb(`p${i}`))));

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const inRange = (value: number) => Number.isFinite(value) && value >= 0 && value <= 100 + 1e-9;

describe('scorePair', () => {
  test('Q, M and S are numbers between 0 and 100, even with every weight at zero', () => {
    fc.assert(
      fc.property(providerArb('p'), areaId, settingsArb, (provider, area, settings) => {
        const pair = scorePair(provider, area, settings);
        expect(inRange(pair.q)).toBe(true);
        expect(inRange(pair.s)).toBe(true);
        if (pair.m !== null) expect(inRange(pair.m)).toBe(true);
      }),
    );
  });

  test('without a meeting rating S is Q; with no stated interest Q is 0', () => {
    fc.assert(
      fc.property(providerArb('p'), areaId, settingsArb, (provider, area, settings) => {
        const pair = scorePair(provider, area, settings);
        if (!provider.meetingRatings.has(area)) expect(pair.s).toBe(pair.q);
        if ((provider.interest.get(area) ?? 0) === 0) expect(pair.q).toBe(0);
      }),
    );
  });

  test('a provider is interested exactly when S reaches the threshold', () => {
    fc.assert(
      fc.property(providerArb('p'), areaId, settingsArb, (provider, area, settings) => {
        const pair = scorePair(provider, area, settings);
        expect(pair.interested).toBe(pair.s >= settings.interestThreshold);
      }),
    );
  });
});

describe('summarise', () => {
  test('counts add up: by sector, reach and size to the interested; responded within invited', () => {
    fc.assert(
      fc.property(providersArb, settingsArb, (providers, settings) => {
        for (const summary of summarise(AREAS, providers, settings)) {
          expect(summary.invited).toBe(providers.length);
          expect(summary.responded).toBeLessThanOrEqual(summary.invited);
          expect(summary.interested).toBeLessThanOrEqual(summary.responded);
          expect(sum(summary.bySector)).toBe(summary.interested);
          expect(sum(summary.byReach)).toBe(summary.interested);
          expect(sum(summary.bySize)).toBe(summary.interested);
          expect(summary.pairs.filter((pair) => pair.interested)).toHaveLength(summary.interested);
          expect(summary.depth).toBe(depthOf(summary.interested, settings));
          if (summary.meanS !== null) expect(inRange(summary.meanS)).toBe(true);
          if (summary.medianS !== null) expect(inRange(summary.medianS)).toBe(true);
        }
      }),
    );
  });

  test('areas are ranked by interested providers, then by mean score', () => {
    fc.assert(
      fc.property(providersArb, settingsArb, (providers, settings) => {
        const ranked = summarise(AREAS, providers, settings);
        expect(ranked).toHaveLength(AREAS.length);
        for (let i = 1; i < ranked.length; i += 1) {
          const [before, after] = [ranked[i - 1], ranked[i]];
          expect(before.interested).toBeGreaterThanOrEqual(after.interested);
          if (before.interested === after.interested)
            expect(before.meanS ?? 0).toBeGreaterThanOrEqual((after.meanS ?? 0) - 1e-9);
        }
      }),
    );
  });

  test('the order providers come in does not change any area’s figures', () => {
    fc.assert(
      fc.property(
        providersArb.chain((providers) =>
          fc.tuple(
            fc.constant(providers),
            fc.shuffledSubarray(providers, { minLength: providers.length, maxLength: providers.length }),
          ),
        ),
        settingsArb,
        ([providers, shuffled], settings) => {
          const figures = (input: ProviderInput[]) =>
            Object.fromEntries(
              summarise(AREAS, input, settings).map(({ pairs, meanS, ...summary }) => [
                summary.areaId,
                {
                  ...summary,
                  // A sum in another order may differ in the last bit.
                  meanS: meanS === null ? null : Math.round(meanS * 1e6),
                  pairs: [...pairs].sort((a, b) => a.providerId.localeCompare(b.providerId)),
                },
              ]),
            );
          expect(figures(shuffled)).toEqual(figures(providers));
        },
      ),
    );
  });

  test('the committee finding names the top area when there is interest, and never says NaN', () => {
    fc.assert(
      fc.property(providersArb, settingsArb, (providers, settings) => {
        const summaries = summarise(AREAS, providers, settings);
        const sentence = finding(summaries);
        expect(sentence).not.toMatch(/NaN|undefined/);
        if (summaries[0].interested > 0) expect(sentence).toContain(summaries[0].name);
        else expect(sentence).toMatch(/^No market interest/);
      }),
    );
  });
});

test('depth never falls as more providers are interested', () => {
  fc.assert(
    fc.property(settingsArb, fc.nat(1000), fc.nat(1000), (settings, a, b) => {
      const order = ['None', 'Limited', 'Moderate', 'Strong'];
      const [low, high] = a <= b ? [a, b] : [b, a];
      expect(order.indexOf(depthOf(low, settings))).toBeLessThanOrEqual(
        order.indexOf(depthOf(high, settings)),
      );
    }),
  );
});
