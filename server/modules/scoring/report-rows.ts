import { NOT_INTERESTED_REASONS } from '../questionnaires/question-types';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS } from '../providers/organisation-repository';
import { round1 } from './scoring-model';
import type { ScoringService } from './scoring-service';

/**
 * The summary as plain rows, shared by the dashboard, the CSV, Excel and Word exports, so every
 * one of them shows the same figures with the same rounding and the same provider labels.
 */
export type SummaryData = Awaited<ReturnType<ScoringService['summary']>>;

export const SEGMENTS = [
  { dimension: 'Sector', key: 'sector', labels: SECTOR_LABELS },
  { dimension: 'Reach', key: 'reach', labels: REACH_LABELS },
  { dimension: 'Size', key: 'size', labels: SIZE_LABELS },
] as const;

const REASON_LABELS = new Map(NOT_INTERESTED_REASONS.map((reason) => [reason.value, reason.label]));
export const reasonLabel = (code: string) => REASON_LABELS.get(code) ?? code;

const labelOf = (labels: Record<string, string>, key: string) => labels[key] ?? key;

/**
 * "Provider 7, private, national" when anonymised. Numbers follow the invitation's random id
 * over the whole exercise, so a provider has the same number in every export and segment, and
 * they reveal nothing (not the alphabetical order of names).
 */
export function providerLabels(data: SummaryData, anonymise: boolean): Map<string, string> {
  return new Map(
    data.providers.map((provider) => [
      provider.providerId,
      anonymise
        ? `Provider ${data.anonymousNumbers.get(provider.invitationId)}, ${provider.sector}, ${provider.reach}`
        : provider.name,
    ]),
  );
}

const oneDecimal = (value: number | null) => (value === null ? null : round1(value));

export function areaRows(data: SummaryData) {
  return data.summaries.map((summary, index) => ({
    rank: index + 1,
    areaId: summary.areaId,
    name: summary.name,
    invited: summary.invited,
    responded: summary.responded,
    interested: summary.interested,
    depth: summary.depth,
    meanS: oneDecimal(summary.meanS),
    medianS: oneDecimal(summary.medianS),
    bySector: summary.bySector,
    byReach: summary.byReach,
    bySize: summary.bySize,
  }));
}

/** Per area and segment (each sector, reach and size): invited, responded and interested. */
export function segmentRows(data: SummaryData) {
  const byId = new Map(data.providers.map((provider) => [provider.providerId, provider]));
  return data.summaries.flatMap((summary) =>
    SEGMENTS.flatMap(({ dimension, key, labels }) =>
      Object.keys(labels).map((value) => {
        const inSegment = data.providers.filter((provider) => provider[key] === value);
        const pairs = summary.pairs.filter((pair) => byId.get(pair.providerId)?.[key] === value);
        return {
          area: summary.name,
          dimension,
          segment: labelOf(labels, value),
          invited: inSegment.length,
          responded: pairs.length,
          interested: pairs.filter((pair) => pair.interested).length,
        };
      }),
    ),
  );
}

/**
 * One row per provider and area (or for one area), highest score first within each area, made
 * one at a time: a large exercise has tens of thousands and exports stream them.
 */
export function* detailRows(data: SummaryData, anonymise: boolean, onlyAreaId?: string) {
  const labels = providerLabels(data, anonymise);
  const byId = new Map(data.providers.map((provider) => [provider.providerId, provider]));
  for (const summary of data.summaries) {
    if (onlyAreaId && summary.areaId !== onlyAreaId) continue;
    for (const pair of [...summary.pairs].sort((a, b) => b.s - a.s)) {
      const provider = byId.get(pair.providerId)!;
      yield {
        invitationId: provider.invitationId,
        provider: labels.get(pair.providerId)!,
        sector: labelOf(SECTOR_LABELS, provider.sector),
        reach: labelOf(REACH_LABELS, provider.reach),
        size: labelOf(SIZE_LABELS, provider.size),
        area: summary.name,
        areaId: summary.areaId,
        outcome: provider.outcome === 'declined' ? 'Declined' : 'Submitted',
        interest: pair.interest,
        q: round1(pair.q),
        m: oneDecimal(pair.m),
        s: round1(pair.s),
        interested: pair.interested,
        met: provider.met,
        choices: (provider.areaChoices.get(summary.areaId) ?? [])
          .map((choice) => choice.labels.join('; '))
          .join(' | '),
        reasons: (provider.notInterestedReasons.get(summary.areaId) ?? []).map(reasonLabel).join('; '),
      };
    }
  }
}

