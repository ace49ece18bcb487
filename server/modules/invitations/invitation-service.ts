import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { Exercise } from '../exercises/exercise-repository';
import type { ExerciseService } from '../exercises/exercise-service';
import type { MailService } from '../mail/mail-service';
import type { ContactService } from '../providers/contact-service';
import { extensionEmail, invitationEmail, reminderEmail, scopeChangeEmail } from './invitation-emails';
import type { Invitation, InvitationRepository, InvitationStatus } from './invitation-repository';

const AWAITING: InvitationStatus[] = ['invited', 'opened', 'in_progress'];
const CONFLICT = 'Someone else changed this invitation while you were looking at it. Check it and try again.';

export const deadlineOf = (
  invitation: Pick<Invitation, 'deadlineExtendedTo'>,
  exercise: Pick<Exercise, 'responsesCloseAt'>,
) => invitation.deadlineExtendedTo ?? exercise.responsesCloseAt;

export type Selection = { organisationId: string; contactIds: string[] };

export function createInvitationService(deps: {
  db: Knex;
  invitations: InvitationRepository;
  exercises: ExerciseService;
  contacts: ContactService;
  mail: MailService;
  audit: AuditService;
  baseUrl: string;
}) {
  const { db, invitations, audit } = deps;

  async function invitationOrThrow(exerciseId: string, id: string, trx?: Knex) {
    const invitation = await invitations.find(exerciseId, id, trx);
    if (!invitation) throw new NotFoundError('Invitation not found');
    return invitation;
  }

  const record = (
    actor: Actor,
    invitation: { id: string },
    action: string,
    changes: Record<string, unknown>,
    trx: Knex,
  ) => audit.record(actor, { action, recordType: 'invitation', recordId: invitation.id, changes }, trx);

  async function emailContacts(
    trx: Knex,
    invitationId: string,
    build: (name: string) => Parameters<MailService['queue']>[2],
  ) {
    for (const contact of await invitations.contacts([invitationId], trx)) {
      await deps.mail.queue(trx, contact.email, build(contact.name));
    }
  }

  return {
    async tracker(exerciseId: string, status?: InvitationStatus) {
      const [list, counts] = await Promise.all([
        invitations.list(exerciseId, status),
        invitations.counts(exerciseId),
      ]);
      const contacts = await invitations.contacts(list.map((invitation) => invitation.id));
      return {
        counts,
        invitations: list.map((invitation) => ({
          ...invitation,
          contacts: contacts.filter((c) => c.invitationId === invitation.id),
        })),
      };
    },

    find: (exerciseId: string, id: string) => invitationOrThrow(exerciseId, id),
    contactsOf: (invitationId: string) => invitations.contacts([invitationId]),

    /** The invited contacts of an exercise (withdrawn invitations excluded), optionally of one organisation. */
    async recipients(exerciseId: string, organisationId?: string) {
      const live = (await invitations.list(exerciseId)).filter(
        (invitation) =>
          invitation.status !== 'withdrawn' &&
          (!organisationId || invitation.organisationId === organisationId),
      );
      return invitations.contacts(live.map((invitation) => invitation.id));
    },
    invitedOrganisationIds: async (exerciseId: string) =>
      (await invitations.list(exerciseId)).map((i) => i.organisationId),

    /**
     * Invites each chosen organisation through the chosen contacts. Contacts without an account get
     * one first (the account invitation email sets their password). Sending the same choice again
     * adds nobody and emails nobody, so a double submit is harmless.
     */
    async send(
      actor: Actor,
      exerciseId: string,
      selections: Selection[],
    ): Promise<{ invited: number; emailed: number }> {
      const exercise = await deps.exercises.find(exerciseId);
      if (exercise.status !== 'open')
        throw new UserFacingError('Open the exercise before inviting providers', 'organisations');
      if (selections.length === 0) throw new UserFacingError('Select at least one provider', 'organisations');
      // Check every choice before creating any account, so a bad choice changes nothing.
      const chosenContacts = [];
      for (const selection of selections) {
        const contacts = await deps.contacts.listForOrganisation(selection.organisationId);
        const chosen = contacts.filter((contact) => selection.contactIds.includes(contact.id));
        if (chosen.length === 0 || chosen.length !== selection.contactIds.length) {
          throw new UserFacingError('Choose at least one contact for each provider', 'contacts');
        }
        chosenContacts.push(...chosen);
      }
      for (const contact of chosenContacts.filter((c) => !c.userId)) {
        await deps.contacts.giveAccount(
          actor,
          contact.organisationId,
          contact.id,
          `/provider/exercises/${exerciseId}`,
        );
      }
      return db.transaction(async (trx) => {
        let invited = 0;
        let emailed = 0;
        for (const selection of selections) {
          const { id, created } = await invitations.insertIfAbsent(
            exerciseId,
            selection.organisationId,
            actor.userId!,
            trx,
          );
          const current = await invitationOrThrow(exerciseId, id, trx);
          if (!created && current.status === 'withdrawn')
            await invitations.update(id, null, { status: 'invited' }, trx);
          const added = await invitations.addContacts(id, selection.contactIds, trx);
          if (created || added.length > 0) invited += created ? 1 : 0;
          for (const contact of (await invitations.contacts([id], trx)).filter((c) =>
            added.includes(c.contactId),
          )) {
            await deps.mail.queue(
              trx,
              contact.email,
              invitationEmail(exercise, contact.name, deadlineOf(current, exercise), deps.baseUrl),
            );
            emailed += 1;
          }
          if (added.length > 0)
            await record(
              actor,
              { id },
              created ? 'invitation.sent' : 'invitation.contacts_added',
              { organisation: current.organisationName, contacts: added.length },
              trx,
            );
        }
        return { invited, emailed };
      });
    },

    async extendDeadline(
      actor: Actor,
      exerciseId: string,
      id: string,
      version: number,
      until: Date,
      reason: string,
    ) {
      const exercise = await deps.exercises.find(exerciseId);
      await db.transaction(async (trx) => {
        const invitation = await invitationOrThrow(exerciseId, id, trx);
        if (!AWAITING.includes(invitation.status))
          throw new UserFacingError(
            'Only a provider that has not answered yet can be given more time',
            'deadline',
          );
        if (!exercise.responsesCloseAt || until <= exercise.responsesCloseAt) {
          throw new UserFacingError(
            'The new deadline must be after the exercise’s closing date for responses',
            'deadline',
          );
        }
        if (
          !(await invitations.update(
            id,
            version,
            { deadline_extended_to: until, extension_reason: reason },
            trx,
          ))
        )
          throw new ConflictError(CONFLICT);
        await record(
          actor,
          invitation,
          'invitation.deadline_extended',
          { deadline: { from: invitation.deadlineExtendedTo, to: until }, reason },
          trx,
        );
        await emailContacts(trx, id, (name) => extensionEmail(exercise, name, until, deps.baseUrl));
      });
    },

    async remind(actor: Actor, exerciseId: string, id: string) {
      const exercise = await deps.exercises.find(exerciseId);
      await db.transaction(async (trx) => {
        const invitation = await invitationOrThrow(exerciseId, id, trx);
        if (!AWAITING.includes(invitation.status))
          throw new UserFacingError(
            'Reminders go only to providers that have not answered or declined',
            'remind',
          );
        await invitations.recordReminder(id, 'manual', actor.userId, trx);
        await invitations.update(id, null, {}, trx);
        await record(actor, invitation, 'invitation.reminder_sent', { kind: 'manual' }, trx);
        await emailContacts(trx, id, (name) =>
          reminderEmail(exercise, name, deadlineOf(invitation, exercise), deps.baseUrl),
        );
      });
    },

    async withdraw(actor: Actor, exerciseId: string, id: string, version: number) {
      await db.transaction(async (trx) => {
        const invitation = await invitationOrThrow(exerciseId, id, trx);
        if (invitation.status === 'submitted')
          throw new UserFacingError('A provider that has answered cannot be withdrawn', 'withdraw');
        if (!(await invitations.update(id, version, { status: 'withdrawn' }, trx)))
          throw new ConflictError(CONFLICT);
        await record(
          actor,
          invitation,
          'invitation.withdrawn',
          { status: { from: invitation.status, to: 'withdrawn' } },
          trx,
        );
      });
    },

    /** Sends each due automatic reminder once, however many workers run this at the same time. */
    async sendAutomaticReminders(now = new Date()): Promise<number> {
      return db.transaction(async (trx) => {
        let sent = 0;
        for (const due of await invitations.dueForAutomaticReminder(now, trx)) {
          if (!(await invitations.recordReminder(due.id, 'automatic', null, trx))) continue;
          const exercise = await deps.exercises.find(due.exerciseId);
          const invitation = await invitationOrThrow(due.exerciseId, due.id, trx);
          await emailContacts(trx, due.id, (name) =>
            reminderEmail(exercise, name, deadlineOf(invitation, exercise), deps.baseUrl),
          );
          await audit.record(
            { userId: null, label: 'system', ip: null },
            {
              action: 'invitation.reminder_sent',
              recordType: 'invitation',
              recordId: due.id,
              changes: { kind: 'automatic' },
            },
            trx,
          );
          sent += 1;
        }
        return sent;
      });
    },

    /** Moves an invitation on as its response is worked on and submitted, in the caller's transaction. */
    async recordResponseProgress(trx: Knex, invitationId: string, status: 'in_progress' | 'submitted') {
      const from: InvitationStatus[] =
        status === 'submitted' ? [...AWAITING, 'submitted'] : ['invited', 'opened'];
      await invitations.moveStatus(invitationId, from, status, trx);
    },

    /** A submitted response reopened by staff puts the invitation back in progress. */
    async recordResponseReopened(trx: Knex, invitationId: string) {
      await invitations.moveStatus(invitationId, ['submitted'], 'in_progress', trx);
    },

    /** Tells every invited provider (except withdrawn ones) about a new service area, in the caller's transaction. */
    async notifyScopeChange(trx: Knex, exercise: Exercise, areaName: string, reason: string) {
      for (const invitation of await invitations.list(exercise.id)) {
        if (invitation.status === 'withdrawn') continue;
        await emailContacts(trx, invitation.id, (name) =>
          scopeChangeEmail(exercise, name, areaName, reason, deps.baseUrl),
        );
      }
    },
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
