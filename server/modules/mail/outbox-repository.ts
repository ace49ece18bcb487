import type { Knex } from 'knex';

export type QueuedEmail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: string; contentType: string }[];
};

export type OutboxEntry = QueuedEmail & {
  id: number;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

type OutboxRow = {
  id: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: QueuedEmail['attachments'];
  status: OutboxEntry['status'];
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
  sent_at: Date | null;
};

const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  to: row.to_address,
  subject: row.subject,
  text: row.text_body,
  html: row.html_body,
  attachments: row.attachments ?? [],
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

export function createOutboxRepository(db: Knex) {
  return {
    async insert(email: QueuedEmail, trx: Knex): Promise<void> {
      await trx('email_outbox').insert({
        to_address: email.to,
        subject: email.subject,
        text_body: email.text,
        html_body: email.html,
        attachments: JSON.stringify(email.attachments ?? []),
      });
    },

    /**
     * Claims due messages for this worker. SKIP LOCKED lets several processes drain the outbox
     * without taking the same row; the lease (next_attempt_at) hands a row to another worker
     * only if this one dies mid-send.
     */
    async claimDue(limit: number, leaseSeconds: number): Promise<OutboxEntry[]> {
      return db.transaction(async (trx) => {
        const due = trx('email_outbox')
          .select('id')
          .whereIn('status', ['pending', 'sending'])
          .where('next_attempt_at', '<=', trx.fn.now())
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked();
        const rows = await trx<OutboxRow>('email_outbox')
          .whereIn('id', due)
          .update({
            status: 'sending',
            attempts: trx.raw('attempts + 1'),
            next_attempt_at: trx.raw(`now() + make_interval(secs => ?)`, [leaseSeconds]),
          })
          .returning('*');
        return rows.map(toEntry);
      });
    },

    async markSent(id: number, messageId: string): Promise<void> {
      await db('email_outbox')
        .where({ id })
        .update({ status: 'sent', sent_at: db.fn.now(), message_id: messageId, last_error: null });
    },

    async markFailed(id: number, error: string, retryInSeconds: number | null): Promise<void> {
      await db('email_outbox')
        .where({ id })
        .update(
          retryInSeconds === null
            ? { status: 'failed', last_error: error }
            : {
                status: 'pending',
                last_error: error,
                next_attempt_at: db.raw(`now() + make_interval(secs => ?)`, [retryInSeconds]),
              },
        );
    },

    async list(limit: number, offset: number): Promise<{ entries: OutboxEntry[]; total: number }> {
      const [{ count }] = await db('email_outbox').count<{ count: number }[]>({ count: '*' });
      const rows = await db<OutboxRow>('email_outbox').orderBy('id', 'desc').limit(limit).offset(offset);
      return { entries: rows.map(toEntry), total: count };
    },

    async find(id: number): Promise<OutboxEntry | undefined> {
      const row = await db<OutboxRow>('email_outbox').where({ id }).first();
      return row && toEntry(row);
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
