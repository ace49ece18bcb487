import {
  depthOf,
  finding,
  round1,
  scorePair,
  summarise,
  type ProviderInput,
  type Settings,
} from './scoring-model';

const DEFAULTS: Settings = {
  interestWeight: 3,
  meetingWeight: 0.4,
  interestThreshold: 50,
  depthStrong: 5,
  depthModerate: 2,
};
const AREA = { id: 'corporate', name: 'Corporate Back Office' };

const provider = (overrides: Partial<ProviderInput>): ProviderInput => ({
  providerId: 'p',
  sector: 'private',
  reach: 'national',
  size: 'large',
  outcome: 'submitted',
  interest: new Map(),
  answers: [],
  meetingRatings: new Map(),
  notInterestedReasons: new Map(),
  ...overrides,
});

// The worked example in docs/scoring.md, figure for figure.
const A = provider({
  providerId: 'A',
  interest: new Map([['corporate', 3]]),
  answers: [
    { areaId: null, weight: 1, score: 1 },
    { areaId: null, weight: 2, score: 0.75 },
  ],
  meetingRatings: new Map([['corporate', 2]]),
});
const B = provider({
  providerId: 'B',
  sector: 'voluntary',
  reach: 'local',
  size: 'micro',
  interest: new Map([['corporate', 1]]),
  answers: [
    { areaId: null, weight: 1, score: 0 },
    { areaId: null, weight: 2, score: 0.25 },
  ],
});
const C = provider({
  providerId: 'C',
  outcome: 'declined',
  notInterestedReasons: new Map([['corporate', ['contract_size']]]),
});
const D = provider({ providerId: 'D', outcome: 'awaiting' });

test('the worked example: Q, M and S for provider A', () => {
  const pair = scorePair(A, 'corporate', DEFAULTS);
  expect(round1(pair.q)).toBe(79.2);
  expect(pair.m).toBe(50);
  expect(round1(pair.s)).toBe(67.5);
  expect(pair.interested).toBe(true);
});

test('the worked example: provider B is below the threshold without a meeting', () => {
  const pair = scorePair(B, 'corporate', DEFAULTS);
  expect(round1(pair.q)).toBe(20.8);
  expect(pair.m).toBeNull();
  expect(round1(pair.s)).toBe(20.8);
  expect(pair.interested).toBe(false);
});

test('the worked example: the area summary', () => {
  const [summary] = summarise([AREA], [A, B, C, D], DEFAULTS);
  expect(summary).toMatchObject({
    invited: 4,
    responded: 3,
    interested: 1,
    depth: 'Limited',
    bySector: { private: 1 },
    reasons: { contract_size: 1 },
  });
  expect(round1(summary.meanS!)).toBe(29.4);
  expect(round1(summary.medianS!)).toBe(20.8);
  expect(finding([summary])).toBe(
    'Market interest was found in 1 of 1 service areas; the greatest interest was in Corporate Back Office (1 interested provider: 1 private; 1 national).',
  );
});

test('no interest at all: Q is 0, whatever the other answers', () => {
  const pair = scorePair(
    provider({ interest: new Map([['corporate', 0]]), answers: [{ areaId: null, weight: 5, score: 1 }] }),
    'corporate',
    DEFAULTS,
  );
  expect(pair.q).toBe(0);
  expect(finding(summarise([AREA], [provider({})], DEFAULTS))).toBe(
    'No market interest was found in any of the 1 service areas.',
  );
});

test('per-area answers count only for their own area', () => {
  const p = provider({
    interest: new Map([
      ['corporate', 4],
      ['schools', 4],
    ]),
    answers: [{ areaId: 'schools', weight: 1, score: 0 }],
  });
  expect(scorePair(p, 'corporate', DEFAULTS).q).toBe(100);
  expect(scorePair(p, 'schools', DEFAULTS).q).toBe(75);
});

test.each([
  [0, 'None'],
  [1, 'Limited'],
  [2, 'Moderate'],
  [4, 'Moderate'],
  [5, 'Strong'],
])('%i interested providers is %s depth', (count, depth) => {
  expect(depthOf(count, DEFAULTS)).toBe(depth);
});

test('areas are ranked by interested providers, then mean score', () => {
  const areas = [AREA, { id: 'schools', name: 'Schools Back Office' }];
  const keen = provider({
    providerId: 'K',
    interest: new Map([
      ['schools', 4],
      ['corporate', 2],
    ]),
  });
  const ranked = summarise(areas, [keen, A], DEFAULTS);
  expect(ranked.map((summary) => summary.name)).toEqual(['Corporate Back Office', 'Schools Back Office']);
});

test('no meeting: S is Q; a rated meeting moves S towards M by the meeting weight', () => {
  const keen = provider({ interest: new Map([['corporate', 4]]) });
  expect(scorePair(keen, 'corporate', DEFAULTS)).toMatchObject({ q: 100, m: null, s: 100 });
  const rated = provider({
    interest: new Map([['corporate', 4]]),
    meetingRatings: new Map([['corporate', 0]]),
  });
  expect(scorePair(rated, 'corporate', DEFAULTS)).toMatchObject({ q: 100, m: 0, s: 60, interested: true });
});

test('a meeting rating without a submitted response scores nothing', () => {
  const met = (outcome: ProviderInput['outcome']) =>
    provider({ providerId: outcome, outcome, meetingRatings: new Map([['corporate', 4]]) });
  const [summary] = summarise([AREA], [met('declined'), met('awaiting')], DEFAULTS);
  expect(summary).toMatchObject({ invited: 2, responded: 1, interested: 0, meanS: 0 });
  expect(summary.pairs).toEqual([expect.objectContaining({ providerId: 'declined', s: 0, m: null })]);
});

test('unanswered optional questions are left out of both sums', () => {
  const answered = provider({
    interest: new Map([['corporate', 2]]),
    answers: [{ areaId: null, weight: 1, score: 1 }],
  });
  // I = 2 with one answered question of weight 1: 100 x (3 x 2/4 + 1) / (3 + 1) = 62.5, as if
  // the unanswered question (weight 2) had never been asked.
  expect(scorePair(answered, 'corporate', DEFAULTS).q).toBe(62.5);
});

test('zero weights: answers of weight 0 change nothing, and with every weight 0 stated interest decides', () => {
  const p = provider({
    interest: new Map([['corporate', 3]]),
    answers: [{ areaId: null, weight: 0, score: 0 }],
  });
  const unanswered = provider({ interest: new Map([['corporate', 3]]) });
  expect(scorePair(p, 'corporate', DEFAULTS).q).toBe(scorePair(unanswered, 'corporate', DEFAULTS).q);
  const noWeights = { ...DEFAULTS, interestWeight: 0 };
  expect(scorePair(p, 'corporate', noWeights).q).toBe(75);
  expect(scorePair(provider({ interest: new Map([['corporate', 0]]) }), 'corporate', noWeights).q).toBe(0);
});

test('an area nobody has answered yet has no mean or median', () => {
  const [summary] = summarise([AREA], [D], DEFAULTS);
  expect(summary).toMatchObject({
    invited: 1,
    responded: 0,
    interested: 0,
    meanS: null,
    medianS: null,
    depth: 'None',
  });
});
