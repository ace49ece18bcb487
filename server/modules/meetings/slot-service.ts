import type { Knex } from 'knex';
import { NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { InvitationService } from '../invitations/invitation-service';
import type { ProviderInvitationService, ProviderUser } from '../invitations/provider-invitation-service';
import type { MeetingRepository } from './meeting-repository';
import { timesWithinWindow } from './meeting-rules';
import type { MeetingService } from './meeting-service';
import type { SlotRepository } from './slot-repository';

export type SlotInput = {
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  staffUserIds: string[];
};

/**
 * The slot menu: staff offer the same times to every invited provider; each provider takes one.
 * Partial unique indexes on meetings decide races: a slot taken is gone, one slot per provider.
 */
export function createSlotService(deps: {
  db: Knex;
  slots: SlotRepository;
  meetingRecords: MeetingRepository;
  meetings: MeetingService;
  exercises: ExerciseService;
  invitations: InvitationService;
  providerInvitations: ProviderInvitationService;
  audit: AuditService;
}) {
  const { db, slots, audit } = deps;

  return {
    list: (exerciseId: string) => slots.list(exerciseId),

    async offer(actor: Actor, exerciseId: string, input: SlotInput): Promise<string> {
      const exercise = await deps.exercises.find(exerciseId);
      const { startsAt, endsAt } = timesWithinWindow(exercise, input);
      const staffIds = new Set((await deps.meetings.staffUsers()).map((u) => u.id));
      if (!input.staffUserIds.every((id) => staffIds.has(id)))
        throw new UserFacingError('Choose staff attendees from the list', 'staffUserIds');
      return db.transaction(async (trx) => {
        const id = await slots.insert(
          {
            exerciseId,
            startsAt,
            endsAt,
            place: input.place,
            staffUserIds: input.staffUserIds,
            createdBy: actor.userId!,
          },
          trx,
        );
        await audit.record(
          actor,
          { action: 'meeting_slot.offered', recordType: 'meeting_slot', recordId: id, changes: { ...input } },
          trx,
        );
        return id;
      });
    },

    async withdraw(actor: Actor, exerciseId: string, id: string) {
      const slot = await slots.find(exerciseId, id);
      if (!slot) throw new NotFoundError('Slot not found');
      await db.transaction(async (trx) => {
        if (!(await slots.deleteFree(id, trx)))
          throw new UserFacingError('A provider has taken this slot: cancel the meeting instead', 'slots');
        await audit.record(
          actor,
          { action: 'meeting_slot.withdrawn', recordType: 'meeting_slot', recordId: id },
          trx,
        );
      });
    },

    /** What an invited provider may choose from; not invited means not found. */
    async listFree(user: ProviderUser, exerciseId: string) {
      await deps.providerInvitations.findOwn(user, exerciseId);
      return {
        exercise: await deps.exercises.find(exerciseId),
        slots: await slots.listFree(exerciseId, new Date()),
      };
    },

    async pick(actor: Actor, user: ProviderUser, exerciseId: string, slotId: string): Promise<string> {
      const invitation = await deps.providerInvitations.findOwn(user, exerciseId);
      const exercise = await deps.exercises.find(exerciseId);
      const slot = await slots.find(exerciseId, slotId);
      if (!slot || slot.startsAt < new Date())
        throw new UserFacingError('Choose one of the times offered', 'slotId');
      if (slot.meetingId)
        throw new UserFacingError('That time has just been taken. Choose another.', 'slotId');
      const contactIds = (await deps.invitations.contactsOf(invitation.id)).map((c) => c.contactId);
      try {
        return await deps.meetings.withBookingCheck(() =>
          db.transaction(async (trx) => {
            const id = await deps.meetingRecords.insert(
              {
                exerciseId,
                invitationId: invitation.id,
                createdBy: actor.userId!,
                slotId,
                status: 'confirmed',
                providerResponse: 'confirmed',
              },
              {
                startsAt: slot.startsAt,
                endsAt: slot.endsAt,
                place: slot.place,
                room: null,
                agenda: '',
                staffUserIds: slot.staffUserIds,
                contactIds,
              },
              trx,
            );
            await audit.record(
              actor,
              { action: 'meeting.slot_picked', recordType: 'meeting', recordId: id, changes: { slotId } },
              trx,
            );
            await deps.meetings.notifyAttendees(trx, 'new', exercise, id);
            return id;
          }),
        );
      } catch (error) {
        const { code, constraint } = error as { code?: string; constraint?: string };
        if (code !== '23505') throw error;
        if (constraint === 'meetings_one_slot_per_invitation')
          throw new UserFacingError('Your organisation has already chosen a time', 'slotId');
        throw new UserFacingError('That time has just been taken. Choose another.', 'slotId');
      }
    },
  };
}

export type SlotService = ReturnType<typeof createSlotService>;
