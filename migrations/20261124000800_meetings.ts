import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // btree_gist lets one exclusion constraint compare a uuid (=) and a time range (&&).
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');
  // A slot menu: the same times offered to every invited provider (equal treatment).
  await knex.schema.createTable('meeting_slots', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('exercise_id').notNullable().references('exercises.id').onDelete('CASCADE');
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).notNullable();
    table.text('place').notNullable();
    table.specificType('staff_user_ids', 'uuid[]').notNullable();
    table.uuid('created_by').references('users.id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['exercise_id', 'starts_at']);
  });
  await knex.schema.createTable('meetings', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('exercise_id').notNullable().references('exercises.id').onDelete('CASCADE');
    table.uuid('invitation_id').notNullable().references('invitations.id').onDelete('CASCADE');
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).notNullable();
    table.text('place').notNullable();
    // Optional: a named room is refused when already booked, like a person.
    table.text('room');
    table.text('agenda').notNullable().defaultTo('');
    table
      .text('status')
      .notNullable()
      .defaultTo('proposed')
      .checkIn(['proposed', 'confirmed', 'held', 'no_show', 'cancelled'], 'meetings_status_check');
    // Calendar clients apply an update only when SEQUENCE grows.
    table.integer('sequence').notNullable().defaultTo(0);
    table.text('provider_response').checkIn(['confirmed', 'another_time'], 'meetings_response_check');
    table.text('provider_message');
    table.timestamp('provider_responded_at', { useTz: true });
    table.text('attended');
    table.text('summary');
    table.integer('notes_version').notNullable().defaultTo(1);
    // Set when the day-before reminder was queued; a reschedule clears it.
    table.timestamp('reminded_at', { useTz: true });
    table.uuid('slot_id').references('meeting_slots.id').onDelete('SET NULL');
    table.uuid('created_by').references('users.id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.integer('version').notNullable().defaultTo(1);
    table.index(['exercise_id', 'starts_at']);
    table.index(['invitation_id']);
  });
  await knex.raw('ALTER TABLE meetings ADD CONSTRAINT meetings_end_after_start CHECK (ends_at > starts_at)');
  await knex.raw(`ALTER TABLE meetings ADD CONSTRAINT meetings_no_room_double_booking
    EXCLUDE USING gist (lower(room) WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (room IS NOT NULL AND status <> 'cancelled')`);
  // A slot taken is gone: two simultaneous picks of one slot cannot both commit.
  await knex.raw(
    `CREATE UNIQUE INDEX meetings_slot_taken ON meetings (slot_id) WHERE slot_id IS NOT NULL AND status <> 'cancelled'`,
  );
  // Each provider picks one slot from the menu.
  await knex.raw(`CREATE UNIQUE INDEX meetings_one_slot_per_invitation ON meetings (invitation_id)
    WHERE slot_id IS NOT NULL AND status <> 'cancelled'`);
  await knex.schema.createTable('meeting_attendees', (table) => {
    table.uuid('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    table.uuid('user_id').notNullable().references('users.id');
    table.specificType('during', 'tstzrange').notNullable();
    table.boolean('active').notNullable().defaultTo(true);
    table.primary(['meeting_id', 'user_id']);
  });
  // The database, not only the code, refuses a staff member in two live meetings at once.
  await knex.raw(`ALTER TABLE meeting_attendees ADD CONSTRAINT meeting_attendees_no_double_booking
    EXCLUDE USING gist (user_id WITH =, during WITH &&) WHERE (active)`);
  await knex.schema.createTable('meeting_contacts', (table) => {
    table.uuid('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    table.uuid('contact_id').notNullable().references('contacts.id').onDelete('CASCADE');
    table.primary(['meeting_id', 'contact_id']);
  });
  await knex.schema.createTable('meeting_observations', (table) => {
    table.uuid('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    table.uuid('service_area_id').notNullable().references('service_areas.id').onDelete('CASCADE');
    table.integer('rating').checkBetween([0, 4], 'meeting_observations_rating_check');
    table.text('delivery_models').notNullable().defaultTo('');
    table.text('capacity').notNullable().defaultTo('');
    table.text('concerns').notNullable().defaultTo('');
    table.text('notes').notNullable().defaultTo('');
    table.primary(['meeting_id', 'service_area_id']);
  });
  await knex.schema.createTable('meeting_actions', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    table.text('description').notNullable();
    table.text('owner').notNullable();
    table.date('due_on');
    table.boolean('done').notNullable().defaultTo(false);
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('meeting_actions');
  await knex.schema.dropTable('meeting_observations');
  await knex.schema.dropTable('meeting_contacts');
  await knex.schema.dropTable('meeting_attendees');
  await knex.schema.dropTable('meetings');
  await knex.schema.dropTable('meeting_slots');
}
