import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import { changedFields, type Actor, type AuditService } from '../audit/audit-service';
import type {
  Exercise,
  ExerciseChanges,
  ExerciseFilter,
  ExerciseRepository,
  ExerciseStatus,
} from './exercise-repository';
import { assertEditable, timelineProblem, TRANSITIONS } from './exercise-rules';
import type { ServiceAreaRepository } from './service-area-repository';

export type ExerciseDetails = Pick<
  Exercise,
  'title' | 'reference' | 'purpose' | 'contactName' | 'contactEmail'
>;
export type ExerciseTimeline = Pick<
  Exercise,
  'opensAt' | 'questionsCloseAt' | 'responsesCloseAt' | 'meetingsFrom' | 'meetingsTo' | 'reminderDaysBefore'
>;

const CONFLICT =
  'Someone else changed this exercise while you were editing. Check the details and try again.';

export function createExerciseService(deps: {
  db: Knex;
  exercises: ExerciseRepository;
  areas: ServiceAreaRepository;
  audit: AuditService;
}) {
  const { db, exercises, audit } = deps;

  async function findOrThrow(id: string, trx?: Knex): Promise<Exercise> {
    const exercise = await exercises.find(id, trx);
    if (!exercise) throw new NotFoundError('Exercise not found');
    return exercise;
  }

  /** One audited, optimistically locked change to an exercise. */
  async function change(
    actor: Actor,
    id: string,
    version: number,
    action: string,
    build: (exercise: Exercise, trx: Knex) => Promise<ExerciseChanges> | ExerciseChanges,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await db.transaction(async (trx) => {
      const exercise = await findOrThrow(id, trx);
      const changes = await build(exercise, trx);
      if (!(await exercises.update(id, version, changes, trx))) throw new ConflictError(CONFLICT);
      await audit.record(
        actor,
        {
          action,
          recordType: 'exercise',
          recordId: id,
          changes: { ...changedFields(exercise, changes), ...extra },
        },
        trx,
      );
    });
  }

  return {
    list: (filter: ExerciseFilter) => exercises.list(filter),
    owners: () => exercises.owners(),
    find: (id: string) => findOrThrow(id),

    async create(actor: Actor, details: ExerciseDetails): Promise<string> {
      return db.transaction(async (trx) => {
        if (await exercises.referenceTaken(details.reference, null, trx)) {
          throw new UserFacingError('An exercise with this reference already exists', 'reference');
        }
        const id = await exercises.insert({ ...details, ownerUserId: actor.userId! }, trx);
        await audit.record(
          actor,
          { action: 'exercise.created', recordType: 'exercise', recordId: id, changes: { ...details } },
          trx,
        );
        return id;
      });
    },

    updateDetails: (actor: Actor, id: string, version: number, details: ExerciseDetails) =>
      change(actor, id, version, 'exercise.updated', async (exercise, trx) => {
        assertEditable(exercise);
        if (await exercises.referenceTaken(details.reference, id, trx)) {
          throw new UserFacingError('An exercise with this reference already exists', 'reference');
        }
        return details;
      }),

    updateTimeline: (actor: Actor, id: string, version: number, timeline: ExerciseTimeline) =>
      change(actor, id, version, 'exercise.timeline_changed', (exercise) => {
        assertEditable(exercise);
        if (exercise.status === 'open' && !timeline.responsesCloseAt) {
          throw new UserFacingError(
            'An open exercise must have a closing date for responses',
            'responsesClose',
          );
        }
        const problem = timelineProblem(timeline);
        if (problem) throw new UserFacingError(problem.message, problem.field);
        return timeline;
      }),

    updateNotice: (actor: Actor, id: string, version: number, processDescription: string) =>
      change(actor, id, version, 'exercise.notice_changed', (exercise) => {
        assertEditable(exercise);
        return { processDescription };
      }),

    updateSettings: (actor: Actor, id: string, version: number, settings: ExerciseChanges) =>
      change(actor, id, version, 'exercise.scoring_settings_changed', (exercise) => {
        assertEditable(exercise);
        return settings;
      }),

    /**
     * Allowed whatever the status, archived included: how long personal data is kept is a data
     * protection decision, not a change to the exercise's content. Once applied, it is final.
     */
    updateRetention: (actor: Actor, id: string, version: number, retentionMonths: number) =>
      change(actor, id, version, 'exercise.retention_changed', (exercise) => {
        if (exercise.retentionAppliedAt) {
          throw new UserFacingError(
            'The retention period has already been applied to this exercise.',
            'retentionMonths',
          );
        }
        return { retentionMonths };
      }),

    changeStatus: (actor: Actor, id: string, version: number, to: ExerciseStatus, reason: string) =>
      change(
        actor,
        id,
        version,
        'exercise.status_changed',
        async (exercise, trx) => {
          if (!TRANSITIONS[exercise.status].includes(to)) {
            throw new UserFacingError(`A ${exercise.status} exercise cannot be made ${to}`, 'status');
          }
          if (exercise.status === 'closed' && to === 'open' && !reason) {
            throw new UserFacingError('Give the reason for reopening the exercise', 'reason');
          }
          if (to === 'open' && exercise.status === 'draft') {
            if (!exercise.responsesCloseAt || exercise.responsesCloseAt <= new Date()) {
              throw new UserFacingError(
                'Set a closing date for responses in the future before opening',
                'status',
              );
            }
            const areas = await deps.areas.list(id, trx);
            if (!areas.some((area) => !area.parentId && area.status === 'active')) {
              throw new UserFacingError('Add at least one service area before opening', 'status');
            }
            return { status: to, opensAt: exercise.opensAt ?? new Date() };
          }
          // The retention period runs from here.
          if (to === 'archived') return { status: to, archivedAt: new Date() };
          return { status: to };
        },
        reason ? { reason } : {},
      ),

    /** The exercise's own events and those of its service areas, newest first. */
    async history(id: string) {
      const areas = await deps.areas.list(id);
      return audit.listForRecords([
        { type: 'exercise', id },
        ...areas.map((area) => ({ type: 'service_area', id: area.id })),
      ]);
    },
  };
}

export type ExerciseService = ReturnType<typeof createExerciseService>;
