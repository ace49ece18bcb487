import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('clarifications', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('exercise_id').notNullable().references('exercises.id').onDelete('CASCADE');
    table.uuid('organisation_id').references('organisations.id').onDelete('SET NULL');
    table.uuid('asked_by').references('users.id');
    table.text('question').notNullable();
    table.timestamp('asked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.text('published_question');
    table.text('answer');
    table.text('visibility').checkIn(['all', 'private'], 'clarifications_visibility_check');
    table.uuid('answered_by').references('users.id');
    table.timestamp('answered_at', { useTz: true });
    table.integer('version').notNullable().defaultTo(1);
    table.index(['exercise_id', 'asked_at']);
  });
  await knex.raw(`ALTER TABLE clarifications ADD CONSTRAINT clarifications_answer_shape
    CHECK ((answer IS NULL) = (visibility IS NULL) AND (answer IS NULL) = (answered_at IS NULL))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('clarifications');
}
