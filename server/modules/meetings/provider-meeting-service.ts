import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ProviderUser } from '../invitations/provider-invitation-service';
import type { MailService } from '../mail/mail-service';
import { providerAnswerEmail } from './meeting-emails';
import type { Meeting, MeetingRepository } from './meeting-repository';

/** Internal notes are blanked before anything reaches a provider's page. */
const withoutNotes = <T extends Meeting>(meeting: T): T => ({ ...meeting, attended: null, summary: null });

/**
 * A provider's view of its meetings: scoped to its organisation, and never the notes or ratings
 * (the queries here return the meeting and its attendees only).
 */
export function createProviderMeetingService(deps: {
  db: Knex;
  meetings: MeetingRepository;
  exercises: ExerciseService;
  mail: MailService;
  audit: AuditService;
  baseUrl: string;
}) {
  const { db, meetings } = deps;

  async function ownMeeting(user: ProviderUser, id: string, trx?: Knex) {
    const meeting = await meetings.find(id, trx);
    if (!meeting || !user.organisationId || meeting.organisationId !== user.organisationId)
      throw new NotFoundError('Meeting not found');
    return withoutNotes(meeting);
  }

  return {
    list: async (user: ProviderUser) =>
      user.organisationId ? (await meetings.listForOrganisation(user.organisationId)).map(withoutNotes) : [],

    async find(user: ProviderUser, id: string) {
      const meeting = await ownMeeting(user, id);
      return {
        meeting,
        exercise: await deps.exercises.find(meeting.exerciseId),
        staff: await meetings.staffAttendees(id),
        contacts: await meetings.contacts(id),
      };
    },

    async respond(
      actor: Actor,
      user: ProviderUser,
      id: string,
      version: number,
      answer: { response: 'confirmed' | 'another_time'; message: string },
    ) {
      await db.transaction(async (trx) => {
        const meeting = await ownMeeting(user, id, trx);
        if (!['proposed', 'confirmed'].includes(meeting.status) || meeting.startsAt < new Date())
          throw new UserFacingError('This meeting can no longer be changed', 'message');
        const changes = {
          provider_response: answer.response,
          provider_message: answer.message || null,
          provider_responded_at: trx.fn.now(),
          status: answer.response === 'confirmed' ? 'confirmed' : 'proposed',
        };
        if (!(await meetings.update(id, version, changes, trx)))
          throw new ConflictError(
            'This meeting changed while you were looking at it. Check it and try again.',
            'message',
          );
        await deps.audit.record(
          actor,
          {
            action: `meeting.provider_${answer.response}`,
            recordType: 'meeting',
            recordId: id,
            changes: answer,
          },
          trx,
        );
        const exercise = await deps.exercises.find(meeting.exerciseId);
        const notify = new Set([
          exercise.contactEmail,
          ...(await meetings.staffAttendees(id, trx)).map((s) => s.email),
        ]);
        for (const email of notify) {
          await deps.mail.queue(
            trx,
            email,
            providerAnswerEmail(exercise, meeting, answer.response, deps.baseUrl),
          );
        }
      });
    },
  };
}

export type ProviderMeetingService = ReturnType<typeof createProviderMeetingService>;
