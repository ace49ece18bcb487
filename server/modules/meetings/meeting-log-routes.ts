import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../http/auth';
import { datePartsFrom, optionalDate } from '../../http/date-fields';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import type { UserFacingError } from '../../lib/errors';
import { canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import type { Observation } from './meeting-notes-repository';
import type { MeetingLogService } from './meeting-log-service';
import { actionSchema, notesSchema, OBSERVATION_FIELDS } from './meeting-schemas';
import type { MeetingService } from './meeting-service';

type WithMeeting = Request<{ id: string; meetingId: string }>;
type Area = { id: string; name: string };

/** Form field names for one area's observation, e.g. `rating-<areaId>`. */
const fieldName = (field: string, areaId: string) => `${field}-${areaId}`;

/** Reads each area's observation; an area with nothing entered is left out. */
function observationsFrom(body: unknown, areas: Area[]) {
  const byField: Record<string, string> = {};
  const observations: Observation[] = [];
  for (const area of areas) {
    const names = OBSERVATION_FIELDS.map((field) => fieldName(field, area.id));
    const values = typedValues(body, names);
    const [rating, deliveryModels, capacity, concerns, notes] = names.map((name) => values[name].trim());
    if (![rating, deliveryModels, capacity, concerns, notes].some(Boolean)) continue;
    if (rating && !/^[0-4]$/.test(rating)) byField[names[0]] = `Choose an interest rating for ${area.name}`;
    names.slice(1).forEach((name) => {
      if (values[name].length > 5000) byField[name] = 'Observations must be 5000 characters or fewer';
    });
    observations.push({
      serviceAreaId: area.id,
      rating: rating ? Number(rating) : null,
      deliveryModels,
      capacity,
      concerns,
      notes,
    });
  }
  return { observations, byField };
}

/** After the meeting: notes with per-area observations, actions, and points for the clarification log. */
export function createMeetingLogRoutes(deps: {
  exercises: ExerciseService;
  meetings: MeetingService;
  meetingLog: MeetingLogService;
}) {
  const router = Router();
  const path = (req: WithMeeting) => `/exercises/${req.params.id}/meetings/${req.params.meetingId}`;

  const renderNotes = async (
    req: WithMeeting,
    res: Response,
    values: Record<string, string> | null,
    errors: FormErrors,
  ) => {
    const exercise = await deps.exercises.find(req.params.id);
    const meeting = await deps.meetings.find(exercise.id, req.params.meetingId);
    const areas = await deps.meetingLog.areasOf(exercise.id);
    let shown = values;
    if (!shown) {
      shown = {
        outcome: ['held', 'no_show'].includes(meeting.status) ? meeting.status : '',
        attended: meeting.attended ?? '',
        summary: meeting.summary ?? '',
        notesVersion: String(meeting.notesVersion),
      };
      for (const o of await deps.meetingLog.observations(meeting.id)) {
        shown[fieldName('rating', o.serviceAreaId)] = o.rating === null ? '' : String(o.rating);
        for (const field of ['deliveryModels', 'capacity', 'concerns', 'notes'] as const)
          shown[fieldName(field, o.serviceAreaId)] = o[field];
      }
    }
    res.renderPage('meetings/notes', {
      title: 'Meeting notes',
      exercise,
      meeting,
      areas,
      values: shown,
      errors,
      fieldName,
    });
  };

  router.get('/exercises/:id/meetings/:meetingId/notes', canWrite, (req: WithMeeting, res) =>
    renderNotes(req, res, null, NO_ERRORS),
  );

  router.post('/exercises/:id/meetings/:meetingId/notes', canWrite, async (req: WithMeeting, res) => {
    const areas = await deps.meetingLog.areasOf(req.params.id);
    const areaFields = areas.flatMap((area) => OBSERVATION_FIELDS.map((field) => fieldName(field, area.id)));
    const values = typedValues(req.body, ['outcome', 'attended', 'summary', 'notesVersion', ...areaFields]);
    const parsed = notesSchema.safeParse(req.body);
    const { observations, byField } = observationsFrom(req.body, areas);
    if (!parsed.success || Object.keys(byField).length) {
      const errors = parsed.success
        ? { list: [], byField: {} }
        : formErrors(parsed.error, ['outcome', 'attended', 'summary']);
      errors.byField = { ...errors.byField, ...byField };
      errors.list = Object.entries(errors.byField).map(([field, text]) => ({
        text,
        href: `#${field}`,
      }));
      res.status(400);
      await renderNotes(req, res, values, errors);
      return;
    }
    const { notesVersion, ...notes } = parsed.data;
    try {
      await deps.meetingLog.saveNotes(actorFrom(req), req.params.id, req.params.meetingId, notesVersion, {
        ...notes,
        observations,
      });
      res.redirect(303, `${path(req)}?notes=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      const field = (error as UserFacingError).field ?? 'summary';
      await renderNotes(req, res, values, fieldError(field, (error as Error).message));
    }
  });

  router.post('/exercises/:id/meetings/:meetingId/actions', canWrite, async (req: WithMeeting, res) => {
    const parsed = actionSchema.safeParse(req.body);
    const due = optionalDate(datePartsFrom(req.body, 'dueOn'), 'The due date');
    if (!parsed.success || due.error) {
      const errors = parsed.success
        ? { list: [], byField: {} }
        : formErrors(parsed.error, ['description', 'owner']);
      if (due.error) errors.byField = { ...errors.byField, dueOn: due.error };
      errors.list = Object.entries(errors.byField).map(([field, text]) => ({
        text,
        href: field === 'dueOn' ? '#dueOn-day' : `#${field}`,
      }));
      const exercise = await deps.exercises.find(req.params.id);
      const meeting = await deps.meetings.find(exercise.id, req.params.meetingId);
      res.status(400);
      res.renderPage('meetings/action-form', {
        title: 'Add an action',
        exercise,
        meeting,
        values: {
          ...typedValues(req.body, ['description', 'owner'] as const),
          dueOn: datePartsFrom(req.body, 'dueOn'),
        },
        errors,
      });
      return;
    }
    await deps.meetingLog.addAction(actorFrom(req), req.params.id, req.params.meetingId, {
      ...parsed.data,
      dueOn: due.isoDate,
    });
    res.redirect(303, `${path(req)}#actions`);
  });

  router.post(
    '/exercises/:id/meetings/:meetingId/actions/:actionId/done',
    canWrite,
    async (req: Request<{ id: string; meetingId: string; actionId: string }>, res) => {
      const done = typedValues(req.body, ['done'] as const).done === 'yes';
      await deps.meetingLog.setActionDone(
        actorFrom(req),
        req.params.id,
        req.params.meetingId,
        req.params.actionId,
        done,
      );
      res.redirect(303, `${path(req)}#actions`);
    },
  );

  return router;
}
