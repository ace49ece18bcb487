import type { Knex } from 'knex';
import type { FileStore } from '../../lib/file-store';
import { SYSTEM_ACTOR, type AuditService } from '../audit/audit-service';
import type { RetentionRepository } from './retention-repository';

/**
 * Applies each archived exercise's retention period once it has passed: deletes its uploaded files
 * and never-submitted responses, and removes the names of the people involved (docs/data-protection.md
 * says exactly what). Safe to run in several processes at once and to run again.
 */
export function createRetentionService(deps: {
  db: Knex;
  retention: RetentionRepository;
  store: FileStore;
  audit: AuditService;
}) {
  /** One exercise in one transaction; undefined when none is due (or the others are being done). */
  async function applyNext(): Promise<string | undefined> {
    return deps.db.transaction(async (trx) => {
      const exercise = await deps.retention.claimDue(trx);
      if (!exercise) return undefined;
      const storedNames = await deps.retention.storedFileNames(exercise.id, trx);
      const counts = await deps.retention.purge(exercise.id, trx);
      // Files go before the commit: if removing one fails, the rows stay and the next run tries
      // again; a file already gone is not an error, so no orphan is left either way.
      for (const storedName of storedNames) await deps.store.remove(storedName);
      await deps.retention.markApplied(exercise.id, trx);
      await deps.audit.record(
        SYSTEM_ACTOR,
        {
          action: 'exercise.retention_applied',
          recordType: 'exercise',
          recordId: exercise.id,
          changes: {
            reference: exercise.reference,
            retentionMonths: exercise.retentionMonths,
            archivedAt: exercise.archivedAt,
            ...counts,
          },
        },
        trx,
      );
      return exercise.id;
    });
  }

  return {
    /** Applies every exercise that is due; returns the ids of those this call applied. */
    async applyDue(): Promise<string[]> {
      const applied: string[] = [];
      for (let id = await applyNext(); id; id = await applyNext()) applied.push(id);
      return applied;
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
