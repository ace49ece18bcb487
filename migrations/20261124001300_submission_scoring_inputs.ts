import type { Knex } from 'knex';

/**
 * What scoring needs from a submission (interest, reasons, per-area choices and weighted score
 * sums per area), worked out once: a submission and its questionnaire version never change, so
 * the summary reads a few kilobytes per provider instead of every answer.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('response_submissions', (table) => {
    table.jsonb('scoring_inputs');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('response_submissions', (table) => {
    table.dropColumn('scoring_inputs');
  });
}
