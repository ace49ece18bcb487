import type { Logger } from '../../lib/logger';
import type { InvitationService } from './invitation-service';

/** Checks for due automatic reminders on a timer; safe with several processes (see the service). */
export function createReminderJob(deps: {
  invitations: InvitationService;
  logger: Logger;
  intervalMs: number;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    start() {
      timer = setInterval(() => {
        running ??= deps.invitations
          .sendAutomaticReminders()
          .catch((error: unknown) => deps.logger.error({ err: error }, 'automatic reminders failed'))
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
