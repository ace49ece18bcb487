import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type Sector = 'public' | 'private' | 'voluntary';
export type Reach = 'local' | 'regional' | 'national';
export type Size = 'micro' | 'sme' | 'large';

export const SECTORS: Sector[] = ['public', 'private', 'voluntary'];
export const REACHES: Reach[] = ['local', 'regional', 'national'];
export const SIZES: Size[] = ['micro', 'sme', 'large'];

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

/** The fields a person edits; the registry keeps normalised_name in step with name. */
export type OrganisationDetails = {
  name: string;
  registrationNumber: string | null;
  sector: Sector;
  reach: Reach;
  size: Size;
  website: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
  notes: string | null;
};

export type Organisation = OrganisationDetails & {
  id: string;
  normalisedName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export const COLUMN_OF: Record<keyof OrganisationDetails, string> = {
  name: 'name',
  registrationNumber: 'registration_number',
  sector: 'sector',
  reach: 'reach',
  size: 'size',
  website: 'website',
  addressLine1: 'address_line_1',
  addressLine2: 'address_line_2',
  town: 'town',
  postcode: 'postcode',
  notes: 'notes',
};

type OrganisationRow = Record<string, unknown> & { id: string };

export function toOrganisation(row: OrganisationRow): Organisation {
  const organisation = {
    id: row.id,
    normalisedName: row.normalised_name as string,
    version: row.version as number,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  } as Organisation;
  for (const [field, column] of Object.entries(COLUMN_OF)) {
    (organisation as Record<string, unknown>)[field] = row[column];
  }
  return organisation;
}

/** Column values for an insert or update of the given fields only. */
export function toColumns(details: Partial<OrganisationDetails>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(details)) {
    columns[COLUMN_OF[field as keyof OrganisationDetails]] = value;
  }
  return columns;
}

/** Keeps IN lists well under PostgreSQL's limit of 65,535 bindings per statement. */
export const BATCH = 5000;

export function createOrganisationRepository(db: Knex) {
  return {
    /** Every organisation with its count of provider accounts (small lists: home pages, pickers). */
    async list(): Promise<(Organisation & { accountCount: number })[]> {
      const result: unknown = await db('organisations as o')
        .leftJoin('users as u', 'u.organisation_id', 'o.id')
        .groupBy('o.id')
        .select('o.*')
        .select(db.raw('count(u.id)::int as account_count'))
        .orderByRaw('lower(o.name)');
      const rows = result as (OrganisationRow & { account_count: number })[];
      return rows.map((row) => ({ ...toOrganisation(row), accountCount: row.account_count }));
    },

    async findById(id: string, trx: Knex = db): Promise<Organisation | undefined> {
      if (!isUuid(id)) return undefined;
      const row = (await trx('organisations').where({ id }).first()) as OrganisationRow | undefined;
      return row && toOrganisation(row);
    },

    async findByCreationKey(key: string, trx: Knex): Promise<Organisation | undefined> {
      const row = (await trx('organisations').where({ creation_key: key }).first()) as
        OrganisationRow | undefined;
      return row && toOrganisation(row);
    },

    async findByRegistrationNumber(number: string, trx: Knex = db): Promise<Organisation | undefined> {
      const row = (await trx('organisations').where({ registration_number: number }).first()) as
        OrganisationRow | undefined;
      return row && toOrganisation(row);
    },

    /** For imports: every organisation whose column holds one of the values, a few queries at most. */
    async findManyBy(
      column: 'registration_number' | 'normalised_name',
      values: string[],
      trx: Knex = db,
    ): Promise<Organisation[]> {
      const rows: OrganisationRow[] = [];
      const unique = [...new Set(values)];
      for (let start = 0; start < unique.length; start += BATCH)
        rows.push(
          ...((await trx('organisations').whereIn(
            column,
            unique.slice(start, start + BATCH),
          )) as OrganisationRow[]),
        );
      return rows.map(toOrganisation);
    },

    /** Organisations sharing the registration number or the normalised name, other than `exceptId`. */
    async findLikelyDuplicates(
      match: { registrationNumber: string | null; normalisedName: string },
      exceptId: string | null,
      trx: Knex = db,
    ): Promise<Organisation[]> {
      const query = trx('organisations').where((where) => {
        where.where('normalised_name', match.normalisedName);
        if (match.registrationNumber) where.orWhere('registration_number', match.registrationNumber);
      });
      if (exceptId) query.whereNot('id', exceptId);
      const rows = (await query.orderByRaw('lower(name)').limit(20)) as OrganisationRow[];
      return rows.map(toOrganisation);
    },

    async insert(
      details: OrganisationDetails & { normalisedName: string; creationKey?: string | null },
      trx: Knex = db,
    ): Promise<Organisation> {
      const { normalisedName, creationKey, ...rest } = details;
      const [row] = (await trx('organisations')
        .insert({ ...toColumns(rest), normalised_name: normalisedName, creation_key: creationKey ?? null })
        .returning('*')) as OrganisationRow[];
      return toOrganisation(row);
    },

    /** Optimistic lock: applies only if nobody changed the organisation since it was read. */
    async update(
      id: string,
      expectedVersion: number,
      changes: Partial<OrganisationDetails> & { normalisedName?: string },
      trx: Knex = db,
    ): Promise<boolean> {
      const { normalisedName, ...rest } = changes;
      const updated = await trx('organisations')
        .where({ id, version: expectedVersion })
        .update({
          ...toColumns(rest),
          ...(normalisedName === undefined ? {} : { normalised_name: normalisedName }),
          version: trx.raw('version + 1'),
          updated_at: trx.fn.now(),
        });
      return updated === 1;
    },

    /** Marks the organisation as changed (a contact was added or edited) for "recently updated". */
    async touch(id: string, trx: Knex): Promise<void> {
      await trx('organisations').where({ id }).update({ updated_at: trx.fn.now() });
    },
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;
