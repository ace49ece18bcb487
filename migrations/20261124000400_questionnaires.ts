import type { Knex } from 'knex';

export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'number',
  'currency',
  'date',
  'single_choice',
  'multiple_choice',
  'yes_no',
  'scale',
  'file_upload',
  'interest_matrix',
  'not_interested_reasons',
];

const timestamps = (knex: Knex, table: Knex.CreateTableBuilder) => {
  table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
};

/**
 * The tables hold the working copy of each exercise's questionnaire; publishing freezes it into
 * an immutable snapshot in questionnaire_versions. Question ids are stable across versions, so
 * answers keyed by them survive a new version.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('questionnaires', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('exercise_id').notNullable().unique().references('exercises.id').onDelete('CASCADE');
    table.integer('version').notNullable().defaultTo(1);
    table.integer('published_version');
    table.boolean('has_unpublished_changes').notNullable().defaultTo(true);
    timestamps(knex, table);
  });

  await knex.schema.createTable('questionnaire_sections', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('questionnaire_id').notNullable().references('questionnaires.id').onDelete('CASCADE');
    table.text('title').notNullable();
    table.text('description').notNullable().defaultTo('');
    table.integer('position').notNullable();
    // A section whose published questions were removed stays (archived) so they keep a home.
    table.boolean('archived').notNullable().defaultTo(false);
    table.integer('version').notNullable().defaultTo(1);
    timestamps(knex, table);
    table.index(['questionnaire_id', 'position']);
  });

  await knex.schema.createTable('questions', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('questionnaire_id').notNullable().references('questionnaires.id').onDelete('CASCADE');
    table.uuid('section_id').notNullable().references('questionnaire_sections.id').onDelete('CASCADE');
    table.integer('position').notNullable();
    table.text('type').notNullable().checkIn(QUESTION_TYPES, 'questions_type_check');
    table.text('label').notNullable();
    table.text('help_text').notNullable().defaultTo('');
    table.boolean('required').notNullable().defaultTo(false);
    table.boolean('per_area').notNullable().defaultTo(false);
    table.integer('word_limit');
    table.jsonb('options').notNullable().defaultTo('[]');
    table.integer('scale_min');
    table.integer('scale_max');
    table.text('scale_min_label');
    table.text('scale_max_label');
    table.specificType('allowed_file_types', 'text[]');
    table.integer('max_file_mb');
    table.decimal('weight', 6, 3).notNullable().defaultTo(0);
    table.jsonb('shown_when');
    table.boolean('archived').notNullable().defaultTo(false);
    // Once in a published version a question may have answers: it is archived, never deleted.
    table.boolean('was_published').notNullable().defaultTo(false);
    table.integer('version').notNullable().defaultTo(1);
    timestamps(knex, table);
    table.index(['questionnaire_id', 'section_id', 'position']);
  });
  await knex.raw(`ALTER TABLE questions ADD CONSTRAINT questions_settings_check CHECK (
    weight >= 0 AND (word_limit IS NULL OR word_limit > 0)
    AND (scale_min IS NULL OR scale_max IS NULL OR scale_min < scale_max)
    AND (max_file_mb IS NULL OR max_file_mb > 0))`);
  await knex.raw(
    `CREATE UNIQUE INDEX questions_one_interest_matrix ON questions (questionnaire_id)
       WHERE type = 'interest_matrix' AND NOT archived`,
  );

  await knex.schema.createTable('questionnaire_versions', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('questionnaire_id').notNullable().references('questionnaires.id').onDelete('CASCADE');
    table.integer('number').notNullable();
    table.jsonb('snapshot').notNullable();
    table.jsonb('change_summary').notNullable();
    table.uuid('published_by').notNullable().references('users.id');
    table.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.unique(['questionnaire_id', 'number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['questionnaire_versions', 'questions', 'questionnaire_sections', 'questionnaires']) {
    await knex.schema.dropTable(table);
  }
}
