import type { Knex } from 'knex';

/**
 * Scoring inputs are written once and always read whole, never queried inside: as json (the text
 * as written) PostgreSQL sends them as they are, where jsonb is turned back into text on every
 * read. The per-area choices, which only some pages read, get a column of their own instead of
 * being cut out of every row as it is read. The inputs stored so far are dropped: the next
 * summary works them out again from the submitted answers.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `ALTER TABLE response_submissions
       ALTER COLUMN scoring_inputs TYPE json USING NULL,
       ADD COLUMN scoring_choices json`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    `ALTER TABLE response_submissions
       DROP COLUMN scoring_choices,
       ALTER COLUMN scoring_inputs TYPE jsonb USING NULL`,
  );
}
