import type { Logger } from './logger';

/**
 * Runs `work` every `intervalMs`, one pass at a time; stop() waits for a pass in flight. The work
 * itself must be safe to run in several processes at once (each caller's service ensures that).
 */
export function createIntervalJob(deps: {
  name: string;
  work: () => Promise<unknown>;
  logger: Logger;
  intervalMs: number;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    /** Runs the work now and then every interval, so a restart never postpones it. */
    start() {
      const tick = () => {
        running ??= deps
          .work()
          .catch((error: unknown) => deps.logger.error({ err: error }, `${deps.name} failed`))
          .finally(() => {
            running = undefined;
          });
      };
      tick();
      timer = setInterval(tick, deps.intervalMs);
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
