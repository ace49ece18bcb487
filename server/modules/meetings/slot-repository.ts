import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type Slot = {
  id: string;
  exerciseId: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  staffUserIds: string[];
  meetingId: string | null;
  takenBy: string | null;
};

/** Slots with the live (not cancelled) meeting that took each one, if any. */
export function createSlotRepository(db: Knex) {
  const base = (trx: Knex) =>
    trx('meeting_slots as s')
      .leftJoin('meetings as m', (join) => {
        join.on('m.slot_id', 's.id').andOnVal('m.status', '<>', 'cancelled');
      })
      .leftJoin('invitations as i', 'i.id', 'm.invitation_id')
      .leftJoin('organisations as o', 'o.id', 'i.organisation_id')
      .select(
        's.id',
        's.exercise_id as exerciseId',
        's.starts_at as startsAt',
        's.ends_at as endsAt',
        's.place',
        's.staff_user_ids as staffUserIds',
        'm.id as meetingId',
        'o.name as takenBy',
      )
      .orderBy('s.starts_at');

  return {
    list: async (exerciseId: string): Promise<Slot[]> =>
      (await base(db).where('s.exercise_id', exerciseId)) as Slot[],

    async listFree(exerciseId: string, now: Date): Promise<Slot[]> {
      return (await base(db)
        .where('s.exercise_id', exerciseId)
        .where('s.starts_at', '>', now)
        .whereNull('m.id')) as Slot[];
    },

    async find(exerciseId: string, id: string, trx: Knex = db): Promise<Slot | undefined> {
      if (!isUuid(id)) return undefined;
      return (await base(trx).where({ 's.exercise_id': exerciseId, 's.id': id }).first()) as Slot | undefined;
    },

    async insert(
      row: {
        exerciseId: string;
        startsAt: Date;
        endsAt: Date;
        place: string;
        staffUserIds: string[];
        createdBy: string;
      },
      trx: Knex,
    ) {
      const [{ id }] = await trx('meeting_slots')
        .insert({
          exercise_id: row.exerciseId,
          starts_at: row.startsAt,
          ends_at: row.endsAt,
          place: row.place,
          staff_user_ids: row.staffUserIds,
          created_by: row.createdBy,
        })
        .returning<{ id: string }[]>('id');
      return id;
    },

    /** Withdraws a slot nobody has taken; false if it was taken meanwhile. */
    async deleteFree(id: string, trx: Knex): Promise<boolean> {
      const deleted = await trx('meeting_slots')
        .where({ id })
        .whereNotExists(
          trx('meetings').where('slot_id', id).whereNot('status', 'cancelled').select(trx.raw('1')),
        )
        .delete();
      return deleted === 1;
    },
  };
}

export type SlotRepository = ReturnType<typeof createSlotRepository>;
