import type { Knex } from 'knex';
import type { createAuditRepository, AuditEventInput, AuditFilter } from './audit-repository';

/** Who is acting and from where; every service call that changes data takes one. */
export type Actor = { userId: string | null; label: string; ip: string | null };

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system', ip: null };

export function createAuditService(repository: ReturnType<typeof createAuditRepository>) {
  return {
    record(
      actor: Actor,
      event: Omit<AuditEventInput, 'actorUserId' | 'actorLabel' | 'ip'>,
      trx?: Knex,
    ): Promise<void> {
      return repository.insert(
        { ...event, actorUserId: actor.userId, actorLabel: actor.label, ip: actor.ip },
        trx,
      );
    },
    list(filter: AuditFilter, page: number, pageSize = 50) {
      return repository.list(filter, pageSize, (page - 1) * pageSize);
    },
    actions: () => repository.actions(),
    /** The history shown on a record's own page: its events, newest first. */
    listForRecord: (type: string, id: string, limit = 100) =>
      repository.listForRecords([{ type, id }], limit),
    listForRecords: (records: { type: string; id: string }[], limit = 100) =>
      repository.listForRecords(records, limit),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

/** The old -> new pairs for the fields that actually changed. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    if (before[key] !== value) changes[key] = { from: before[key], to: value };
  }
  return changes;
}
