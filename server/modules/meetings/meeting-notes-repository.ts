import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';
import type { MeetingStatus } from './meeting-repository';

export type Observation = {
  serviceAreaId: string;
  rating: number | null;
  deliveryModels: string;
  capacity: string;
  concerns: string;
  notes: string;
};

/** One row per held meeting and observed area (area fields null for a meeting without observations). */
export type HeldObservationRow = {
  meetingId: string;
  invitationId: string;
  startsAt: Date;
  summary: string | null;
  serviceAreaId: string | null;
  areaName: string | null;
  rating: number | null;
  deliveryModels: string | null;
  capacity: string | null;
  concerns: string | null;
  notes: string | null;
};

export type MeetingAction = {
  id: string;
  description: string;
  owner: string;
  dueOn: string | null;
  done: boolean;
};

/** The internal record of a meeting: notes, per-area observations and actions. */
export function createMeetingNotesRepository(db: Knex) {
  return {
    observations(id: string, trx: Knex = db): Promise<Observation[]> {
      return trx('meeting_observations')
        .where({ meeting_id: id })
        .select(
          'service_area_id as serviceAreaId',
          'rating',
          'delivery_models as deliveryModels',
          'capacity',
          'concerns',
          'notes',
        );
    },

    /** Every held meeting of an exercise with its observations, in one query (reports list hundreds). */
    heldObservations(exerciseId: string, invitationId?: string): Promise<HeldObservationRow[]> {
      return db('meetings as m')
        .leftJoin('meeting_observations as o', 'o.meeting_id', 'm.id')
        .leftJoin('service_areas as a', 'a.id', 'o.service_area_id')
        .leftJoin('service_areas as parent', 'parent.id', 'a.parent_id')
        .where({ 'm.exercise_id': exerciseId, 'm.status': 'held' })
        .modify((query) => {
          if (invitationId) void query.where('m.invitation_id', invitationId);
        })
        .orderByRaw(
          'm.starts_at, m.id, coalesce(parent.position, a.position), a.parent_id nulls first, a.position',
        )
        .select(
          'm.id as meetingId',
          'm.invitation_id as invitationId',
          'm.starts_at as startsAt',
          'm.summary',
          'o.service_area_id as serviceAreaId',
          // Sub-services share names across areas (HR, Finance), so each carries its parent's name.
          db.raw(`coalesce(parent.name || ': ' || a.name, a.name) as "areaName"`),
          'o.rating',
          'o.delivery_models as deliveryModels',
          'o.capacity',
          'o.concerns',
          'o.notes',
        );
    },

    async saveNotes(
      id: string,
      notesVersion: number,
      notes: { status: MeetingStatus; attended: string; summary: string; observations: Observation[] },
      trx: Knex,
    ): Promise<boolean> {
      const updated = await trx('meetings')
        .where({ id, notes_version: notesVersion })
        .update({
          status: notes.status,
          attended: notes.attended,
          summary: notes.summary,
          notes_version: trx.raw('notes_version + 1'),
          version: trx.raw('version + 1'),
        });
      if (updated !== 1) return false;
      await trx('meeting_observations').where({ meeting_id: id }).delete();
      if (notes.observations.length)
        await trx('meeting_observations').insert(
          notes.observations.map((o) => ({
            meeting_id: id,
            service_area_id: o.serviceAreaId,
            rating: o.rating,
            delivery_models: o.deliveryModels,
            capacity: o.capacity,
            concerns: o.concerns,
            notes: o.notes,
          })),
        );
      return true;
    },

    actions(id: string): Promise<MeetingAction[]> {
      return db('meeting_actions')
        .where({ meeting_id: id })
        .orderBy('created_at')
        .select('id', 'description', 'owner', db.raw('to_char(due_on, \'YYYY-MM-DD\') as "dueOn"'), 'done');
    },

    async insertAction(id: string, action: Omit<MeetingAction, 'id' | 'done'>, trx: Knex) {
      const [{ id: actionId }] = await trx('meeting_actions')
        .insert({
          meeting_id: id,
          description: action.description,
          owner: action.owner,
          due_on: action.dueOn,
        })
        .returning<{ id: string }[]>('id');
      return actionId;
    },

    async setActionDone(id: string, actionId: string, done: boolean, trx: Knex): Promise<boolean> {
      if (!isUuid(actionId)) return false;
      return (await trx('meeting_actions').where({ id: actionId, meeting_id: id }).update({ done })) === 1;
    },
  };
}

export type MeetingNotesRepository = ReturnType<typeof createMeetingNotesRepository>;
