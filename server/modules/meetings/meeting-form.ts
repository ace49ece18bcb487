import type { Request, Response } from 'express';
import { datePartsFrom, requiredDate } from '../../http/date-fields';
import { formErrors, typedValues, type FormErrors } from '../../http/validation';
import type { DateParts } from '../../lib/dates';
import type { ExerciseService } from '../exercises/exercise-service';
import type { InvitationService } from '../invitations/invitation-service';
import { SCHEDULE_FIELDS, scheduleSchema } from './meeting-schemas';
import type { MeetingService, ScheduleInput } from './meeting-service';

export type FormValues = Record<'startTime' | 'endTime' | 'place' | 'room' | 'agenda' | 'version', string> & {
  date: DateParts;
  staffUserIds: string[];
  contactIds: string[];
};

const list = (value: unknown) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

/** The schedule/reschedule form, shared by the create and change routes. */
export function createMeetingForm(deps: {
  exercises: ExerciseService;
  invitations: InvitationService;
  meetings: MeetingService;
}) {
  const renderForm = async (
    req: Request<{ id: string }>,
    res: Response,
    invitationId: string,
    values: FormValues,
    errors: FormErrors,
    meetingId?: string,
  ) => {
    const exercise = await deps.exercises.find(req.params.id);
    const invitation = await deps.invitations.find(exercise.id, invitationId);
    res.renderPage('meetings/form', {
      title: meetingId ? 'Change the meeting' : `Schedule a meeting with ${invitation.organisationName}`,
      exercise,
      invitation,
      meetingId,
      staff: await deps.meetings.staffUsers(),
      contacts: await deps.invitations.contactsOf(invitation.id),
      values,
      errors,
    });
  };

  const valuesFrom = (body: unknown): FormValues => {
    const source = (body ?? {}) as Record<string, unknown>;
    return {
      ...typedValues(body, ['startTime', 'endTime', 'place', 'room', 'agenda', 'version'] as const),
      date: datePartsFrom(body, 'date'),
      staffUserIds: list(source.staffUserIds),
      contactIds: list(source.contactIds),
    };
  };

  /** Validates the form; returns the input or the errors to show. */
  const parse = (body: unknown): { input?: ScheduleInput; errors?: FormErrors } => {
    const parsed = scheduleSchema.safeParse(body);
    const date = requiredDate(datePartsFrom(body, 'date'), 'The date');
    if (parsed.success && date.isoDate) return { input: { ...parsed.data, date: date.isoDate } };
    const errors = parsed.success ? { list: [], byField: {} } : formErrors(parsed.error, SCHEDULE_FIELDS);
    if (date.error) errors.byField = { date: date.error, ...errors.byField };
    errors.list = SCHEDULE_FIELDS.filter((f) => errors.byField[f]).map((f) => ({
      text: errors.byField[f],
      href: f === 'date' ? '#date-day' : `#${f}`,
    }));
    return { errors };
  };

  return { renderForm, valuesFrom, parse };
}
