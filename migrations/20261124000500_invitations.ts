import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exercises', (table) => {
    table.integer('reminder_days_before').notNullable().defaultTo(3);
  });

  await knex.schema.createTable('invitations', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('exercise_id').notNullable().references('exercises.id').onDelete('CASCADE');
    table.uuid('organisation_id').notNullable().references('organisations.id').onDelete('CASCADE');
    table
      .text('status')
      .notNullable()
      .defaultTo('invited')
      .checkIn(
        ['invited', 'opened', 'in_progress', 'submitted', 'declined', 'withdrawn'],
        'invitations_status_check',
      );
    table.timestamp('deadline_extended_to', { useTz: true });
    table.text('extension_reason');
    table.text('declined_reason');
    table.uuid('invited_by').notNullable().references('users.id');
    table.timestamp('invited_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('last_activity_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.integer('version').notNullable().defaultTo(1);
    table.unique(['exercise_id', 'organisation_id']);
    table.index(['organisation_id']);
  });

  await knex.schema.createTable('invitation_contacts', (table) => {
    table.uuid('invitation_id').notNullable().references('invitations.id').onDelete('CASCADE');
    table.uuid('contact_id').notNullable().references('contacts.id').onDelete('CASCADE');
    table.primary(['invitation_id', 'contact_id']);
  });

  await knex.schema.createTable('invitation_reminders', (table) => {
    table.bigIncrements('id');
    table.uuid('invitation_id').notNullable().references('invitations.id').onDelete('CASCADE');
    table.text('kind').notNullable().checkIn(['manual', 'automatic']);
    table.uuid('sent_by').references('users.id');
    table.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['invitation_id']);
  });
  // One automatic reminder per invitation: two workers racing cannot both send it.
  await knex.raw(
    `CREATE UNIQUE INDEX invitation_reminders_one_automatic ON invitation_reminders (invitation_id) WHERE kind = 'automatic'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invitation_reminders');
  await knex.schema.dropTable('invitation_contacts');
  await knex.schema.dropTable('invitations');
  await knex.schema.alterTable('exercises', (table) => table.dropColumn('reminder_days_before'));
}
