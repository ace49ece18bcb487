import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../http/auth';
import { datePartsFrom, requiredDate } from '../../http/date-fields';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import type { DateParts } from '../../lib/dates';
import type { OrganisationService } from '../providers/organisation-service';
import type { EngagementService } from './engagement-service';
import { conflictSchema, eventSchema } from './exercise-schemas';
import type { ExerciseService } from './exercise-service';
import { canWrite, userErrorStatus } from './exercise-routes';

const EVENT_FIELDS = ['title', 'place', 'details'] as const;
type EventValues = Record<(typeof EVENT_FIELDS)[number], string> & { eventDate: DateParts };
const CONFLICT_FIELDS = ['declaration', 'organisationId', 'description'] as const;

export function createEngagementRoutes(deps: {
  exercises: ExerciseService;
  engagement: EngagementService;
  organisations: OrganisationService;
}) {
  const router = Router();
  type WithId = Request<{ id: string }>;

  const renderEvent = async (res: Response, id: string, values: EventValues, errors: FormErrors) =>
    res.renderPage('exercises/event-form', {
      title: 'Add an engagement event',
      exercise: await deps.exercises.find(id),
      values,
      errors,
    });

  router.get('/exercises/:id/events/new', canWrite, async (req: WithId, res) => {
    await renderEvent(
      res,
      req.params.id,
      { title: '', place: '', details: '', eventDate: { day: '', month: '', year: '' } },
      NO_ERRORS,
    );
  });

  router.post('/exercises/:id/events', canWrite, async (req: WithId, res) => {
    const values = {
      ...typedValues(req.body, EVENT_FIELDS),
      eventDate: datePartsFrom(req.body, 'eventDate'),
    };
    const parsed = eventSchema.safeParse(req.body);
    const date = requiredDate(values.eventDate, 'The date of the event');
    if (!parsed.success || date.error) {
      const errors = parsed.success ? NO_ERRORS : formErrors(parsed.error, [...EVENT_FIELDS]);
      if (date.error) {
        errors.byField.eventDate = date.error;
        errors.list.splice(1, 0, { text: date.error, href: '#eventDate' });
      }
      res.status(400);
      await renderEvent(res, req.params.id, values, errors);
      return;
    }
    try {
      await deps.engagement.addEvent(actorFrom(req), {
        exerciseId: req.params.id,
        eventDate: date.isoDate!,
        ...parsed.data,
      });
      res.redirect(303, `/exercises/${req.params.id}#events`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderEvent(res, req.params.id, values, fieldError('title', (error as Error).message));
    }
  });

  router.post(
    '/exercises/:id/events/:eventId/remove',
    canWrite,
    async (req: Request<{ id: string; eventId: string }>, res) => {
      await deps.engagement.removeEvent(actorFrom(req), req.params.id, req.params.eventId);
      res.redirect(303, `/exercises/${req.params.id}#events`);
    },
  );

  const renderConflict = async (
    res: Response,
    id: string,
    values: Record<string, string>,
    errors: FormErrors,
  ) => {
    const [exercise, organisations] = await Promise.all([deps.exercises.find(id), deps.organisations.list()]);
    res.renderPage('exercises/conflict-form', {
      title: 'Declare conflicts of interest',
      exercise,
      organisations,
      values,
      errors,
    });
  };

  router.get('/exercises/:id/conflicts/new', canWrite, async (req: WithId, res) => {
    await renderConflict(
      res,
      req.params.id,
      { declaration: '', organisationId: '', description: '' },
      NO_ERRORS,
    );
  });

  router.post('/exercises/:id/conflicts', canWrite, async (req: WithId, res) => {
    const values = typedValues(req.body, CONFLICT_FIELDS);
    const parsed = conflictSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderConflict(res, req.params.id, values, formErrors(parsed.error, [...CONFLICT_FIELDS]));
      return;
    }
    try {
      if (parsed.data.declaration === 'none')
        await deps.engagement.declareNone(actorFrom(req), req.params.id);
      else {
        await deps.engagement.declareConflict(
          actorFrom(req),
          req.params.id,
          parsed.data.organisationId,
          parsed.data.description,
        );
      }
      res.redirect(303, `/exercises/${req.params.id}#conflicts`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderConflict(
        res,
        req.params.id,
        values,
        fieldError((error as { field?: string }).field ?? 'declaration', (error as Error).message),
      );
    }
  });

  router.post(
    '/exercises/:id/conflicts/:declarationId/withdraw',
    canWrite,
    async (req: Request<{ id: string; declarationId: string }>, res) => {
      await deps.engagement.withdraw(actorFrom(req), req.params.id, req.params.declarationId);
      res.redirect(303, `/exercises/${req.params.id}#conflicts`);
    },
  );

  return router;
}
