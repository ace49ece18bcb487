import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('responses', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('invitation_id').notNullable().unique().references('invitations.id').onDelete('CASCADE');
    table
      .text('status')
      .notNullable()
      .defaultTo('draft')
      .checkIn(['draft', 'submitted'], 'responses_status_check');
    table.integer('questionnaire_version').notNullable();
    table.timestamp('submitted_at', { useTz: true });
    table.integer('submission_count').notNullable().defaultTo(0);
    table.integer('version').notNullable().defaultTo(1);
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('answers', (table) => {
    table.bigIncrements('id');
    table.uuid('response_id').notNullable().references('responses.id').onDelete('CASCADE');
    // Stable question ids survive questionnaire versions; area_id is set for per-area answers.
    table.uuid('question_id').notNullable();
    table.uuid('area_id');
    table.jsonb('value').notNullable();
    table.uuid('updated_by').references('users.id');
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `CREATE UNIQUE INDEX answers_one_per_question ON answers (response_id, question_id, coalesce(area_id, '00000000-0000-0000-0000-000000000000'))`,
  );

  await knex.schema.createTable('section_progress', (table) => {
    table.uuid('response_id').notNullable().references('responses.id').onDelete('CASCADE');
    table.uuid('section_id').notNullable();
    table.text('status').notNullable().checkIn(['in_progress', 'completed']);
    table.integer('version').notNullable().defaultTo(1);
    table.uuid('updated_by').references('users.id');
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['response_id', 'section_id']);
  });

  await knex.schema.createTable('answer_history', (table) => {
    table.bigIncrements('id');
    table.uuid('response_id').notNullable().references('responses.id').onDelete('CASCADE');
    table.uuid('question_id').notNullable();
    table.uuid('area_id');
    table.jsonb('old_value');
    table.jsonb('new_value');
    table.uuid('changed_by').references('users.id');
    table.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['response_id', 'changed_at']);
  });

  await knex.schema.createTable('response_submissions', (table) => {
    table.bigIncrements('id');
    table.uuid('response_id').notNullable().references('responses.id').onDelete('CASCADE');
    table.integer('number').notNullable();
    table.integer('questionnaire_version').notNullable();
    table.jsonb('answers').notNullable();
    table.uuid('submitted_by').references('users.id');
    table.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.unique(['response_id', 'number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'response_submissions',
    'answer_history',
    'section_progress',
    'answers',
    'responses',
  ]) {
    await knex.schema.dropTable(table);
  }
}
