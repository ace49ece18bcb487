import type { Knex } from 'knex';
import type { ExerciseService } from '../exercises/exercise-service';
import type { MailService } from '../mail/mail-service';
import type { MeetingCalendarRepository } from './meeting-calendar-repository';
import { reminderEmail } from './meeting-emails';
import type { MeetingRepository } from './meeting-repository';

/** Meetings across exercises by time: the staff calendar and day-before reminders. */
export function createMeetingCalendarService(deps: {
  db: Knex;
  meetings: MeetingRepository;
  calendar: MeetingCalendarRepository;
  exercises: ExerciseService;
  mail: MailService;
}) {
  const { db, meetings } = deps;
  return {
    between: (from: Date, to: Date, filter: { exerciseId?: string; userId?: string }) =>
      deps.calendar.listBetween(from, to, filter),

    /** Queues a reminder to every attendee of each meeting starting in the next 24 hours, once. */
    async sendReminders(now = new Date()): Promise<number> {
      return db.transaction(async (trx) => {
        const ids = await deps.calendar.claimDueReminders(
          now,
          new Date(now.getTime() + 24 * 3600 * 1000),
          trx,
        );
        for (const id of ids) {
          const meeting = (await meetings.find(id, trx))!;
          const exercise = await deps.exercises.find(meeting.exerciseId);
          const people = [...(await meetings.staffAttendees(id, trx)), ...(await meetings.contacts(id, trx))];
          for (const person of people) {
            await deps.mail.queue(trx, person.email, reminderEmail(exercise, meeting, person));
          }
        }
        return ids.length;
      });
    },
  };
}

export type MeetingCalendarService = ReturnType<typeof createMeetingCalendarService>;
