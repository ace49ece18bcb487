import type { Knex } from 'knex';

/**
 * Provider registry support: parsed CSV imports waiting for confirmation, and creation keys
 * that make a double-submitted "add" form create one record, not two.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('provider_imports', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    table.text('file_name').notNullable();
    table.text('file_sha256').notNullable();
    table.jsonb('rows').notNullable();
    table.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'applied']);
    table.jsonb('summary');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('applied_at', { useTz: true });
    table.index(['user_id', 'created_at']);
  });
  await knex.schema.alterTable('organisations', (table) => {
    table.uuid('creation_key').unique();
  });
  await knex.schema.alterTable('contacts', (table) => {
    table.uuid('creation_key').unique();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (table) => table.dropColumn('creation_key'));
  await knex.schema.alterTable('organisations', (table) => table.dropColumn('creation_key'));
  await knex.schema.dropTable('provider_imports');
}
