/**
 * The market-interest model of DESIGN.md section 5, as pure functions: the same inputs always
 * give the same figures, wherever they are shown. docs/scoring.md explains it with a worked
 * example that scoring-model.test.ts reproduces.
 */

export type Settings = {
  interestWeight: number;
  meetingWeight: number;
  interestThreshold: number;
  depthStrong: number;
  depthModerate: number;
};

/** One scored answer: its weight and its score in [0, 1]; areaId null means exercise-wide. */
export type ScoredAnswer = { areaId: string | null; weight: number; score: number };

export type ProviderInput = {
  providerId: string;
  sector: string;
  reach: string;
  size: string;
  outcome: 'submitted' | 'declined' | 'awaiting';
  interest: Map<string, number>;
  answers: ScoredAnswer[];
  meetingRatings: Map<string, number>;
  notInterestedReasons: Map<string, string[]>;
};

export type PairScore = {
  providerId: string;
  areaId: string;
  interest: number;
  q: number;
  m: number | null;
  s: number;
  interested: boolean;
};

export type Depth = 'Strong' | 'Moderate' | 'Limited' | 'None';

export const round1 = (value: number) => Math.round(value * 10) / 10;

type Sums = { weight: number; weighted: number };
type ProviderSums = { wide: Sums; byArea: Map<string, Sums> };

/** A provider's weights and weighted scores summed exercise-wide and per area. */
function sumsOf(provider: ProviderInput): ProviderSums {
  const sums: ProviderSums = { wide: { weight: 0, weighted: 0 }, byArea: new Map() };
  for (const answer of provider.answers) {
    let target = sums.wide;
    if (answer.areaId !== null) {
      target = sums.byArea.get(answer.areaId) ?? { weight: 0, weighted: 0 };
      sums.byArea.set(answer.areaId, target);
    }
    target.weight += answer.weight;
    target.weighted += answer.weight * answer.score;
  }
  return sums;
}

/** Q, M and S for one provider and one area (DESIGN.md section 5). */
export function scorePair(provider: ProviderInput, areaId: string, settings: Settings): PairScore {
  return pairScore(provider, sumsOf(provider), areaId, settings);
}

function pairScore(
  provider: ProviderInput,
  { wide, byArea }: ProviderSums,
  areaId: string,
  settings: Settings,
): PairScore {
  const interest = provider.interest.get(areaId) ?? 0;
  let q = 0;
  if (interest > 0) {
    const area = byArea.get(areaId);
    const weights = wide.weight + (area?.weight ?? 0);
    const weighted = wide.weighted + (area?.weighted ?? 0);
    const total = settings.interestWeight + weights;
    // With every weight at zero there is nothing to weigh, so stated interest alone decides.
    q =
      total > 0
        ? (100 * (settings.interestWeight * (interest / 4) + weighted)) / total
        : (100 * interest) / 4;
  }
  const rating = provider.meetingRatings.get(areaId);
  const m = rating === undefined ? null : (100 * rating) / 4;
  const s = m === null ? q : (1 - settings.meetingWeight) * q + settings.meetingWeight * m;
  return {
    providerId: provider.providerId,
    areaId,
    interest,
    q,
    m,
    s,
    interested: s >= settings.interestThreshold,
  };
}

export function depthOf(interested: number, settings: Settings): Depth {
  if (interested >= settings.depthStrong) return 'Strong';
  if (interested >= settings.depthModerate) return 'Moderate';
  return interested >= 1 ? 'Limited' : 'None';
}

function median(values: Float64Array): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numerically without calling a comparator for every comparison.
  const sorted = values.sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export type AreaSummary = {
  areaId: string;
  name: string;
  invited: number;
  responded: number;
  interested: number;
  bySector: Record<string, number>;
  byReach: Record<string, number>;
  bySize: Record<string, number>;
  meanS: number | null;
  medianS: number | null;
  reasons: Record<string, number>;
  depth: Depth;
  pairs: PairScore[];
};

const declinedPair = (providerId: string, areaId: string): PairScore => ({
  providerId,
  areaId,
  interest: 0,
  q: 0,
  m: null,
  s: 0,
  interested: false,
});

/** One provider's figures for one area as summarise works them out; none while awaiting a response. */
export function pairOf(provider: ProviderInput, areaId: string, settings: Settings): PairScore | undefined {
  if (provider.outcome === 'awaiting') return undefined;
  return provider.outcome === 'submitted'
    ? scorePair(provider, areaId, settings)
    : declinedPair(provider.providerId, areaId);
}

function increment(counts: Record<string, number>, key: string) {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Every area's figures. Only submitted responses are scored; a declined invitation counts as a
 * response with no interest (S = 0); providers still awaiting count only as invited.
 *
 * One pass over the respondents per area, counting as it goes: a large exercise has tens of
 * thousands of provider-area pairs, and this is computed for every dashboard view and export.
 */
export function summarise(
  areas: { id: string; name: string }[],
  providers: ProviderInput[],
  settings: Settings,
): AreaSummary[] {
  const respondents = providers.filter((p) => p.outcome !== 'awaiting');
  // Summed once per provider rather than again for every area.
  const sums = respondents.map((provider) => (provider.outcome === 'submitted' ? sumsOf(provider) : null));
  const summaries = areas.map((area): AreaSummary => {
    const pairs = new Array<PairScore>(respondents.length);
    const scores = new Float64Array(respondents.length);
    const bySector: Record<string, number> = {};
    const byReach: Record<string, number> = {};
    const bySize: Record<string, number> = {};
    const reasons: Record<string, number> = {};
    let interested = 0;
    let total = 0;
    respondents.forEach((provider, index) => {
      const providerSums = sums[index];
      const pair = providerSums
        ? pairScore(provider, providerSums, area.id, settings)
        : declinedPair(provider.providerId, area.id);
      pairs[index] = pair;
      scores[index] = pair.s;
      total += pair.s;
      if (pair.interested) {
        interested += 1;
        increment(bySector, provider.sector);
        increment(byReach, provider.reach);
        increment(bySize, provider.size);
      }
      const notInterested = provider.notInterestedReasons.get(area.id);
      if (notInterested) for (const reason of notInterested) increment(reasons, reason);
    });
    return {
      areaId: area.id,
      name: area.name,
      invited: providers.length,
      responded: respondents.length,
      interested,
      bySector,
      byReach,
      bySize,
      meanS: respondents.length ? total / respondents.length : null,
      medianS: median(scores),
      reasons,
      depth: depthOf(interested, settings),
      pairs,
    };
  });
  // Ranked by interested providers, then by mean score.
  return summaries.sort((a, b) => b.interested - a.interested || (b.meanS ?? 0) - (a.meanS ?? 0));
}

const SECTOR_WORDS: Record<string, string> = { private: 'private', public: 'public', voluntary: 'voluntary' };

/** The sentence a committee report can use. */
export function finding(summaries: AreaSummary[]): string {
  const withInterest = summaries.filter((summary) => summary.interested > 0);
  if (withInterest.length === 0)
    return `No market interest was found in any of the ${summaries.length} service areas.`;
  const top = withInterest[0];
  const parts = (counts: Record<string, number>, words: Record<string, string>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${count} ${words[key] ?? key}`)
      .join(', ');
  return (
    `Market interest was found in ${withInterest.length} of ${summaries.length} service areas; ` +
    `the greatest interest was in ${top.name} (${top.interested} interested provider${top.interested === 1 ? '' : 's'}: ` +
    `${parts(top.bySector, SECTOR_WORDS)}; ${parts(top.byReach, { national: 'national', regional: 'regional', local: 'local' })}).`
  );
}
