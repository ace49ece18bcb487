import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';
import type { UserStatus } from '../users/user-repository';
import { BATCH } from './organisation-repository';

export type ContactDetails = {
  name: string;
  jobRole: string | null;
  email: string;
  phone: string | null;
};

export type Contact = ContactDetails & {
  id: string;
  organisationId: string;
  userId: string | null;
  /** The status of the linked provider account, if the contact has one. */
  accountStatus: UserStatus | null;
  version: number;
};

type ContactRow = {
  id: string;
  organisation_id: string;
  name: string;
  job_role: string | null;
  email: string;
  phone: string | null;
  user_id: string | null;
  account_status: UserStatus | null;
  version: number;
};

const toContact = (row: ContactRow): Contact => ({
  id: row.id,
  organisationId: row.organisation_id,
  name: row.name,
  jobRole: row.job_role,
  email: row.email,
  phone: row.phone,
  userId: row.user_id,
  accountStatus: row.account_status,
  version: row.version,
});

const toColumns = (details: Partial<ContactDetails>) => ({
  ...(details.name === undefined ? {} : { name: details.name }),
  ...(details.jobRole === undefined ? {} : { job_role: details.jobRole }),
  ...(details.email === undefined ? {} : { email: details.email }),
  ...(details.phone === undefined ? {} : { phone: details.phone }),
});

export function createContactRepository(db: Knex) {
  const selectContacts = (trx: Knex) =>
    trx('contacts as c')
      .leftJoin('users as u', 'u.id', 'c.user_id')
      .select('c.*', 'u.status as account_status');

  /** A contact only through its organisation, so one organisation's URL never reaches another's contact. */
  async function find(organisationId: string, id: string, trx: Knex = db): Promise<Contact | undefined> {
    if (!isUuid(id)) return undefined;
    const row = (await selectContacts(trx)
      .where({ 'c.id': id, 'c.organisation_id': organisationId })
      .first()) as ContactRow | undefined;
    return row && toContact(row);
  }

  return {
    async listForOrganisation(organisationId: string, trx: Knex = db): Promise<Contact[]> {
      const rows: unknown = await selectContacts(trx)
        .where('c.organisation_id', organisationId)
        .orderByRaw('lower(c.name), c.id');
      return (rows as ContactRow[]).map(toContact);
    },

    find,

    async lockForUpdate(organisationId: string, id: string, trx: Knex): Promise<Contact | undefined> {
      if (!isUuid(id)) return undefined;
      await trx('contacts').where({ id, organisation_id: organisationId }).forUpdate().first();
      return find(organisationId, id, trx);
    },

    async findByEmail(email: string, trx: Knex = db): Promise<Contact | undefined> {
      const row = (await selectContacts(trx).whereRaw('lower(c.email) = lower(?)', [email]).first()) as
        ContactRow | undefined;
      return row && toContact(row);
    },

    async findManyByEmail(emails: string[], trx: Knex = db): Promise<Contact[]> {
      const rows: ContactRow[] = [];
      const unique = [...new Set(emails.map((email) => email.toLowerCase()))];
      for (let start = 0; start < unique.length; start += BATCH) {
        const batch = unique.slice(start, start + BATCH);
        const found: unknown = await selectContacts(trx).whereRaw('lower(c.email) = ANY(?::text[])', [batch]);
        rows.push(...(found as ContactRow[]));
      }
      return rows.map(toContact);
    },

    async findByCreationKey(key: string, trx: Knex): Promise<Contact | undefined> {
      const row = (await selectContacts(trx).where('c.creation_key', key).first()) as ContactRow | undefined;
      return row && toContact(row);
    },

    async insert(
      organisationId: string,
      details: ContactDetails & { creationKey?: string | null; userId?: string | null },
      trx: Knex = db,
    ): Promise<string> {
      const [{ id }] = await trx('contacts')
        .insert({
          organisation_id: organisationId,
          ...toColumns(details),
          creation_key: details.creationKey ?? null,
          user_id: details.userId ?? null,
        })
        .returning<{ id: string }[]>('id');
      return id;
    },

    async update(id: string, expectedVersion: number, changes: Partial<ContactDetails>, trx: Knex) {
      const updated = await trx('contacts')
        .where({ id, version: expectedVersion })
        .update({ ...toColumns(changes), version: trx.raw('version + 1'), updated_at: trx.fn.now() });
      return updated === 1;
    },

    async linkUser(id: string, userId: string, trx: Knex): Promise<void> {
      await trx('contacts')
        .where({ id })
        .update({ user_id: userId, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
    },

    /** Whether any organisation has a contact with this id. */
    async exists(id: string, trx: Knex = db): Promise<boolean> {
      if (!isUuid(id)) return false;
      return Boolean(await trx('contacts').where({ id }).first('id'));
    },

    async delete(id: string, trx: Knex): Promise<void> {
      await trx('contacts').where({ id }).delete();
    },
  };
}

export type ContactRepository = ReturnType<typeof createContactRepository>;
