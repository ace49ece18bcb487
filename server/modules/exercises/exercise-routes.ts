import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ConflictError, StorageFullError, UserFacingError } from '../../lib/errors';
import { actorFrom, requireRole } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { EXERCISE_STATUSES } from './exercise-repository';
import { STATUS_LABELS } from './exercise-rules';
import { detailsSchema, noticeSchema } from './exercise-schemas';
import type { ExerciseService } from './exercise-service';
import type { ExercisePageData } from './exercise-page-data';

const DETAIL_FIELDS = ['title', 'reference', 'purpose', 'contactName', 'contactEmail'] as const;
type DetailValues = Record<(typeof DETAIL_FIELDS)[number], string> & { version: string };

export const canRead = requireRole('staff', 'admin', 'viewer');
export const canWrite = requireRole('staff');

/** Renders the same page again with the error from a rule, or rethrows anything unexpected. */
export function userErrorStatus(error: unknown): number {
  if (!(error instanceof UserFacingError)) throw error;
  if (error instanceof StorageFullError) return 503;
  return error instanceof ConflictError ? 409 : 400;
}

export function createExerciseRoutes(deps: { exercises: ExerciseService; pageData: ExercisePageData }) {
  const router = Router();
  const { exercises } = deps;

  router.get('/exercises', canRead, async (req, res) => {
    const status = z.enum(EXERCISE_STATUSES).optional().catch(undefined).parse(req.query.status);
    const owner = z.string().max(40).optional().catch(undefined).parse(req.query.owner);
    const [list, owners] = await Promise.all([
      exercises.list({ status, ownerUserId: owner }),
      exercises.owners(),
    ]);
    res.renderPage('exercises/list', {
      title: 'Market testing exercises',
      exercises: list,
      owners,
      filter: { status: status ?? '', owner: owner ?? '' },
      statusLabels: STATUS_LABELS,
      canWrite: req.user?.role === 'staff',
    });
  });

  const renderDetails = (res: Response, values: DetailValues, errors: FormErrors, exerciseId?: string) =>
    res.renderPage('exercises/details-form', {
      title: exerciseId ? 'Change exercise details' : 'Create a market testing exercise',
      values,
      errors,
      exerciseId,
    });

  router.get('/exercises/new', canWrite, (req, res) => {
    const contact = { contactName: req.user!.name, contactEmail: req.user!.email };
    renderDetails(res, { title: '', reference: '', purpose: '', ...contact, version: '' }, NO_ERRORS);
  });

  router.post('/exercises', canWrite, async (req, res) => {
    const values = { ...typedValues(req.body, DETAIL_FIELDS), version: '' };
    const parsed = detailsSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      renderDetails(res, values, formErrors(parsed.error, [...DETAIL_FIELDS]));
      return;
    }
    try {
      const id = await exercises.create(actorFrom(req), parsed.data);
      res.redirect(303, `/exercises/${id}?created=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      renderDetails(
        res,
        values,
        fieldError((error as UserFacingError).field ?? 'title', (error as Error).message),
      );
    }
  });

  router.get('/exercises/:id', canRead, async (req: Request<{ id: string }>, res) => {
    const notice =
      typeof req.query.created === 'string'
        ? 'Exercise created. Add its service areas and timeline.'
        : typeof req.query.updated === 'string'
          ? 'Exercise updated.'
          : undefined;
    res.renderPage('exercises/hub', { ...(await deps.pageData.hub(req.params.id, req.user!)), notice });
  });

  router.get('/exercises/:id/details', canWrite, async (req: Request<{ id: string }>, res) => {
    const exercise = await exercises.find(req.params.id);
    renderDetails(res, { ...exercise, version: String(exercise.version) }, NO_ERRORS, exercise.id);
  });

  router.post('/exercises/:id/details', canWrite, async (req: Request<{ id: string }>, res) => {
    const values = {
      ...typedValues(req.body, DETAIL_FIELDS),
      version: typedValues(req.body, ['version']).version,
    };
    const parsed = detailsSchema.extend({ version: noticeSchema.shape.version }).safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      renderDetails(res, values, formErrors(parsed.error, [...DETAIL_FIELDS]), req.params.id);
      return;
    }
    const { version, ...details } = parsed.data;
    try {
      await exercises.updateDetails(actorFrom(req), req.params.id, version, details);
      res.redirect(303, `/exercises/${req.params.id}?updated=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      renderDetails(
        res,
        values,
        fieldError((error as UserFacingError).field ?? 'title', (error as Error).message),
        req.params.id,
      );
    }
  });

  router.get('/exercises/:id/notice', canRead, async (req: Request<{ id: string }>, res) => {
    res.renderPage('exercises/notice', await deps.pageData.notice(req.params.id, req.user!));
  });

  const renderNoticeForm = async (
    res: Response,
    id: string,
    values: { processDescription: string; version: string },
    errors: FormErrors,
  ) => {
    const exercise = await exercises.find(id);
    res.renderPage('exercises/notice-form', {
      title: 'Describe the engagement process',
      exercise,
      values,
      errors,
    });
  };

  router.get('/exercises/:id/notice/edit', canWrite, async (req: Request<{ id: string }>, res) => {
    const exercise = await exercises.find(req.params.id);
    await renderNoticeForm(
      res,
      exercise.id,
      { processDescription: exercise.processDescription, version: String(exercise.version) },
      NO_ERRORS,
    );
  });

  router.post('/exercises/:id/notice/edit', canWrite, async (req: Request<{ id: string }>, res) => {
    const values = typedValues(req.body, ['processDescription', 'version'] as const);
    const parsed = noticeSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderNoticeForm(res, req.params.id, values, formErrors(parsed.error, ['processDescription']));
      return;
    }
    try {
      await exercises.updateNotice(
        actorFrom(req),
        req.params.id,
        parsed.data.version,
        parsed.data.processDescription,
      );
      res.redirect(303, `/exercises/${req.params.id}/notice`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderNoticeForm(
        res,
        req.params.id,
        values,
        fieldError('processDescription', (error as Error).message),
      );
    }
  });

  return router;
}
