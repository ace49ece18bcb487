import type { Knex } from 'knex';
import type { FileStore } from '../../lib/file-store';
import { SYSTEM_ACTOR, type AuditService } from '../audit/audit-service';
import type { DueExercise, RetentionRepository } from './retention-repository';

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
  /**
   * One exercise in one transaction; undefined when none is due (or the others are being done).
   * `skip` holds exercises that failed in this run, so one that keeps failing does not hold up
   * every exercise archived after it.
   */
  async function applyNext(skip: string[]): Promise<string | undefined> {
    return deps.db.transaction(async (trx) => {
      const exercise = await deps.retention.claimDue(trx, skip);
      if (!exercise) return undefined;
      try {
        return await purge(exercise, trx);
      } catch (error) {
        throw new RetentionFailure(exercise.id, error);
      }
    });
  }

  async function purge(exercise: DueExercise, trx: Knex) {
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
  }

  return {
    /**
     * Applies every exercise that is due; returns the ids of those this call applied. An exercise
     * that fails is left for the next run and reported once the others are done.
     */
    async applyDue(): Promise<string[]> {
      const applied: string[] = [];
      const failures: RetentionFailure[] = [];
      for (;;) {
        try {
          const id = await applyNext(failures.map((failure) => failure.exerciseId));
          if (!id) break;
          applied.push(id);
        } catch (error) {
          if (!(error instanceof RetentionFailure)) throw error;
          failures.push(error);
        }
      }
      if (failures.length)
        throw new AggregateError(failures, 'Retention could not be applied to some exercises');
      return applied;
    },
  };
}

class RetentionFailure extends Error {
  constructor(
    readonly exerciseId: string,
    cause: unknown,
  ) {
    super(`Retention could not be applied to exercise ${exerciseId}`, { cause });
  }
}

export type RetentionService = ReturnType<typeof createRetentionService>;