export const AREA_HEADERS = [
  'Rank',
  'Service area',
  'Invited',
  'Responded',
  'Interested',
  'Market depth',
  'Mean score',
  'Median score',
] as const;

/** One column per sector, reach and size value: how many interested providers it has. */
export const SEGMENT_COLUMNS = SEGMENTS.flatMap(({ key, labels }) =>
  Object.entries(labels as Record<string, string>).map(([value, label]) => ({
    key,
    value,
    header: `Interested: ${label}`,
  })),
);

/** Each area as the cells of the area CSV and the Excel Summary sheet: AREA_HEADERS, then SEGMENT_COLUMNS. */
export const areaCells = (data: SummaryData): (string | number | null)[][] =>
  areaRows(data).map((row) => [
    row.rank,
    row.name,
    row.invited,
    row.responded,
    row.interested,
    row.depth,
    row.meanS,
    row.medianS,
    ...SEGMENT_COLUMNS.map(({ key, value }) => row[SEGMENT_COUNTS[key]][value] ?? 0),
  ]);

/** Which of an area summary's counts holds each segment dimension. */
export const SEGMENT_COUNTS = { sector: 'bySector', reach: 'byReach', size: 'bySize' } as const;

export const DETAIL_HEADERS = [
  'Provider',
  'Sector',
  'Reach',
  'Size',
  'Service area',
  'Outcome',
  'Stated interest',
  'Q',
  'M',
  'S',
  'Interested',
  'Met in person',
  'Per-area choices (delivery models)',
  'Reasons for no interest',
] as const;

/** Each detail row as the cells of the CSV and of the Excel Detail sheet, in DETAIL_HEADERS order. */
export function* detailCells(data: SummaryData, anonymise: boolean): Generator<(string | number | null)[]> {
  for (const row of detailRows(data, anonymise)) {
    yield [
      row.provider,
      row.sector,
      row.reach,
      row.size,
      row.area,
      row.outcome,
      row.interest,
      row.q,
      row.m,
      row.s,
      row.interested ? 'Yes' : 'No',
      row.met ? 'Yes' : 'No',
      row.choices,
      row.reasons,
    ];
  }
}

/** Reasons given for no interest, counted per area, most often given first. */
export function reasonRows(data: SummaryData) {
  return data.summaries.flatMap((summary) =>
    Object.entries(summary.reasons)
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => ({
        areaId: summary.areaId,
        area: summary.name,
        reason: reasonLabel(code),
        count,
      })),
  );
}

/**
 * What interested providers chose in each per-area choice question (in the standard
 * questionnaire: the delivery models they would consider), counted per area.
 */
export function choiceCounts(data: SummaryData) {
  const byId = new Map(data.providers.map((provider) => [provider.providerId, provider]));
  return new Map(
    data.summaries.map((summary) => {
      const counts = new Map<string, Map<string, number>>();
      for (const pair of summary.pairs.filter((candidate) => candidate.interested)) {
        for (const choice of byId.get(pair.providerId)?.areaChoices.get(summary.areaId) ?? []) {
          const question = counts.get(choice.question) ?? new Map<string, number>();
          for (const label of choice.labels) question.set(label, (question.get(label) ?? 0) + 1);
          counts.set(choice.question, question);
        }
      }
      return [
        summary.areaId,
        [...counts].map(([question, labels]) => ({
          question,
          options: [...labels].sort((a, b) => b[1] - a[1]).map(([label, count]) => ({ label, count })),
        })),
      ];
    }),
  );
}
