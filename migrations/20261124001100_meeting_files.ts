import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('meeting_files', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    table.text('original_name').notNullable();
    table.text('stored_name').notNullable().unique();
    table.text('file_type').notNullable();
    table.bigInteger('size_bytes').notNullable();
    table.text('sha256').notNullable();
    table.uuid('uploaded_by').references('users.id');
    table.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['meeting_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('meeting_files');
}
