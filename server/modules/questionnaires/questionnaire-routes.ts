import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorFrom } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { canRead, canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import { createSchema, version as versionSchema } from './questionnaire-schemas';
import type { QuestionnairePageData } from './questionnaire-page-data';
import type { QuestionnaireService } from './questionnaire-service';

type WithId = Request<{ id: string }>;
const NOTICES: Record<string, string> = {
  created: 'Questionnaire created.',
  published: 'Questionnaire published. Providers now answer this version.',
  unchanged: 'Nothing to publish: the latest version already matches the questionnaire.',
};

export const questionnairePath = (exerciseId: string) =>
  `/exercises/${encodeURIComponent(exerciseId)}/questionnaire`;

export function createQuestionnaireRoutes(deps: {
  exercises: ExerciseService;
  questionnaires: QuestionnaireService;
  pageData: QuestionnairePageData;
}) {
  const router = Router();
  const { questionnaires, pageData } = deps;

  router.get('/exercises/:id/questionnaire', canRead, async (req: WithId, res) => {
    const notice = NOTICES[z.string().catch('').parse(req.query.done)];
    res.renderPage(
      'questionnaires/overview',
      await pageData.overview(req.params.id, req.user!, NO_ERRORS, notice),
    );
  });

  const renderCreate = async (
    res: Response,
    id: string,
    values: Record<string, string>,
    errors: FormErrors,
  ) =>
    res.renderPage('questionnaires/create', {
      title: 'Create the questionnaire',
      exercise: await deps.exercises.find(id),
      sources: await questionnaires.copySources(id),
      values,
      errors,
    });

  router.get('/exercises/:id/questionnaire/new', canWrite, async (req: WithId, res) => {
    if (await questionnaires.find(req.params.id)) {
      res.redirect(303, questionnairePath(req.params.id));
      return;
    }
    await renderCreate(res, req.params.id, { source: '', copyFrom: '' }, NO_ERRORS);
  });

  router.post('/exercises/:id/questionnaire', canWrite, async (req: WithId, res) => {
    const values = typedValues(req.body, ['source', 'copyFrom'] as const);
    const parsed = createSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderCreate(res, req.params.id, values, formErrors(parsed.error, ['source', 'copyFrom']));
      return;
    }
    const { source, copyFrom } = parsed.data;
    try {
      await questionnaires.create(
        actorFrom(req),
        req.params.id,
        source === 'copy' ? { kind: 'copy', exerciseId: copyFrom } : { kind: source },
      );
      res.redirect(303, `${questionnairePath(req.params.id)}?done=created`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderCreate(
        res,
        req.params.id,
        values,
        fieldError((error as { field?: string }).field ?? 'source', (error as Error).message),
      );
    }
  });

  router.get('/exercises/:id/questionnaire/preview', canRead, async (req: WithId, res) => {
    const snapshot = await questionnaires.workingCopy(req.params.id);
    res.renderPage('questionnaires/preview', {
      title: 'Preview the questionnaire',
      caption: 'Working copy, as providers will see it once published',
      ...(await pageData.preview(req.params.id, snapshot)),
    });
  });

  router.get(
    '/exercises/:id/questionnaire/versions/:number',
    canRead,
    async (req: Request<{ id: string; number: string }>, res) => {
      const number = z.coerce.number().int().min(1).max(1_000_000).catch(0).parse(req.params.number);
      const version = await questionnaires.version(req.params.id, number);
      res.renderPage('questionnaires/preview', {
        title: `Questionnaire version ${version.number}`,
        caption: `Published ${version.publishedByName ? `by ${version.publishedByName}` : ''}`,
        publishedAt: version.publishedAt,
        ...(await pageData.preview(req.params.id, version.snapshot)),
      });
    },
  );

  const renderPublish = async (req: WithId, res: Response, errors: FormErrors) => {
    const questionnaire = await questionnaires.findOrThrow(req.params.id);
    res.renderPage('questionnaires/publish', {
      title: 'Publish the questionnaire',
      exercise: await deps.exercises.find(req.params.id),
      questionnaire,
      ...(await questionnaires.publishPreview(req.params.id)),
      errors,
    });
  };

  router.get('/exercises/:id/questionnaire/publish', canWrite, async (req: WithId, res) => {
    await renderPublish(req, res, NO_ERRORS);
  });

  router.post('/exercises/:id/questionnaire/publish', canWrite, async (req: WithId, res) => {
    const expected = versionSchema.safeParse((req.body as { version?: unknown }).version);
    if (!expected.success) {
      res.status(400);
      await renderPublish(req, res, fieldError('publish', 'Reload the page and try again'));
      return;
    }
    const before = await questionnaires.findOrThrow(req.params.id);
    try {
      const number = await questionnaires.publish(actorFrom(req), req.params.id, expected.data);
      const done = number === before.publishedVersion ? 'unchanged' : 'published';
      res.redirect(303, `${questionnairePath(req.params.id)}?done=${done}`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderPublish(req, res, fieldError('publish', (error as Error).message));
    }
  });

  return router;
}
