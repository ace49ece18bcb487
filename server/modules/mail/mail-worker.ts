import type { MailTransport } from '../../lib/mail-transport';
import type { Logger } from '../../lib/logger';
import type { OutboxRepository } from './outbox-repository';

const MAX_ATTEMPTS = 12;
const LEASE_SECONDS = 120;
const BATCH_SIZE = 20;

/** Exponential backoff: 10 s, 20 s, 40 s ... capped at one hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(10 * 2 ** (attempts - 1), 3600);
}

export function createMailWorker(deps: {
  outbox: OutboxRepository;
  transport: MailTransport;
  from: string;
  pollMs: number;
  logger: Logger;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  async function deliver(): Promise<number> {
    const batch = await deps.outbox.claimDue(BATCH_SIZE, LEASE_SECONDS);
    for (const email of batch) {
      try {
        const { messageId } = await deps.transport.send({ from: deps.from, ...email });
        await deps.outbox.markSent(email.id, messageId);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retry = email.attempts >= MAX_ATTEMPTS ? null : retryDelaySeconds(email.attempts);
        await deps.outbox.markFailed(email.id, message.slice(0, 500), retry);
        deps.logger.warn(
          { emailId: email.id, attempts: email.attempts, err: message },
          'email delivery failed',
        );
      }
    }
    return batch.length;
  }

  /** Runs one pass; concurrent callers share the pass in flight. */
  function drainOnce(): Promise<number> {
    running ??= deliver().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      drainOnce()
        .catch((error: unknown) => deps.logger.error({ err: error }, 'mail worker pass failed'))
        .finally(schedule);
    }, deps.pollMs);
  }

  return {
    drainOnce,
    start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

export type MailWorker = ReturnType<typeof createMailWorker>;
