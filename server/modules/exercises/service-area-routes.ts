import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorFrom } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { isReadOnly } from './exercise-rules';
import { areaEditSchema, areaSchema, version } from './exercise-schemas';
import type { ExerciseService } from './exercise-service';
import { canRead, canWrite, userErrorStatus } from './exercise-routes';
import type { ServiceAreaService } from './service-area-service';

const AREA_FIELDS = ['name', 'description', 'parentId', 'reason'] as const;
type WithArea = Request<{ id: string; areaId: string }>;

export function createServiceAreaRoutes(deps: { exercises: ExerciseService; areas: ServiceAreaService }) {
  const router = Router();
  const { exercises, areas } = deps;

  router.get('/exercises/:id/areas', canRead, async (req: Request<{ id: string }>, res) => {
    const exercise = await exercises.find(req.params.id);
    res.renderPage('exercises/areas', {
      title: 'Service areas',
      exercise,
      areas: await areas.tree(exercise.id),
      canEdit: req.user?.role === 'staff' && !isReadOnly(exercise),
      errors: NO_ERRORS,
    });
  });

  const renderAdd = async (res: Response, id: string, values: Record<string, string>, errors: FormErrors) => {
    const exercise = await exercises.find(id);
    const parents = (await areas.tree(id)).filter((area) => area.status === 'active');
    res.renderPage('exercises/area-form', { title: 'Add a service area', exercise, parents, values, errors });
  };

  router.get('/exercises/:id/areas/new', canWrite, async (req: Request<{ id: string }>, res) => {
    const parentId = z.uuid().catch('').parse(req.query.parent);
    await renderAdd(res, req.params.id, { name: '', description: '', parentId, reason: '' }, NO_ERRORS);
  });

  router.post('/exercises/:id/areas', canWrite, async (req: Request<{ id: string }>, res) => {
    const values = typedValues(req.body, AREA_FIELDS);
    const parsed = areaSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderAdd(res, req.params.id, values, formErrors(parsed.error, [...AREA_FIELDS]));
      return;
    }
    const { reason, parentId, ...input } = parsed.data;
    try {
      await areas.add(actorFrom(req), req.params.id, { ...input, parentId: parentId || null }, reason);
      res.redirect(303, `/exercises/${req.params.id}/areas`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderAdd(
        res,
        req.params.id,
        values,
        fieldError((error as { field?: string }).field ?? 'name', (error as Error).message),
      );
    }
  });

  const renderArea = async (
    req: WithArea,
    res: Response,
    values: Record<string, string> | undefined,
    errors: FormErrors,
  ) => {
    const exercise = await exercises.find(req.params.id);
    const area = await areas.find(exercise.id, req.params.areaId);
    res.renderPage('exercises/area', {
      title: area.name,
      exercise,
      area,
      values: values ?? { name: area.name, description: area.description, version: String(area.version) },
      errors,
      history: await areas.history(area.id),
      canEdit: req.user?.role === 'staff' && !isReadOnly(exercise),
    });
  };

  router.get('/exercises/:id/areas/:areaId', canRead, async (req: WithArea, res) => {
    await renderArea(req, res, undefined, NO_ERRORS);
  });

  router.post('/exercises/:id/areas/:areaId', canWrite, async (req: WithArea, res) => {
    const values = typedValues(req.body, ['name', 'description', 'version'] as const);
    const parsed = areaEditSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderArea(req, res, values, formErrors(parsed.error, ['name', 'description']));
      return;
    }
    const { version: expected, ...input } = parsed.data;
    try {
      await areas.edit(actorFrom(req), req.params.id, req.params.areaId, expected, input);
      res.redirect(303, `/exercises/${req.params.id}/areas`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderArea(
        req,
        res,
        values,
        fieldError((error as { field?: string }).field ?? 'name', (error as Error).message),
      );
    }
  });

  /** Actions from the list page: on a refused rule the list is shown again with the message. */
  async function listAction(req: WithArea, res: Response, action: () => Promise<void>) {
    try {
      await action();
      res.redirect(303, `/exercises/${req.params.id}/areas`);
    } catch (error) {
      res.status(userErrorStatus(error));
      const exercise = await exercises.find(req.params.id);
      res.renderPage('exercises/areas', {
        title: 'Service areas',
        exercise,
        areas: await areas.tree(exercise.id),
        canEdit: !isReadOnly(exercise),
        errors: fieldError(`area-${req.params.areaId}`, (error as Error).message),
      });
    }
  }

  router.post('/exercises/:id/areas/:areaId/move', canWrite, async (req: WithArea, res) => {
    const direction = z
      .enum(['up', 'down'])
      .catch('up')
      .parse((req.body as { direction?: unknown }).direction);
    await listAction(req, res, () => areas.move(actorFrom(req), req.params.id, req.params.areaId, direction));
  });

  router.post('/exercises/:id/areas/:areaId/status', canWrite, async (req: WithArea, res) => {
    const parsed = z.object({ status: z.enum(['active', 'archived']), version }).safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderArea(req, res, undefined, fieldError('name', 'Reload the page and try again'));
      return;
    }
    await listAction(req, res, () =>
      areas.setStatus(
        actorFrom(req),
        req.params.id,
        req.params.areaId,
        parsed.data.version,
        parsed.data.status,
      ),
    );
  });

  router.post('/exercises/:id/areas/:areaId/remove', canWrite, async (req: WithArea, res) => {
    await listAction(req, res, () => areas.remove(actorFrom(req), req.params.id, req.params.areaId));
  });

  return router;
}
