import type { Knex } from 'knex';

const timestamps = (knex: Knex, table: Knex.CreateTableBuilder) => {
  table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organisations', (table) => {
    table.text('registration_number');
    table.text('normalised_name').notNullable().defaultTo('');
    table.text('website');
    table.text('address_line_1');
    table.text('address_line_2');
    table.text('town');
    table.text('postcode');
    table.text('notes');
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw(
    'CREATE UNIQUE INDEX organisations_registration_number_unique ON organisations (registration_number) WHERE registration_number IS NOT NULL',
  );
  await knex.raw('CREATE INDEX organisations_lower_name_idx ON organisations (lower(name))');
  await knex.raw('CREATE INDEX organisations_normalised_name_idx ON organisations (normalised_name)');
  await knex.raw('CREATE INDEX organisations_filters_idx ON organisations (sector, reach, size)');

  await knex.schema.createTable('contacts', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('organisation_id').notNullable().references('organisations.id').onDelete('CASCADE');
    table.text('name').notNullable();
    table.text('job_role');
    table.text('email').notNullable();
    table.text('phone');
    table.uuid('user_id').references('users.id').onDelete('SET NULL');
    table.integer('version').notNullable().defaultTo(1);
    timestamps(knex, table);
    table.index(['organisation_id']);
  });
  await knex.raw('CREATE UNIQUE INDEX contacts_email_unique ON contacts (lower(email))');

  await knex.schema.createTable('exercises', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('reference').notNullable();
    table.text('title').notNullable();
    table.text('purpose').notNullable().defaultTo('');
    table.text('process_description').notNullable().defaultTo('');
    table.text('contact_name').notNullable().defaultTo('');
    table.text('contact_email').notNullable().defaultTo('');
    table
      .text('status')
      .notNullable()
      .defaultTo('draft')
      .checkIn(['draft', 'open', 'closed', 'archived'], 'exercises_status_check');
    table.timestamp('opens_at', { useTz: true });
    table.timestamp('questions_close_at', { useTz: true });
    table.timestamp('responses_close_at', { useTz: true });
    table.date('meetings_from');
    table.date('meetings_to');
    table.uuid('owner_user_id').notNullable().references('users.id');
    table.decimal('interest_weight', 6, 3).notNullable().defaultTo(3);
    table.decimal('meeting_weight', 4, 3).notNullable().defaultTo(0.4);
    table.decimal('interest_threshold', 5, 2).notNullable().defaultTo(50);
    table.integer('depth_strong').notNullable().defaultTo(5);
    table.integer('depth_moderate').notNullable().defaultTo(2);
    table.integer('version').notNullable().defaultTo(1);
    timestamps(knex, table);
    table.index(['status']);
    table.index(['owner_user_id']);
  });
  await knex.raw('CREATE UNIQUE INDEX exercises_reference_unique ON exercises (lower(reference))');
  await knex.raw(`ALTER TABLE exercises ADD CONSTRAINT exercises_open_has_deadline
    CHECK (status IN ('draft', 'archived') OR responses_close_at IS NOT NULL)`);
  await knex.raw(`ALTER TABLE exercises ADD CONSTRAINT exercises_scoring_ranges CHECK (
    interest_weight >= 0 AND meeting_weight BETWEEN 0 AND 1 AND interest_threshold BETWEEN 0 AND 100
    AND depth_moderate >= 2 AND depth_strong > depth_moderate)`);

  await knex.schema.createTable('engagement_events', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('exercise_id').notNullable().references('exercises.id').onDelete('CASCADE');
    table.text('title').notNullable();
    table.date('event_date').notNullable();
    table.text('place').notNullable();
    table.text('details').notNullable().defaultTo('');
    timestamps(knex, table);
    table.index(['exercise_id', 'event_date']);
  });

  await knex.schema.createTable('service_areas', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('exercise_id').notNullable().references('exercises.id').onDelete('CASCADE');
    table.uuid('parent_id').references('service_areas.id').onDelete('CASCADE');
    table.text('name').notNullable();
    table.text('description').notNullable().defaultTo('');
    table.integer('position').notNullable();
    table.text('status').notNullable().defaultTo('active').checkIn(['active', 'archived']);
    table.integer('version').notNullable().defaultTo(1);
    timestamps(knex, table);
    table.index(['exercise_id', 'parent_id', 'position']);
  });
  await knex.raw(
    'CREATE UNIQUE INDEX service_areas_name_unique ON service_areas (exercise_id, coalesce(parent_id, exercise_id), lower(name))',
  );

  await knex.schema.createTable('scope_changes', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('exercise_id').notNullable().references('exercises.id').onDelete('CASCADE');
    table.uuid('service_area_id').notNullable().references('service_areas.id').onDelete('CASCADE');
    table.text('reason').notNullable();
    table.uuid('changed_by').notNullable().references('users.id');
    table.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['exercise_id']);
  });

  await knex.schema.createTable('conflict_declarations', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('exercise_id').notNullable().references('exercises.id').onDelete('CASCADE');
    table.uuid('user_id').notNullable().references('users.id');
    table.uuid('organisation_id').references('organisations.id').onDelete('CASCADE');
    table.text('description');
    table.timestamp('declared_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['exercise_id']);
  });
  await knex.raw(
    `ALTER TABLE conflict_declarations ADD CONSTRAINT conflict_declarations_shape
       CHECK ((organisation_id IS NULL) = (description IS NULL))`,
  );
  await knex.raw(
    'CREATE UNIQUE INDEX conflict_declarations_one_per_provider ON conflict_declarations (exercise_id, user_id, coalesce(organisation_id, user_id))',
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'conflict_declarations',
    'scope_changes',
    'service_areas',
    'engagement_events',
    'exercises',
    'contacts',
  ]) {
    await knex.schema.dropTable(table);
  }
  await knex.schema.alterTable('organisations', (table) => {
    for (const column of [
      'registration_number',
      'normalised_name',
      'website',
      'address_line_1',
      'address_line_2',
      'town',
      'postcode',
      'notes',
      'version',
    ]) {
      table.dropColumn(column);
    }
  });
}
