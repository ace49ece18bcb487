import { REACHES, SECTORS, SIZES } from './organisation-repository';
import { PAGE_SIZE, SORTS, type SearchCriteria } from './organisation-search';

const one = (value: unknown) => (typeof value === 'string' ? value : '');

function many<T extends string>(value: unknown, allowed: readonly T[]): T[] {
  const given = Array.isArray(value) ? value : [value];
  return allowed.filter((option) => given.includes(option));
}

/** The list's state lives in the query string; anything unrecognised falls back to the default. */
export function criteriaFrom(query: Record<string, unknown>): SearchCriteria {
  const sort = one(query.sort);
  const page = Number(one(query.page));
  return {
    q: one(query.q).trim().slice(0, 200),
    sectors: many(query.sector, SECTORS),
    reaches: many(query.reach, REACHES),
    sizes: many(query.size, SIZES),
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as SearchCriteria['sort']) : 'name',
    page: Number.isInteger(page) && page >= 1 && page <= 100000 ? page : 1,
  };
}

export const isFiltered = (criteria: SearchCriteria) =>
  Boolean(criteria.q || criteria.sectors.length || criteria.reaches.length || criteria.sizes.length);

export function hrefFor(criteria: SearchCriteria, page: number): string {
  const params = new URLSearchParams();
  if (criteria.q) params.append('q', criteria.q);
  for (const sector of criteria.sectors) params.append('sector', sector);
  for (const reach of criteria.reaches) params.append('reach', reach);
  for (const size of criteria.sizes) params.append('size', size);
  if (criteria.sort !== 'name') params.append('sort', criteria.sort);
  if (page > 1) params.append('page', String(page));
  const query = params.toString();
  return query ? `/providers?${query}` : '/providers';
}

export const lastPageOf = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));

/** GOV.UK pagination: first, last, and the pages either side of the current one, with ellipses. */
export function paginationFor(criteria: SearchCriteria, total: number) {
  const lastPage = lastPageOf(total);
  const { page } = criteria;
  if (lastPage === 1) return undefined;
  const shown = [...new Set([1, page - 1, page, page + 1, lastPage])]
    .filter((number) => number >= 1 && number <= lastPage)
    .sort((a, b) => a - b);
  const items: Record<string, unknown>[] = [];
  shown.forEach((number, index) => {
    if (index > 0 && number - shown[index - 1] > 1) items.push({ ellipsis: true });
    items.push({ number, href: hrefFor(criteria, number), current: number === page });
  });
  return {
    items,
    previous: page > 1 ? { href: hrefFor(criteria, page - 1) } : undefined,
    next: page < lastPage ? { href: hrefFor(criteria, page + 1) } : undefined,
  };
}
