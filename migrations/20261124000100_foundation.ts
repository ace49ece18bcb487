import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisations', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('name').notNullable();
    table
      .text('sector')
      .notNullable()
      .checkIn(['public', 'private', 'voluntary'], 'organisations_sector_check');
    table.text('reach').notNullable().checkIn(['local', 'regional', 'national'], 'organisations_reach_check');
    table.text('size').notNullable().checkIn(['micro', 'sme', 'large'], 'organisations_size_check');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('users', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('email').notNullable();
    table.text('name').notNullable();
    table.text('role').notNullable().checkIn(['admin', 'staff', 'viewer', 'provider'], 'users_role_check');
    table.uuid('organisation_id').references('organisations.id').onDelete('RESTRICT');
    table.text('password_hash');
    table.text('status').notNullable().defaultTo('invited').checkIn(['invited', 'active', 'disabled']);
    table.integer('failed_sign_ins').notNullable().defaultTo(0);
    table.timestamp('locked_until', { useTz: true });
    table.timestamp('last_signed_in_at', { useTz: true });
    table.integer('version').notNullable().defaultTo(1);
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE UNIQUE INDEX users_email_unique ON users (lower(email))');
  await knex.raw(
    `ALTER TABLE users ADD CONSTRAINT users_provider_has_organisation
       CHECK ((role = 'provider') = (organisation_id IS NOT NULL))`,
  );

  await knex.schema.createTable('user_tokens', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    table.text('purpose').notNullable().checkIn(['invitation', 'password_reset']);
    table.text('token_hash').notNullable().unique();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['user_id', 'purpose']);
  });

  // The schema connect-pg-simple expects (its table.sql), owned by our migrations.
  await knex.raw(`
    CREATE TABLE session (
      sid varchar NOT NULL COLLATE "default" PRIMARY KEY,
      sess json NOT NULL,
      expire timestamp(6) NOT NULL
    )`);
  await knex.raw('CREATE INDEX session_expire_idx ON session (expire)');
  await knex.raw(`CREATE INDEX session_user_idx ON session ((sess -> 'passport' ->> 'user'))`);

  await knex.schema.createTable('email_outbox', (table) => {
    table.bigIncrements('id');
    table.text('to_address').notNullable();
    table.text('subject').notNullable();
    table.text('text_body').notNullable();
    table.text('html_body').notNullable();
    table.jsonb('attachments').notNullable().defaultTo('[]');
    table.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'sending', 'sent', 'failed']);
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.text('last_error');
    table.text('message_id');
    table.timestamp('sent_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status IN ('pending', 'sending')`,
  );

  await knex.schema.createTable('audit_events', (table) => {
    table.bigIncrements('id');
    table.uuid('actor_user_id');
    table.text('actor_label').notNullable();
    table.text('action').notNullable();
    table.text('record_type');
    table.text('record_id');
    table.jsonb('changes').notNullable().defaultTo('{}');
    table.text('ip');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['record_type', 'record_id']);
    table.index(['created_at']);
  });
  // Append-only: the application role may insert and read audit events, never rewrite them.
  await knex.raw(`
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only';
    END $$`);
  await knex.raw(`
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_events');
  await knex.raw('DROP FUNCTION audit_events_append_only');
  await knex.schema.dropTable('email_outbox');
  await knex.raw('DROP TABLE session');
  await knex.schema.dropTable('user_tokens');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('organisations');
}
