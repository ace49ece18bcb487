import { Router, type Request } from 'express';
import { actorFrom } from '../../http/auth';
import { partsFromIsoDate } from '../../http/date-fields';
import { fieldError, NO_ERRORS, typedValues } from '../../http/validation';
import type { UserFacingError } from '../../lib/errors';
import { canRead, canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import type { InvitationService } from '../invitations/invitation-service';
import type { MeetingLogService } from './meeting-log-service';
import { createMeetingForm } from './meeting-form';
import type { MeetingService } from './meeting-service';

type WithId = Request<{ id: string }>;
type WithMeeting = Request<{ id: string; meetingId: string }>;
export const STATUS_LABELS = {
  proposed: 'Proposed',
  confirmed: 'Confirmed',
  held: 'Held',
  no_show: 'Did not happen',
  cancelled: 'Cancelled',
};

/** Scheduling pages for staff: list, schedule, show, reschedule, cancel. */
export function createMeetingRoutes(deps: {
  exercises: ExerciseService;
  invitations: InvitationService;
  meetings: MeetingService;
  meetingLog: MeetingLogService;
}) {
  const router = Router();
  const { renderForm, valuesFrom, parse } = createMeetingForm(deps);
  const base = (id: string) => `/exercises/${id}/meetings`;

  router.get('/exercises/:id/meetings', canRead, async (req: WithId, res) => {
    const exercise = await deps.exercises.find(req.params.id);
    res.renderPage('meetings/list', {
      title: 'Supplier meetings',
      exercise,
      meetings: await deps.meetings.list(exercise.id),
      statusLabels: STATUS_LABELS,
      canWrite: req.user?.role === 'staff',
    });
  });

  router.get('/exercises/:id/meetings/new', canWrite, async (req: WithId, res) => {
    const invitationId = typeof req.query.invitation === 'string' ? req.query.invitation : '';
    if (!invitationId) {
      const exercise = await deps.exercises.find(req.params.id);
      const { invitations } = await deps.invitations.tracker(exercise.id);
      res.renderPage('meetings/choose-provider', {
        title: 'Choose a provider to meet',
        exercise,
        invitations: invitations.filter((i) => i.status !== 'withdrawn'),
      });
      return;
    }
    const empty = { startTime: '', endTime: '', place: '', room: '', agenda: '', version: '' };
    await renderForm(
      req,
      res,
      invitationId,
      { ...empty, date: partsFromIsoDate(null), staffUserIds: [req.user!.id], contactIds: [] },
      NO_ERRORS,
    );
  });

  router.post('/exercises/:id/meetings', canWrite, async (req: WithId, res) => {
    const invitationId = typedValues(req.body, ['invitationId'] as const).invitationId;
    const values = valuesFrom(req.body);
    const { input, errors } = parse(req.body);
    if (!input) {
      res.status(400);
      await renderForm(req, res, invitationId, values, errors!);
      return;
    }
    try {
      const id = await deps.meetings.schedule(actorFrom(req), req.params.id, invitationId, input);
      res.redirect(303, `${base(req.params.id)}/${id}?scheduled=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      const field = (error as UserFacingError).field ?? 'place';
      await renderForm(req, res, invitationId, values, fieldError(field, (error as Error).message));
    }
  });

  router.get('/exercises/:id/meetings/:meetingId', canRead, async (req: WithMeeting, res) => {
    const exercise = await deps.exercises.find(req.params.id);
    const meeting = await deps.meetings.find(exercise.id, req.params.meetingId);
    const notices: Record<string, string> = {
      scheduled: 'Meeting scheduled. Calendar invitations have been sent to every attendee.',
      changed: 'Meeting changed. Calendar updates have been sent to every attendee.',
      cancelled: 'Meeting cancelled. Every attendee has been told.',
      notes: 'Notes saved.',
      published: 'Published to the clarification log.',
    };
    const notice = Object.keys(notices).find((key) => req.query[key] === '1');
    res.renderPage('meetings/show', {
      title: `Meeting with ${meeting.organisationName}`,
      exercise,
      meeting,
      ...(await deps.meetings.attendees(meeting.id)),
      areas: await deps.meetingLog.areasOf(exercise.id),
      observations: await deps.meetingLog.observations(meeting.id),
      actions: await deps.meetingLog.actions(meeting.id),
      history: await deps.meetingLog.history(meeting.id),
      statusLabels: STATUS_LABELS,
      notice: notice ? notices[notice] : undefined,
      canWrite: req.user?.role === 'staff',
      actionErrors: NO_ERRORS,
      actionValues: { description: '', owner: '', dueOn: partsFromIsoDate(null) },
    });
  });

  return router;
}
