import type { Knex } from 'knex';
import { NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { OrganisationService } from '../providers/organisation-service';
import type { EngagementEvent, EngagementRepository } from './engagement-repository';
import type { ExerciseRepository } from './exercise-repository';
import { assertEditable } from './exercise-rules';

/** Engagement events on the notice, and the conflicts-of-interest assessment (Procurement Act 2023). */
export function createEngagementService(deps: {
  db: Knex;
  exercises: ExerciseRepository;
  engagement: EngagementRepository;
  organisations: OrganisationService;
  audit: AuditService;
}) {
  const { db, exercises, engagement, audit } = deps;

  async function exerciseOrThrow(id: string, trx: Knex) {
    const exercise = await exercises.find(id, trx);
    if (!exercise) throw new NotFoundError('Exercise not found');
    return exercise;
  }

  const record = (
    actor: Actor,
    exerciseId: string,
    action: string,
    changes: Record<string, unknown>,
    trx: Knex,
  ) => audit.record(actor, { action, recordType: 'exercise', recordId: exerciseId, changes }, trx);

  return {
    events: (exerciseId: string) => engagement.events(exerciseId),
    declarations: (exerciseId: string) => engagement.declarations(exerciseId),

    async addEvent(actor: Actor, event: Omit<EngagementEvent, 'id'>): Promise<void> {
      await db.transaction(async (trx) => {
        assertEditable(await exerciseOrThrow(event.exerciseId, trx));
        const id = await engagement.insertEvent(event, trx);
        await exercises.touch(event.exerciseId, trx);
        await record(
          actor,
          event.exerciseId,
          'exercise.event_added',
          { eventId: id, title: event.title, date: event.eventDate, place: event.place },
          trx,
        );
      });
    },

    async removeEvent(actor: Actor, exerciseId: string, eventId: string): Promise<void> {
      await db.transaction(async (trx) => {
        assertEditable(await exerciseOrThrow(exerciseId, trx));
        const removed = await engagement.deleteEvent(exerciseId, eventId, trx);
        if (!removed) throw new NotFoundError('Event not found');
        await record(
          actor,
          exerciseId,
          'exercise.event_removed',
          { title: removed.title, date: removed.eventDate },
          trx,
        );
      });
    },

    async declareNone(actor: Actor, exerciseId: string): Promise<void> {
      await db.transaction(async (trx) => {
        const exercise = await exerciseOrThrow(exerciseId, trx);
        if (exercise.status === 'archived')
          throw new UserFacingError('This exercise is archived and cannot be changed.');
        await engagement.declareNone(exerciseId, actor.userId!, trx);
        await record(actor, exerciseId, 'exercise.conflict_none_declared', {}, trx);
      });
    },

    async declareConflict(actor: Actor, exerciseId: string, organisationId: string, description: string) {
      await db.transaction(async (trx) => {
        const exercise = await exerciseOrThrow(exerciseId, trx);
        if (exercise.status === 'archived')
          throw new UserFacingError('This exercise is archived and cannot be changed.');
        const organisation = await deps.organisations.find(organisationId);
        if (!organisation)
          throw new UserFacingError('Select the provider the conflict is with', 'organisationId');
        await engagement.declareConflict(exerciseId, actor.userId!, organisationId, description, trx);
        await record(
          actor,
          exerciseId,
          'exercise.conflict_declared',
          { organisation: organisation.name, description },
          trx,
        );
      });
    },

    async withdraw(actor: Actor, exerciseId: string, declarationId: string): Promise<void> {
      await db.transaction(async (trx) => {
        const exercise = await exerciseOrThrow(exerciseId, trx);
        if (exercise.status === 'archived')
          throw new UserFacingError('This exercise is archived and cannot be changed.');
        if (!(await engagement.withdraw(exerciseId, actor.userId!, declarationId, trx))) {
          throw new NotFoundError('Declaration not found');
        }
        await record(actor, exerciseId, 'exercise.conflict_withdrawn', { declarationId }, trx);
      });
    },
  };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
