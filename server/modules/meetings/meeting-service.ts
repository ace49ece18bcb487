import type { Knex } from 'knex';
import { londonDateAndTime } from '../../lib/dates';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { Exercise } from '../exercises/exercise-repository';
import type { ExerciseService } from '../exercises/exercise-service';
import type { InvitationService } from '../invitations/invitation-service';
import type { MailService } from '../mail/mail-service';
import type { UserService } from '../users/user-service';
import { invitationEmail, type InviteKind } from './meeting-emails';
import { timesWithinWindow } from './meeting-rules';
import type { Meeting, MeetingFields, MeetingRepository } from './meeting-repository';

export type ScheduleInput = {
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  room: string;
  agenda: string;
  staffUserIds: string[];
  contactIds: string[];
};

const CONFLICT = 'Someone else changed this meeting while you were looking at it. Check it and try again.';

/** Scheduling, rescheduling and cancelling meetings; every change emails a calendar update. */
export function createMeetingService(deps: {
  db: Knex;
  meetings: MeetingRepository;
  exercises: ExerciseService;
  invitations: InvitationService;
  users: UserService;
  mail: MailService;
  audit: AuditService;
  baseUrl: string;
}) {
  const { db, meetings, audit } = deps;
  const uidDomain = new URL(deps.baseUrl).hostname;

  const staffUsers = async () =>
    (await deps.users.list()).filter((u) => ['staff', 'admin'].includes(u.role) && u.status === 'active');

  async function meetingOrThrow(exerciseId: string, id: string, trx?: Knex) {
    const meeting = await meetings.find(id, trx);
    if (!meeting || meeting.exerciseId !== exerciseId) throw new NotFoundError('Meeting not found');
    return meeting;
  }

  /** Checks the form against the exercise's rules and turns London times into instants. */
  async function fieldsFor(
    exercise: Exercise,
    invitationId: string,
    input: ScheduleInput,
  ): Promise<MeetingFields> {
    const { startsAt, endsAt } = timesWithinWindow(exercise, input);
    const staffIds = new Set((await staffUsers()).map((u) => u.id));
    if (!input.staffUserIds.every((id) => staffIds.has(id)))
      throw new UserFacingError('Choose staff attendees from the list', 'staffUserIds');
    const contactIds = new Set((await deps.invitations.contactsOf(invitationId)).map((c) => c.contactId));
    if (!input.contactIds.every((id) => contactIds.has(id)))
      throw new UserFacingError('Choose the provider’s contacts from the list', 'contactIds');
    const { place, agenda, staffUserIds } = input;
    return {
      startsAt,
      endsAt,
      place,
      room: input.room || null,
      agenda,
      staffUserIds,
      contactIds: input.contactIds,
    };
  }

  /** The database refuses double bookings (exclusion constraint); say who is already booked. */
  async function withBookingCheck<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const { code, detail, constraint } = error as { code?: string; detail?: string; constraint?: string };
      if (code !== '23P01') throw error;
      if (constraint === 'meetings_no_room_double_booking')
        throw new UserFacingError('That room is already booked for another meeting at that time', 'room');
      const userId = /\(user_id, during\)=\(([0-9a-f-]{36})/.exec(detail ?? '')?.[1];
      const name = (await staffUsers()).find((u) => u.id === userId)?.name ?? 'A staff attendee';
      throw new UserFacingError(`${name} is already booked in another meeting at that time`, 'staffUserIds');
    }
  }

  async function sendInvitations(trx: Knex, kind: InviteKind, exercise: Exercise, meetingId: string) {
    const meeting = (await meetings.find(meetingId, trx))!;
    const people = [
      ...(await meetings.staffAttendees(meetingId, trx)),
      ...(await meetings.contacts(meetingId, trx)),
    ];
    const attendees = people.map(({ name, email }) => ({ name, email }));
    for (const person of attendees) {
      await deps.mail.queue(
        trx,
        person.email,
        invitationEmail(kind, exercise, meeting, attendees, person, uidDomain),
      );
    }
  }

  return {
    staffUsers,
    notifyAttendees: sendInvitations,
    withBookingCheck,
    find: (exerciseId: string, id: string) => meetingOrThrow(exerciseId, id),
    list: (exerciseId: string) => meetings.listForExercise(exerciseId),
    attendees: async (id: string) => ({
      staff: await meetings.staffAttendees(id),
      contacts: await meetings.contacts(id),
    }),

    /** What the edit form starts with. */
    formValues(meeting: Meeting) {
      const start = londonDateAndTime(meeting.startsAt);
      return { date: start.isoDate, startTime: start.time, endTime: londonDateAndTime(meeting.endsAt).time };
    },

    async schedule(
      actor: Actor,
      exerciseId: string,
      invitationId: string,
      input: ScheduleInput,
    ): Promise<string> {
      const exercise = await deps.exercises.find(exerciseId);
      const invitation = await deps.invitations.find(exerciseId, invitationId);
      if (invitation.status === 'withdrawn')
        throw new UserFacingError('This provider’s invitation has been withdrawn', 'place');
      const fields = await fieldsFor(exercise, invitationId, input);
      return withBookingCheck(() =>
        db.transaction(async (trx) => {
          const id = await meetings.insert(
            { exerciseId, invitationId, createdBy: actor.userId! },
            fields,
            trx,
          );
          await audit.record(
            actor,
            { action: 'meeting.scheduled', recordType: 'meeting', recordId: id, changes: { ...input } },
            trx,
          );
          await sendInvitations(trx, 'new', exercise, id);
          return id;
        }),
      );
    },

    async reschedule(actor: Actor, exerciseId: string, id: string, version: number, input: ScheduleInput) {
      const exercise = await deps.exercises.find(exerciseId);
      const meeting = await meetingOrThrow(exerciseId, id);
      if (!['proposed', 'confirmed'].includes(meeting.status))
        throw new UserFacingError('Only a meeting that has not happened can be changed', 'date');
      const fields = await fieldsFor(exercise, meeting.invitationId, input);
      await withBookingCheck(() =>
        db.transaction(async (trx) => {
          if (!(await meetings.reschedule(id, version, fields, trx)))
            throw new ConflictError(CONFLICT, 'date');
          await audit.record(
            actor,
            { action: 'meeting.rescheduled', recordType: 'meeting', recordId: id, changes: { ...input } },
            trx,
          );
          await sendInvitations(trx, 'changed', exercise, id);
        }),
      );
    },

    async cancel(actor: Actor, exerciseId: string, id: string, version: number) {
      const exercise = await deps.exercises.find(exerciseId);
      const meeting = await meetingOrThrow(exerciseId, id);
      if (!['proposed', 'confirmed'].includes(meeting.status))
        throw new UserFacingError('Only a meeting that has not happened can be cancelled', 'version');
      await db.transaction(async (trx) => {
        const changes = { status: 'cancelled', sequence: meeting.sequence + 1 };
        if (!(await meetings.update(id, version, changes, trx))) throw new ConflictError(CONFLICT, 'version');
        await meetings.releaseAttendees(id, trx);
        await audit.record(actor, { action: 'meeting.cancelled', recordType: 'meeting', recordId: id }, trx);
        await sendInvitations(trx, 'cancelled', exercise, id);
      });
    },
  };
}

export type MeetingService = ReturnType<typeof createMeetingService>;
