import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';
import type { ParsedImport } from './import-parser';

export type ImportSummary = { created: number; updated: number; unchanged: number; rejected: number };

export type ProviderImport = {
  id: string;
  userId: string;
  fileName: string;
  fileSha256: string;
  parsed: ParsedImport;
  status: 'pending' | 'applied';
  summary: ImportSummary | null;
  createdAt: Date;
  appliedAt: Date | null;
};

type ImportRow = {
  id: string;
  user_id: string;
  file_name: string;
  file_sha256: string;
  rows: ParsedImport;
  status: 'pending' | 'applied';
  summary: ImportSummary | null;
  created_at: Date;
  applied_at: Date | null;
};

const toImport = (row: ImportRow): ProviderImport => ({
  id: row.id,
  userId: row.user_id,
  fileName: row.file_name,
  fileSha256: row.file_sha256,
  parsed: row.rows,
  status: row.status,
  summary: row.summary,
  createdAt: row.created_at,
  appliedAt: row.applied_at,
});

/** Uploaded files waiting for confirmation, parsed; each belongs to the person who uploaded it. */
export function createImportRepository(db: Knex) {
  return {
    async insert(
      upload: { userId: string; fileName: string; fileSha256: string; parsed: ParsedImport },
      trx: Knex = db,
    ): Promise<string> {
      const [{ id }] = await trx('provider_imports')
        .insert({
          user_id: upload.userId,
          file_name: upload.fileName,
          file_sha256: upload.fileSha256,
          rows: JSON.stringify(upload.parsed),
        })
        .returning<{ id: string }[]>('id');
      return id;
    },

    async find(id: string, userId: string, trx: Knex = db): Promise<ProviderImport | undefined> {
      if (!isUuid(id)) return undefined;
      const row = (await trx('provider_imports').where({ id, user_id: userId }).first()) as
        ImportRow | undefined;
      return row && toImport(row);
    },

    async lockForUpdate(id: string, userId: string, trx: Knex): Promise<ProviderImport | undefined> {
      if (!isUuid(id)) return undefined;
      const row = (await trx('provider_imports').where({ id, user_id: userId }).forUpdate().first()) as
        ImportRow | undefined;
      return row && toImport(row);
    },

    /** When the same file was last applied, to warn before importing it again. */
    async lastAppliedWithHash(sha256: string, exceptId: string): Promise<Date | undefined> {
      const row = (await db('provider_imports')
        .where({ file_sha256: sha256, status: 'applied' })
        .whereNot('id', exceptId)
        .max('applied_at as last')
        .first()) as { last: Date | null } | undefined;
      return row?.last ?? undefined;
    },

    async markApplied(id: string, summary: ImportSummary, trx: Knex): Promise<void> {
      await trx('provider_imports')
        .where({ id })
        .update({ status: 'applied', summary: JSON.stringify(summary), applied_at: trx.fn.now() });
    },
  };
}

export type ImportRepository = ReturnType<typeof createImportRepository>;
