import type { Request } from 'express';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS } from '../providers/organisation-repository';
import type { SummaryFilter } from './scoring-service';

const listOf = (value: unknown, allowed: string[]) =>
  (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string' && allowed.includes(item),
  );

/** The segment filter from the query string; anything unrecognised is ignored. */
export function filterFrom(query: Request['query']): SummaryFilter {
  return {
    sector: listOf(query.sector, Object.keys(SECTOR_LABELS)),
    reach: listOf(query.reach, Object.keys(REACH_LABELS)),
    size: listOf(query.size, Object.keys(SIZE_LABELS)),
    met: query.met === 'yes' || query.met === 'no' ? query.met : '',
  };
}

export function filterQuery(filter: SummaryFilter): string {
  const pairs: [string, string][] = [
    ...filter.sector.map((v): [string, string] => ['sector', v]),
    ...filter.reach.map((v): [string, string] => ['reach', v]),
    ...filter.size.map((v): [string, string] => ['size', v]),
    ...(filter.met ? [['met', filter.met] as [string, string]] : []),
  ];
  return pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '';
}
