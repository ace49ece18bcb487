import type { Knex } from 'knex';

export type AuditEventInput = {
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  recordType?: string;
  recordId?: string;
  changes?: Record<string, unknown>;
  ip?: string | null;
};

export type AuditEvent = AuditEventInput & { id: number; createdAt: Date };

export type AuditFilter = { action?: string; recordType?: string; actor?: string };

export function createAuditRepository(db: Knex) {
  return {
    async insert(event: AuditEventInput, trx: Knex = db): Promise<void> {
      await trx('audit_events').insert({
        actor_user_id: event.actorUserId,
        actor_label: event.actorLabel,
        action: event.action,
        record_type: event.recordType ?? null,
        record_id: event.recordId ?? null,
        changes: JSON.stringify(event.changes ?? {}),
        ip: event.ip ?? null,
      });
    },

    async list(
      filter: AuditFilter,
      limit: number,
      offset: number,
    ): Promise<{ events: AuditEvent[]; total: number }> {
      const query = db('audit_events');
      if (filter.action) query.where('action', filter.action);
      if (filter.recordType) query.where('record_type', filter.recordType);
      if (filter.actor) query.whereILike('actor_label', `%${filter.actor.replace(/[\\%_]/g, '\\$&')}%`);
      const [{ count }] = await query.clone().count<{ count: number }[]>({ count: '*' });
      const rows = await query
        .select('*')
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit)
        .offset(offset);
      return { events: rows.map(toEvent), total: count };
    },

    async listForRecords(records: { type: string; id: string }[], limit: number): Promise<AuditEvent[]> {
      if (records.length === 0) return [];
      const rows = await db<AuditRow>('audit_events')
        .where((query) => {
          for (const record of records) query.orWhere({ record_type: record.type, record_id: record.id });
        })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit);
      return rows.map(toEvent);
    },

    async actions(): Promise<string[]> {
      const rows = await db('audit_events').distinct('action').orderBy('action');
      return rows.map((row: { action: string }) => row.action);
    },
  };
}

type AuditRow = {
  id: number;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  record_type: string | null;
  record_id: string | null;
  changes: Record<string, unknown>;
  ip: string | null;
  created_at: Date;
};

function toEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    action: row.action,
    recordType: row.record_type ?? undefined,
    recordId: row.record_id ?? undefined,
    changes: row.changes,
    ip: row.ip,
    createdAt: row.created_at,
  };
}
