import type { Logger } from '../../lib/logger';
import type { MeetingCalendarService } from './meeting-calendar-service';

/** Sends day-before meeting reminders on a timer; safe with several processes (see the repository). */
export function createMeetingReminderJob(deps: {
  meetingCalendar: MeetingCalendarService;
  logger: Logger;
  intervalMs: number;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    start() {
      timer = setInterval(() => {
        running ??= deps.meetingCalendar
          .sendReminders()
          .catch((error: unknown) => deps.logger.error({ err: error }, 'meeting reminders failed'))
          .finally(() => {
            running = undefined;
          });
      }, deps.intervalMs);
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
