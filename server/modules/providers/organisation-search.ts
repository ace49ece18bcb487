import type { Knex } from 'knex';
import type { Reach, Sector, Size } from './organisation-repository';

export const PAGE_SIZE = 25;

export const SORTS = ['name', 'sector', 'reach', 'size', 'updated'] as const;
export type SortKey = (typeof SORTS)[number];

export type SearchCriteria = {
  q: string;
  sectors: Sector[];
  reaches: Reach[];
  sizes: Size[];
  sort: SortKey;
  page: number;
};

export type OrganisationListItem = {
  id: string;
  name: string;
  sector: Sector;
  reach: Reach;
  size: Size;
  town: string | null;
  updatedAt: Date;
};

/**
 * Fixed SQL per sort key (never built from input). Reach and size sort by their natural order,
 * smallest first; every sort ends with the name and id so pages never overlap or skip rows.
 */
const ORDER_BY: Record<SortKey, string> = {
  name: 'lower(name), id',
  sector: 'sector, lower(name), id',
  reach: `array_position(ARRAY['local', 'regional', 'national'], reach), lower(name), id`,
  size: `array_position(ARRAY['micro', 'sme', 'large'], size), lower(name), id`,
  updated: 'updated_at DESC, id',
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export function createOrganisationSearch(db: Knex) {
  return {
    /** One page of the registry: a contains-search on the name, filters, a sort. */
    async search(
      criteria: SearchCriteria,
    ): Promise<{ organisations: OrganisationListItem[]; total: number }> {
      const filtered = db('organisations');
      if (criteria.q) filtered.whereRaw('lower(name) LIKE ?', [`%${escapeLike(criteria.q.toLowerCase())}%`]);
      if (criteria.sectors.length) filtered.whereIn('sector', criteria.sectors);
      if (criteria.reaches.length) filtered.whereIn('reach', criteria.reaches);
      if (criteria.sizes.length) filtered.whereIn('size', criteria.sizes);
      const counted: unknown = await filtered.clone().select(db.raw('count(*)::int AS total'));
      const [{ total }] = counted as { total: number }[];
      const rows = (await filtered
        .select('id', 'name', 'sector', 'reach', 'size', 'town', 'updated_at')
        .orderByRaw(ORDER_BY[criteria.sort])
        .limit(PAGE_SIZE)
        .offset((criteria.page - 1) * PAGE_SIZE)) as (Omit<OrganisationListItem, 'updatedAt'> & {
        updated_at: Date;
      })[];
      return {
        total,
        organisations: rows.map(({ updated_at, ...row }) => ({ ...row, updatedAt: updated_at })),
      };
    },
  };
}

export type OrganisationSearch = ReturnType<typeof createOrganisationSearch>;
