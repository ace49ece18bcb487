import type { Knex } from 'knex';

export type Sector = 'public' | 'private' | 'voluntary';
export type Reach = 'local' | 'regional' | 'national';
export type Size = 'micro' | 'sme' | 'large';

export type Organisation = { id: string; name: string; sector: Sector; reach: Reach; size: Size };

export const SECTOR_LABELS: Record<Sector, string> = {
  public: 'Public sector',
  private: 'Private sector',
  voluntary: 'Voluntary, community or social enterprise',
};
export const REACH_LABELS: Record<Reach, string> = {
  local: 'Local',
  regional: 'Regional',
  national: 'National',
};
export const SIZE_LABELS: Record<Size, string> = {
  micro: 'Micro',
  sme: 'Small or medium (SME)',
  large: 'Large',
};

const COLUMNS = ['id', 'name', 'sector', 'reach', 'size'];

export function createOrganisationRepository(db: Knex) {
  return {
    async list(): Promise<(Organisation & { accountCount: number })[]> {
      const rows = await db('organisations as o')
        .leftJoin('users as u', 'u.organisation_id', 'o.id')
        .groupBy('o.id')
        .select(COLUMNS.map((column) => `o.${column}`))
        .select(db.raw('count(u.id)::int as "accountCount"'))
        .orderByRaw('lower(o.name)');
      return rows as (Organisation & { accountCount: number })[];
    },

    async findById(id: string): Promise<Organisation | undefined> {
      return (await db('organisations').select(COLUMNS).where({ id }).first()) as Organisation | undefined;
    },

    async insert(organisation: Omit<Organisation, 'id'>, trx: Knex = db): Promise<Organisation> {
      const [row] = await trx<Organisation>('organisations').insert(organisation).returning('*');
      return row;
    },
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;
