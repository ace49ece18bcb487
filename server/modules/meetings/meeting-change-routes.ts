import { Router, type Request } from 'express';
import { actorFrom } from '../../http/auth';
import { partsFromIsoDate } from '../../http/date-fields';
import { fieldError, NO_ERRORS, type FormErrors } from '../../http/validation';
import type { UserFacingError } from '../../lib/errors';
import { canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import type { InvitationService } from '../invitations/invitation-service';
import { createMeetingForm } from './meeting-form';
import { versionSchema } from './meeting-schemas';
import type { MeetingService } from './meeting-service';

type WithMeeting = Request<{ id: string; meetingId: string }>;

/** Reschedule and cancel, both with optimistic locking on the meeting's version. */
export function createMeetingChangeRoutes(deps: {
  exercises: ExerciseService;
  invitations: InvitationService;
  meetings: MeetingService;
}) {
  const router = Router();
  const base = (id: string) => `/exercises/${id}/meetings`;
  const { renderForm, valuesFrom, parse } = createMeetingForm(deps);

  router.get('/exercises/:id/meetings/:meetingId/edit', canWrite, async (req: WithMeeting, res) => {
    const meeting = await deps.meetings.find(req.params.id, req.params.meetingId);
    const people = await deps.meetings.attendees(meeting.id);
    const form = deps.meetings.formValues(meeting);
    await renderForm(
      req,
      res,
      meeting.invitationId,
      {
        startTime: form.startTime,
        endTime: form.endTime,
        place: meeting.place,
        room: meeting.room ?? '',
        agenda: meeting.agenda,
        version: String(meeting.version),
        date: partsFromIsoDate(form.date),
        staffUserIds: people.staff.map((s) => s.userId),
        contactIds: people.contacts.map((c) => c.contactId),
      },
      NO_ERRORS,
      meeting.id,
    );
  });

  router.post('/exercises/:id/meetings/:meetingId/edit', canWrite, async (req: WithMeeting, res) => {
    const meeting = await deps.meetings.find(req.params.id, req.params.meetingId);
    const values = valuesFrom(req.body);
    const { input, errors } = parse(req.body);
    const version = versionSchema.safeParse(req.body);
    if (!input || !version.success) {
      res.status(400);
      const shown = errors ?? fieldError('date', 'Reload the page and try again');
      await renderForm(req, res, meeting.invitationId, values, shown, meeting.id);
      return;
    }
    try {
      await deps.meetings.reschedule(actorFrom(req), req.params.id, meeting.id, version.data.version, input);
      res.redirect(303, `${base(req.params.id)}/${meeting.id}?changed=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      const field = (error as UserFacingError).field ?? 'date';
      await renderForm(
        req,
        res,
        meeting.invitationId,
        values,
        fieldError(field, (error as Error).message),
        meeting.id,
      );
    }
  });

  router.get('/exercises/:id/meetings/:meetingId/cancel', canWrite, async (req: WithMeeting, res) => {
    const exercise = await deps.exercises.find(req.params.id);
    res.renderPage('meetings/cancel', {
      title: 'Cancel this meeting?',
      exercise,
      meeting: await deps.meetings.find(exercise.id, req.params.meetingId),
      errors: NO_ERRORS,
    });
  });

  router.post('/exercises/:id/meetings/:meetingId/cancel', canWrite, async (req: WithMeeting, res) => {
    const exercise = await deps.exercises.find(req.params.id);
    const meeting = await deps.meetings.find(exercise.id, req.params.meetingId);
    const render = (errors: FormErrors) =>
      res.renderPage('meetings/cancel', { title: 'Cancel this meeting?', exercise, meeting, errors });
    const version = versionSchema.safeParse(req.body);
    if (!version.success) {
      res.status(400);
      render(fieldError('version', 'Reload the page and try again'));
      return;
    }
    try {
      await deps.meetings.cancel(actorFrom(req), exercise.id, meeting.id, version.data.version);
      res.redirect(303, `${base(exercise.id)}/${meeting.id}?cancelled=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      render(fieldError('version', (error as Error).message));
    }
  });

  return router;
}
