import type { Knex } from 'knex';
import type { OutboxRepository, QueuedEmail } from './outbox-repository';
import { renderEmail, type EmailContent } from './email-layout';

export function createMailService(outbox: OutboxRepository, options: { orgName: string }) {
  return {
    /** Queue inside the caller's transaction: the email exists if and only if the change commits. */
    queue(trx: Knex, to: string, content: EmailContent): Promise<void> {
      const email: QueuedEmail = { to, ...renderEmail(content, options.orgName) };
      return outbox.insert(email, trx);
    },
    list: (page: number, pageSize = 50) => outbox.list(pageSize, (page - 1) * pageSize),
    find: (id: number) => outbox.find(id),
  };
}

export type MailService = ReturnType<typeof createMailService>;
