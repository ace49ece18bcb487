import { Router, type Request, type Response } from 'express';
import { actorFrom, requireRole, signedInUser } from '../../http/auth';
import { datePartsFrom, partsFromIsoDate, requiredDate } from '../../http/date-fields';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import type { DateParts } from '../../lib/dates';
import type { UserFacingError } from '../../lib/errors';
import { canRead, canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import { pickSchema, SLOT_FIELDS, slotSchema } from './meeting-schemas';
import type { MeetingService } from './meeting-service';
import type { SlotService } from './slot-service';

type WithId = Request<{ id: string }>;
type SlotValues = {
  date: DateParts;
  startTime: string;
  endTime: string;
  place: string;
  staffUserIds: string[];
};

const list = (value: unknown) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

/** The slot menu: staff offer times, each invited provider takes one. */
export function createSlotRoutes(deps: {
  exercises: ExerciseService;
  meetings: MeetingService;
  meetingSlots: SlotService;
}) {
  const router = Router();
  const slotsPath = (id: string) => `/exercises/${id}/meetings/slots`;

  const renderSlots = async (req: WithId, res: Response, values: SlotValues, errors: FormErrors) => {
    const exercise = await deps.exercises.find(req.params.id);
    res.renderPage('meetings/slots', {
      title: 'Meeting slots offered to every provider',
      exercise,
      slots: await deps.meetingSlots.list(exercise.id),
      staff: await deps.meetings.staffUsers(),
      canWrite: req.user?.role === 'staff',
      values,
      errors,
    });
  };

  router.get('/exercises/:id/meetings/slots', canRead, (req: WithId, res) =>
    renderSlots(
      req,
      res,
      { date: partsFromIsoDate(null), startTime: '', endTime: '', place: '', staffUserIds: [req.user!.id] },
      NO_ERRORS,
    ),
  );

  router.post('/exercises/:id/meetings/slots', canWrite, async (req: WithId, res) => {
    const values = {
      ...typedValues(req.body, ['startTime', 'endTime', 'place'] as const),
      date: datePartsFrom(req.body, 'date'),
      staffUserIds: list((req.body as Record<string, unknown>).staffUserIds),
    };
    const parsed = slotSchema.safeParse(req.body);
    const date = requiredDate(values.date, 'The date');
    if (!parsed.success || !date.isoDate) {
      const errors = parsed.success ? { list: [], byField: {} } : formErrors(parsed.error, SLOT_FIELDS);
      if (date.error) errors.byField = { date: date.error, ...errors.byField };
      errors.list = SLOT_FIELDS.filter((f) => errors.byField[f]).map((f) => ({
        text: errors.byField[f],
        href: f === 'date' ? '#date-day' : `#${f}`,
      }));
      res.status(400);
      await renderSlots(req, res, values, errors);
      return;
    }
    try {
      await deps.meetingSlots.offer(actorFrom(req), req.params.id, { ...parsed.data, date: date.isoDate });
      res.redirect(303, slotsPath(req.params.id));
    } catch (error) {
      res.status(userErrorStatus(error));
      const field = (error as UserFacingError).field ?? 'date';
      await renderSlots(req, res, values, fieldError(field, (error as Error).message));
    }
  });

  router.post(
    '/exercises/:id/meetings/slots/:slotId/withdraw',
    canWrite,
    async (req: Request<{ id: string; slotId: string }>, res) => {
      await deps.meetingSlots.withdraw(actorFrom(req), req.params.id, req.params.slotId);
      res.redirect(303, slotsPath(req.params.id));
    },
  );

  const provider = requireRole('provider');

  const renderPick = async (req: WithId, res: Response, errors: FormErrors) => {
    const { exercise, slots } = await deps.meetingSlots.listFree(signedInUser(req), req.params.id);
    res.renderPage('meetings/provider-slots', { title: 'Choose a meeting time', exercise, slots, errors });
  };

  router.get('/provider/exercises/:id/slots', provider, (req: WithId, res) =>
    renderPick(req, res, NO_ERRORS),
  );

  router.post('/provider/exercises/:id/slots', provider, async (req: WithId, res) => {
    const parsed = pickSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderPick(req, res, formErrors(parsed.error, ['slotId']));
      return;
    }
    try {
      const id = await deps.meetingSlots.pick(
        actorFrom(req),
        signedInUser(req),
        req.params.id,
        parsed.data.slotId,
      );
      res.redirect(303, `/provider/meetings/${id}?picked=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderPick(req, res, fieldError('slotId', (error as Error).message));
    }
  });

  return router;
}
