import type { Knex } from 'knex';

/**
 * Data protection: how long an archived exercise keeps personal data (months, 1-120, default 24),
 * when it was archived (the clock starts then) and when the retention job applied the period.
 * Indexes support the subject access export's look-ups by person.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exercises', (table) => {
    table.integer('retention_months').notNullable().defaultTo(24);
    table.timestamp('archived_at', { useTz: true });
    table.timestamp('retention_applied_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE exercises ADD CONSTRAINT exercises_retention_range
    CHECK (retention_months BETWEEN 1 AND 120)`);
  // Exercises archived before this column existed: the time the status history says, else the last change.
  await knex.raw(`UPDATE exercises e SET archived_at = coalesce(
      (SELECT max(a.created_at) FROM audit_events a
        WHERE a.record_type = 'exercise' AND a.record_id = e.id::text
          AND a.action = 'exercise.status_changed' AND a.changes -> 'status' ->> 'to' = 'archived'),
      e.updated_at)
    WHERE e.status = 'archived'`);
  await knex.raw(`CREATE INDEX exercises_retention_due_idx ON exercises (archived_at)
    WHERE status = 'archived' AND retention_applied_at IS NULL`);
  await knex.raw('CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id)');
  await knex.raw('CREATE INDEX audit_events_actor_label_idx ON audit_events (lower(actor_label))');
  await knex.raw('CREATE INDEX email_outbox_to_address_idx ON email_outbox (lower(to_address))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX email_outbox_to_address_idx');
  await knex.raw('DROP INDEX audit_events_actor_label_idx');
  await knex.raw('DROP INDEX audit_events_actor_idx');
  // Dropping the columns drops their check constraint and partial index with them.
  await knex.schema.alterTable('exercises', (table) => {
    table.dropColumn('retention_applied_at');
    table.dropColumn('archived_at');
    table.dropColumn('retention_months');
  });
}
