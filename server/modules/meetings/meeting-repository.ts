import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type MeetingStatus = 'proposed' | 'confirmed' | 'held' | 'no_show' | 'cancelled';

export type Meeting = {
  id: string;
  exerciseId: string;
  invitationId: string;
  organisationId: string;
  organisationName: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  room: string | null;
  agenda: string;
  status: MeetingStatus;
  sequence: number;
  providerResponse: 'confirmed' | 'another_time' | null;
  providerMessage: string | null;
  providerRespondedAt: Date | null;
  attended: string | null;
  summary: string | null;
  notesVersion: number;
  version: number;
};

export type MeetingFields = {
  startsAt: Date;
  endsAt: Date;
  place: string;
  room: string | null;
  agenda: string;
  staffUserIds: string[];
  contactIds: string[];
};

/** Every meeting query starts here: the meeting with its provider's organisation. */
export const selectMeetings = (trx: Knex) =>
  trx('meetings as m')
    .join('invitations as i', 'i.id', 'm.invitation_id')
    .join('organisations as o', 'o.id', 'i.organisation_id')
    .select(
      'm.id',
      'm.exercise_id as exerciseId',
      'm.invitation_id as invitationId',
      'i.organisation_id as organisationId',
      'o.name as organisationName',
      'm.starts_at as startsAt',
      'm.ends_at as endsAt',
      'm.place',
      'm.room',
      'm.agenda',
      'm.status',
      'm.sequence',
      'm.provider_response as providerResponse',
      'm.provider_message as providerMessage',
      'm.provider_responded_at as providerRespondedAt',
      'm.attended',
      'm.summary',
      'm.notes_version as notesVersion',
      'm.version',
    );

export function createMeetingRepository(db: Knex) {
  const base = selectMeetings;
  const range = (fields: { startsAt: Date; endsAt: Date }, trx: Knex) =>
    trx.raw('tstzrange(?, ?)', [fields.startsAt.toISOString(), fields.endsAt.toISOString()]);

  async function replaceAttendees(id: string, fields: MeetingFields, trx: Knex) {
    await trx('meeting_attendees').where({ meeting_id: id }).delete();
    await trx('meeting_contacts').where({ meeting_id: id }).delete();
    if (fields.staffUserIds.length)
      await trx('meeting_attendees').insert(
        fields.staffUserIds.map((userId) => ({
          meeting_id: id,
          user_id: userId,
          during: range(fields, trx),
        })),
      );
    if (fields.contactIds.length)
      await trx('meeting_contacts').insert(
        fields.contactIds.map((contactId) => ({ meeting_id: id, contact_id: contactId })),
      );
  }

  return {
    async listForExercise(exerciseId: string): Promise<Meeting[]> {
      return (await base(db).where('m.exercise_id', exerciseId).orderBy('m.starts_at')) as Meeting[];
    },

    async listForOrganisation(organisationId: string): Promise<(Meeting & { exerciseTitle: string })[]> {
      return (await base(db)
        .join('exercises as e', 'e.id', 'm.exercise_id')
        .select('e.title as exerciseTitle')
        .where('i.organisation_id', organisationId)
        .whereNot('i.status', 'withdrawn')
        .orderBy('m.starts_at')) as (Meeting & { exerciseTitle: string })[];
    },

    async find(id: string, trx: Knex = db): Promise<Meeting | undefined> {
      if (!isUuid(id)) return undefined;
      return (await base(trx).where('m.id', id).first()) as Meeting | undefined;
    },

    async staffAttendees(id: string, trx: Knex = db) {
      return trx('meeting_attendees as a')
        .join('users as u', 'u.id', 'a.user_id')
        .where('a.meeting_id', id)
        .orderBy('u.name')
        .select<{ userId: string; name: string; email: string }[]>('u.id as userId', 'u.name', 'u.email');
    },

    async contacts(id: string, trx: Knex = db) {
      return trx('meeting_contacts as mc')
        .join('contacts as c', 'c.id', 'mc.contact_id')
        .where('mc.meeting_id', id)
        .orderBy('c.name')
        .select<{ contactId: string; name: string; email: string }[]>(
          'c.id as contactId',
          'c.name',
          'c.email',
        );
    },

    async insert(
      row: {
        exerciseId: string;
        invitationId: string;
        createdBy: string;
        slotId?: string;
        status?: MeetingStatus;
        providerResponse?: 'confirmed';
      },
      fields: MeetingFields,
      trx: Knex,
    ) {
      const [{ id }] = await trx('meetings')
        .insert({
          exercise_id: row.exerciseId,
          invitation_id: row.invitationId,
          created_by: row.createdBy,
          slot_id: row.slotId ?? null,
          status: row.status ?? 'proposed',
          provider_response: row.providerResponse ?? null,
          provider_responded_at: row.providerResponse ? trx.fn.now() : null,
          starts_at: fields.startsAt,
          ends_at: fields.endsAt,
          place: fields.place,
          room: fields.room,
          agenda: fields.agenda,
        })
        .returning<{ id: string }[]>('id');
      await replaceAttendees(id, fields, trx);
      return id;
    },

    /** A reschedule: the provider must answer again, calendars get a higher SEQUENCE. */
    async reschedule(id: string, version: number, fields: MeetingFields, trx: Knex): Promise<boolean> {
      const updated = await trx('meetings')
        .where({ id, version })
        .update({
          starts_at: fields.startsAt,
          ends_at: fields.endsAt,
          place: fields.place,
          room: fields.room,
          agenda: fields.agenda,
          status: 'proposed',
          provider_response: null,
          provider_message: null,
          provider_responded_at: null,
          reminded_at: null,
          sequence: trx.raw('sequence + 1'),
          version: trx.raw('version + 1'),
        });
      if (updated !== 1) return false;
      await replaceAttendees(id, fields, trx);
      return true;
    },

    async update(id: string, version: number, changes: Record<string, unknown>, trx: Knex): Promise<boolean> {
      const updated = await trx('meetings')
        .where({ id, version })
        .update({ ...changes, version: trx.raw('version + 1') });
      return updated === 1;
    },

    /** A cancelled meeting no longer holds its attendees' time. */
    async releaseAttendees(id: string, trx: Knex) {
      await trx('meeting_attendees').where({ meeting_id: id }).update({ active: false });
    },
  };
}

export type MeetingRepository = ReturnType<typeof createMeetingRepository>;
