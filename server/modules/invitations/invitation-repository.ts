import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type InvitationStatus = 'invited' | 'opened' | 'in_progress' | 'submitted' | 'declined' | 'withdrawn';
export const INVITATION_STATUSES: InvitationStatus[] = [
  'invited',
  'opened',
  'in_progress',
  'submitted',
  'declined',
  'withdrawn',
];

export type Invitation = {
  id: string;
  exerciseId: string;
  organisationId: string;
  organisationName: string;
  sector: string;
  reach: string;
  size: string;
  status: InvitationStatus;
  deadlineExtendedTo: Date | null;
  extensionReason: string | null;
  declinedReason: string | null;
  declinedReasons: string[];
  invitedAt: Date;
  lastActivityAt: Date;
  reminderCount: number;
  lastReminderAt: Date | null;
  version: number;
};

export type InvitedContact = {
  invitationId: string;
  contactId: string;
  name: string;
  email: string;
  userId: string | null;
};

export function createInvitationRepository(db: Knex) {
  const base = (trx: Knex) =>
    trx('invitations as i')
      .join('organisations as o', 'o.id', 'i.organisation_id')
      .select(
        'i.id',
        'i.exercise_id as exerciseId',
        'i.organisation_id as organisationId',
        'o.name as organisationName',
        'o.sector',
        'o.reach',
        'o.size',
        'i.status',
        'i.deadline_extended_to as deadlineExtendedTo',
        'i.extension_reason as extensionReason',
        'i.declined_reason as declinedReason',
        'i.declined_reasons as declinedReasons',
        'i.invited_at as invitedAt',
        'i.last_activity_at as lastActivityAt',
        'i.version',
        trx.raw(
          '(SELECT count(*)::int FROM invitation_reminders r WHERE r.invitation_id = i.id) as "reminderCount"',
        ),
        trx.raw(
          '(SELECT max(sent_at) FROM invitation_reminders r WHERE r.invitation_id = i.id) as "lastReminderAt"',
        ),
      );

  return {
    async list(exerciseId: string, status?: InvitationStatus): Promise<Invitation[]> {
      const query = base(db).where('i.exercise_id', exerciseId).orderByRaw('lower(o.name)');
      if (status) query.where('i.status', status);
      return (await query) as Invitation[];
    },

    async counts(exerciseId: string): Promise<Record<InvitationStatus, number>> {
      const rows = await db('invitations')
        .where({ exercise_id: exerciseId })
        .groupBy('status')
        .select('status')
        .count<{ status: InvitationStatus; count: number }[]>({ count: '*' });
      const counts = Object.fromEntries(INVITATION_STATUSES.map((status) => [status, 0])) as Record<
        InvitationStatus,
        number
      >;
      for (const row of rows) counts[row.status] = row.count;
      return counts;
    },

    async find(exerciseId: string, id: string, trx: Knex = db): Promise<Invitation | undefined> {
      if (!isUuid(id)) return undefined;
      return (await base(trx).where({ 'i.exercise_id': exerciseId, 'i.id': id }).first()) as
        Invitation | undefined;
    },

    async findForOrganisation(
      exerciseId: string,
      organisationId: string,
      trx: Knex = db,
    ): Promise<Invitation | undefined> {
      if (!isUuid(exerciseId)) return undefined;
      return (await base(trx)
        .where({ 'i.exercise_id': exerciseId, 'i.organisation_id': organisationId })
        .first()) as Invitation | undefined;
    },

    async listForOrganisation(organisationId: string): Promise<Invitation[]> {
      return (await base(db)
        .where('i.organisation_id', organisationId)
        .orderBy('i.invited_at', 'desc')) as Invitation[];
    },

    /** Creates the invitation unless the organisation already has one: returns its id and whether it is new. */
    async insertIfAbsent(exerciseId: string, organisationId: string, invitedBy: string, trx: Knex) {
      const inserted = await trx('invitations')
        .insert({ exercise_id: exerciseId, organisation_id: organisationId, invited_by: invitedBy })
        .onConflict(['exercise_id', 'organisation_id'])
        .ignore()
        .returning<{ id: string }[]>('id');
      if (inserted.length > 0) return { id: inserted[0].id, created: true };
      const existing = await trx('invitations')
        .where({ exercise_id: exerciseId, organisation_id: organisationId })
        .first<{ id: string }>('id');
      return { id: existing.id, created: false };
    },

    async addContacts(invitationId: string, contactIds: string[], trx: Knex): Promise<string[]> {
      if (contactIds.length === 0) return [];
      const rows = await trx('invitation_contacts')
        .insert(contactIds.map((contactId) => ({ invitation_id: invitationId, contact_id: contactId })))
        .onConflict(['invitation_id', 'contact_id'])
        .ignore()
        .returning<{ contact_id: string }[]>('contact_id');
      return rows.map((row) => row.contact_id);
    },

    async contacts(invitationIds: string[], trx: Knex = db): Promise<InvitedContact[]> {
      if (invitationIds.length === 0) return [];
      return trx('invitation_contacts as ic')
        .join('contacts as c', 'c.id', 'ic.contact_id')
        .whereIn('ic.invitation_id', invitationIds)
        .orderBy('c.name')
        .select(
          'ic.invitation_id as invitationId',
          'c.id as contactId',
          'c.name',
          'c.email',
          'c.user_id as userId',
        );
    },

    async update(
      id: string,
      expectedVersion: number | null,
      changes: Record<string, unknown>,
      trx: Knex,
    ): Promise<boolean> {
      const query = trx('invitations').where({ id });
      if (expectedVersion !== null) query.where({ version: expectedVersion });
      const updated = await query.update({
        ...changes,
        version: trx.raw('version + 1'),
        last_activity_at: trx.fn.now(),
      });
      return updated === 1;
    },

    async moveStatus(id: string, from: InvitationStatus[], to: InvitationStatus, trx: Knex): Promise<void> {
      await trx('invitations')
        .where({ id })
        .whereIn('status', from)
        .update({ status: to, last_activity_at: trx.fn.now() });
    },

    async recordReminder(
      invitationId: string,
      kind: 'manual' | 'automatic',
      sentBy: string | null,
      trx: Knex,
    ): Promise<boolean> {
      const rows = await trx('invitation_reminders')
        .insert({ invitation_id: invitationId, kind, sent_by: sentBy })
        .onConflict(trx.raw("(invitation_id) WHERE kind = 'automatic'"))
        .ignore()
        .returning('id');
      return rows.length === 1;
    },

    /** Invitations still awaiting an answer whose (possibly extended) deadline is within the reminder window. */
    async dueForAutomaticReminder(now: Date, trx: Knex): Promise<{ id: string; exerciseId: string }[]> {
      return trx('invitations as i')
        .join('exercises as e', 'e.id', 'i.exercise_id')
        .where('e.status', 'open')
        .whereIn('i.status', ['invited', 'opened', 'in_progress'])
        .whereRaw('coalesce(i.deadline_extended_to, e.responses_close_at) > ?', [now])
        .whereRaw(
          'coalesce(i.deadline_extended_to, e.responses_close_at) - make_interval(days => e.reminder_days_before) <= ?',
          [now],
        )
        .whereNotExists(
          trx('invitation_reminders as r').whereRaw('r.invitation_id = i.id').where('r.kind', 'automatic'),
        )
        .select('i.id', 'i.exercise_id as exerciseId')
        .forUpdate('i')
        .skipLocked();
    },
  };
}

export type InvitationRepository = ReturnType<typeof createInvitationRepository>;
