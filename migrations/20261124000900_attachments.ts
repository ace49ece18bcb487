import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachments', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('response_id').notNullable().references('responses.id').onDelete('CASCADE');
    table.uuid('question_id').notNullable();
    table.uuid('area_id');
    table.text('original_name').notNullable();
    table.text('stored_name').notNullable().unique();
    table.text('file_type').notNullable();
    table.bigInteger('size_bytes').notNullable();
    table.text('sha256').notNullable();
    table.uuid('uploaded_by').references('users.id');
    table.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['response_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attachments');
}
