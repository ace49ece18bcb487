import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import { changedFields, type Actor, type AuditService } from '../audit/audit-service';
import type { Exercise, ExerciseRepository } from './exercise-repository';
import { assertEditable } from './exercise-rules';
import { toTree, type ServiceArea, type ServiceAreaRepository } from './service-area-repository';

const CONFLICT =
  'Someone else changed this service area while you were editing. Check the details and try again.';

export type AreaInput = { name: string; description: string; parentId: string | null };

/** Told, inside the transaction, when an open exercise gains a service area. */
export type ScopeChangeListener = (
  trx: Knex,
  exercise: Exercise,
  areaName: string,
  reason: string,
) => Promise<void>;

export function createServiceAreaService(deps: {
  db: Knex;
  exercises: ExerciseRepository;
  areas: ServiceAreaRepository;
  audit: AuditService;
  onScopeChange: ScopeChangeListener;
}) {
  const { db, exercises, areas, audit } = deps;

  async function load(
    exerciseId: string,
    areaId: string | null,
    trx: Knex,
  ): Promise<{ exercise: Exercise; area?: ServiceArea }> {
    const exercise = await exercises.find(exerciseId, trx);
    if (!exercise) throw new NotFoundError('Exercise not found');
    if (!areaId) return { exercise };
    const area = await areas.find(exerciseId, areaId, trx);
    if (!area) throw new NotFoundError('Service area not found');
    return { exercise, area };
  }

  const record = (
    actor: Actor,
    area: { id: string; exerciseId: string },
    action: string,
    changes: object,
    trx: Knex,
  ) =>
    audit.record(
      actor,
      {
        action,
        recordType: 'service_area',
        recordId: area.id,
        changes: { exerciseId: area.exerciseId, ...changes },
      },
      trx,
    );

  return {
    tree: async (exerciseId: string) => toTree(await areas.list(exerciseId)),
    scopeChanges: (exerciseId: string) => areas.scopeChanges(exerciseId),

    async find(exerciseId: string, areaId: string) {
      const area = await areas.find(exerciseId, areaId);
      if (!area) throw new NotFoundError('Service area not found');
      return area;
    },

    history: (areaId: string) => audit.listForRecord('service_area', areaId),

    /** Adding an area to an open exercise is a scope change: it needs a reason and is recorded. */
    async add(
      actor: Actor,
      exerciseId: string,
      input: AreaInput,
      scopeChangeReason: string,
    ): Promise<string> {
      return db.transaction(async (trx) => {
        const { exercise } = await load(exerciseId, null, trx);
        assertEditable(exercise);
        if (input.parentId) {
          const parent = await areas.find(exerciseId, input.parentId, trx);
          if (!parent || parent.parentId)
            throw new UserFacingError('Choose a service area from the list', 'parentId');
        }
        if (await areas.nameTaken(exerciseId, input.parentId, input.name, null, trx)) {
          throw new UserFacingError('This exercise already has a service area with this name', 'name');
        }
        const isScopeChange = exercise.status === 'open';
        if (isScopeChange && !scopeChangeReason) {
          throw new UserFacingError('The exercise is open: give the reason for changing its scope', 'reason');
        }
        const id = await areas.insert({ exerciseId, ...input }, trx);
        await exercises.touch(exerciseId, trx);
        await record(actor, { id, exerciseId }, 'service_area.added', { ...input }, trx);
        if (isScopeChange) {
          await areas.insertScopeChange(
            { exerciseId, areaId: id, reason: scopeChangeReason, userId: actor.userId! },
            trx,
          );
          await audit.record(
            actor,
            {
              action: 'exercise.scope_changed',
              recordType: 'exercise',
              recordId: exerciseId,
              changes: { added: input.name, reason: scopeChangeReason },
            },
            trx,
          );
          await deps.onScopeChange(trx, exercise, input.name, scopeChangeReason);
        }
        return id;
      });
    },

    async edit(
      actor: Actor,
      exerciseId: string,
      areaId: string,
      version: number,
      input: Omit<AreaInput, 'parentId'>,
    ) {
      await db.transaction(async (trx) => {
        const { exercise, area } = await load(exerciseId, areaId, trx);
        assertEditable(exercise);
        if (await areas.nameTaken(exerciseId, area!.parentId, input.name, areaId, trx)) {
          throw new UserFacingError('This exercise already has a service area with this name', 'name');
        }
        if (!(await areas.update(areaId, version, input, trx))) throw new ConflictError(CONFLICT);
        await record(actor, area!, 'service_area.updated', changedFields(area!, input), trx);
      });
    },

    async setStatus(
      actor: Actor,
      exerciseId: string,
      areaId: string,
      version: number,
      status: ServiceArea['status'],
    ) {
      await db.transaction(async (trx) => {
        const { exercise, area } = await load(exerciseId, areaId, trx);
        assertEditable(exercise);
        if (!(await areas.update(areaId, version, { status }, trx))) throw new ConflictError(CONFLICT);
        await record(
          actor,
          area!,
          status === 'archived' ? 'service_area.archived' : 'service_area.restored',
          {},
          trx,
        );
      });
    },

    /** Swaps the area with its neighbour among its siblings. */
    async move(actor: Actor, exerciseId: string, areaId: string, direction: 'up' | 'down') {
      await db.transaction(async (trx) => {
        await trx.raw('SELECT id FROM exercises WHERE id = ? FOR UPDATE', [exerciseId]);
        const { exercise, area } = await load(exerciseId, areaId, trx);
        assertEditable(exercise);
        const siblings = (await areas.list(exerciseId, trx))
          .filter((other) => other.parentId === area!.parentId)
          .sort((a, b) => a.position - b.position);
        const index = siblings.findIndex((other) => other.id === areaId);
        const neighbour = siblings[direction === 'up' ? index - 1 : index + 1];
        if (!neighbour) return;
        await areas.setPosition(area!.id, neighbour.position, trx);
        await areas.setPosition(neighbour.id, area!.position, trx);
        await record(actor, area!, 'service_area.moved', { direction }, trx);
      });
    },

    /**
     * Only a draft's areas can be removed: once an exercise has opened, providers may have
     * answered about an area, so it is archived instead and its answers kept.
     */
    async remove(actor: Actor, exerciseId: string, areaId: string) {
      await db.transaction(async (trx) => {
        const { exercise, area } = await load(exerciseId, areaId, trx);
        if (exercise.status !== 'draft') {
          throw new UserFacingError(
            'This service area may already have answers, so it cannot be removed. Archive it instead.',
            'remove',
          );
        }
        await areas.delete(areaId, trx);
        await record(actor, area!, 'service_area.removed', { name: area!.name }, trx);
      });
    },
  };
}

export type ServiceAreaService = ReturnType<typeof createServiceAreaService>;
