import type { Knex } from 'knex';
import { selectMeetings, type Meeting } from './meeting-repository';

/** Meetings across exercises by time: the staff calendar and the day-before reminders. */
export function createMeetingCalendarRepository(db: Knex) {
  const base = selectMeetings;
  return {
    /** Live meetings in [from, to), with the exercise's title, for the staff calendar. */
    async listBetween(from: Date, to: Date, filter: { exerciseId?: string; userId?: string }) {
      const query = base(db)
        .join('exercises as e', 'e.id', 'm.exercise_id')
        .select('e.title as exerciseTitle')
        .whereNot('m.status', 'cancelled')
        .where('m.starts_at', '>=', from)
        .where('m.starts_at', '<', to)
        .orderBy('m.starts_at');
      if (filter.exerciseId) query.where('m.exercise_id', filter.exerciseId);
      if (filter.userId)
        query.whereExists(
          db('meeting_attendees as a')
            .whereRaw('a.meeting_id = m.id')
            .where('a.user_id', filter.userId)
            .select(db.raw('1')),
        );
      return (await query) as (Meeting & { exerciseTitle: string })[];
    },

    /**
     * Claims the live meetings starting within the window that have not been reminded. The row
     * locks (SKIP LOCKED) make two processes claim different meetings, never the same one twice.
     */
    async claimDueReminders(from: Date, to: Date, trx: Knex): Promise<string[]> {
      const due = trx('meetings')
        .whereIn('status', ['proposed', 'confirmed'])
        .whereNull('reminded_at')
        .where('starts_at', '>', from)
        .where('starts_at', '<=', to)
        .forUpdate()
        .skipLocked()
        .select('id');
      const rows = await trx('meetings')
        .whereIn('id', due)
        .update({ reminded_at: trx.fn.now() })
        .returning<{ id: string }[]>('id');
      return rows.map((row) => row.id);
    },
  };
}

export type MeetingCalendarRepository = ReturnType<typeof createMeetingCalendarRepository>;
