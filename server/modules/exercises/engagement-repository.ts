import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type EngagementEvent = {
  id: string;
  exerciseId: string;
  title: string;
  eventDate: string;
  place: string;
  details: string;
};

export type ConflictDeclaration = {
  id: string;
  userId: string;
  userName: string;
  organisationId: string | null;
  organisationName: string | null;
  description: string | null;
  declaredAt: Date;
};

/** Engagement events for the market engagement notice, and staff conflict-of-interest declarations. */
export function createEngagementRepository(db: Knex) {
  return {
    async events(exerciseId: string): Promise<EngagementEvent[]> {
      return db('engagement_events')
        .where({ exercise_id: exerciseId })
        .orderBy([{ column: 'event_date' }, { column: 'created_at' }])
        .select('id', 'exercise_id as exerciseId', 'title', 'event_date as eventDate', 'place', 'details');
    },

    async insertEvent(event: Omit<EngagementEvent, 'id'>, trx: Knex): Promise<string> {
      const [{ id }] = await trx('engagement_events')
        .insert({
          exercise_id: event.exerciseId,
          title: event.title,
          event_date: event.eventDate,
          place: event.place,
          details: event.details,
        })
        .returning<{ id: string }[]>('id');
      return id;
    },

    async deleteEvent(exerciseId: string, eventId: string, trx: Knex): Promise<EngagementEvent | undefined> {
      if (!isUuid(eventId)) return undefined;
      const rows: unknown[] = await trx('engagement_events')
        .where({ id: eventId, exercise_id: exerciseId })
        .delete()
        .returning([
          'id',
          'exercise_id as exerciseId',
          'title',
          'event_date as eventDate',
          'place',
          'details',
        ]);
      return rows[0] as EngagementEvent | undefined;
    },

    async declarations(exerciseId: string): Promise<ConflictDeclaration[]> {
      return db('conflict_declarations as d')
        .join('users as u', 'u.id', 'd.user_id')
        .leftJoin('organisations as o', 'o.id', 'd.organisation_id')
        .where('d.exercise_id', exerciseId)
        .orderBy([{ column: 'u.name' }, { column: 'o.name' }])
        .select(
          'd.id',
          'd.user_id as userId',
          'u.name as userName',
          'd.organisation_id as organisationId',
          'o.name as organisationName',
          'd.description',
          'd.declared_at as declaredAt',
        );
    },

    /** "No conflicts" replaces any earlier declaration by the same person. */
    async declareNone(exerciseId: string, userId: string, trx: Knex): Promise<void> {
      await trx('conflict_declarations').where({ exercise_id: exerciseId, user_id: userId }).delete();
      await trx('conflict_declarations').insert({ exercise_id: exerciseId, user_id: userId });
    },

    /** A conflict replaces a "no conflicts" declaration and any earlier one about the same provider. */
    async declareConflict(
      exerciseId: string,
      userId: string,
      organisationId: string,
      description: string,
      trx: Knex,
    ) {
      await trx('conflict_declarations')
        .where({ exercise_id: exerciseId, user_id: userId })
        .where((query) => query.whereNull('organisation_id').orWhere('organisation_id', organisationId))
        .delete();
      await trx('conflict_declarations').insert({
        exercise_id: exerciseId,
        user_id: userId,
        organisation_id: organisationId,
        description,
      });
    },

    async withdraw(exerciseId: string, userId: string, declarationId: string, trx: Knex): Promise<boolean> {
      if (!isUuid(declarationId)) return false;
      const deleted = await trx('conflict_declarations')
        .where({ id: declarationId, exercise_id: exerciseId, user_id: userId })
        .delete();
      return deleted === 1;
    },
  };
}

export type EngagementRepository = ReturnType<typeof createEngagementRepository>;
