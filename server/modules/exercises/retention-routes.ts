import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { retentionSchema } from './exercise-schemas';
import type { ExerciseService } from './exercise-service';
import { canWrite, userErrorStatus } from './exercise-routes';

const FIELDS = ['retentionMonths', 'version'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

/** How long an archived exercise keeps personal data and files: staff set it, in any status. */
export function createRetentionRoutes(deps: { exercises: ExerciseService }) {
  const router = Router();
  const { exercises } = deps;
  type WithId = Request<{ id: string }>;

  const render = async (res: Response, id: string, values: Values, errors: FormErrors) =>
    res.renderPage('exercises/retention-form', {
      title: 'Change how long personal data is kept',
      exercise: await exercises.find(id),
      values,
      errors,
    });

  router.get('/exercises/:id/retention', canWrite, async (req: WithId, res) => {
    const exercise = await exercises.find(req.params.id);
    await render(
      res,
      exercise.id,
      { retentionMonths: String(exercise.retentionMonths), version: String(exercise.version) },
      NO_ERRORS,
    );
  });

  router.post('/exercises/:id/retention', canWrite, async (req: WithId, res) => {
    const values = typedValues(req.body, FIELDS);
    const parsed = retentionSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await render(res, req.params.id, values, formErrors(parsed.error, [...FIELDS]));
      return;
    }
    try {
      await exercises.updateRetention(
        actorFrom(req),
        req.params.id,
        parsed.data.version,
        parsed.data.retentionMonths,
      );
      res.redirect(303, `/exercises/${req.params.id}?updated=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await render(res, req.params.id, values, fieldError('retentionMonths', (error as Error).message));
    }
  });

  return router;
}
