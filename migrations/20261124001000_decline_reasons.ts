import type { Knex } from 'knex';

/** Structured reasons for declining, alongside the free text, so the summary can count them. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('invitations', (table) => {
    table.specificType('declined_reasons', 'text[]').notNullable().defaultTo('{}');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('invitations', (table) => table.dropColumn('declined_reasons'));
}
