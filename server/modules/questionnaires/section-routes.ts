import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorFrom } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import type { QuestionService } from './question-service';
import type { QuestionnairePageData } from './questionnaire-page-data';
import { questionnairePath } from './questionnaire-routes';
import { sectionSchema, version as versionSchema } from './questionnaire-schemas';
import type { QuestionnaireService } from './questionnaire-service';

type WithSection = Request<{ id: string; sectionId: string }>;
const SECTION_FIELDS = ['title', 'description'] as const;
type SectionValues = { title: string; description: string; version: string };

export const directionFrom = (body: unknown) =>
  z
    .enum(['up', 'down'])
    .catch('up')
    .parse((body as { direction?: unknown }).direction);

/**
 * Actions from the overview (move, remove): on success back to the overview; when a rule says
 * no, the overview again with the message beside the item.
 */
export async function overviewAction(
  req: Request<{ id: string }>,
  res: Response,
  pageData: QuestionnairePageData,
  field: string,
  action: () => Promise<unknown>,
) {
  try {
    await action();
    res.redirect(303, `${questionnairePath(req.params.id)}#${field}`);
  } catch (error) {
    res.status(userErrorStatus(error));
    res.renderPage(
      'questionnaires/overview',
      await pageData.overview(req.params.id, req.user!, fieldError(field, (error as Error).message)),
    );
  }
}

export function createSectionRoutes(deps: {
  exercises: ExerciseService;
  questionnaires: QuestionnaireService;
  questions: QuestionService;
  pageData: QuestionnairePageData;
}) {
  const router = Router();
  const { questions } = deps;

  const renderForm = async (
    res: Response,
    exerciseId: string,
    values: SectionValues,
    errors: FormErrors,
    sectionId?: string,
  ) => {
    await deps.questionnaires.findOrThrow(exerciseId);
    res.renderPage('questionnaires/section-form', {
      title: sectionId ? 'Change the section' : 'Add a section',
      exercise: await deps.exercises.find(exerciseId),
      values,
      errors,
      sectionId,
    });
  };

  router.get(
    '/exercises/:id/questionnaire/sections/new',
    canWrite,
    async (req: Request<{ id: string }>, res) => {
      await renderForm(res, req.params.id, { title: '', description: '', version: '' }, NO_ERRORS);
    },
  );

  router.post(
    '/exercises/:id/questionnaire/sections',
    canWrite,
    async (req: Request<{ id: string }>, res) => {
      const values = { ...typedValues(req.body, SECTION_FIELDS), version: '' };
      const parsed = sectionSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400);
        await renderForm(res, req.params.id, values, formErrors(parsed.error, [...SECTION_FIELDS]));
        return;
      }
      try {
        const sectionId = await questions.addSection(actorFrom(req), req.params.id, parsed.data);
        res.redirect(303, `${questionnairePath(req.params.id)}#section-${sectionId}`);
      } catch (error) {
        res.status(userErrorStatus(error));
        await renderForm(res, req.params.id, values, fieldError('title', (error as Error).message));
      }
    },
  );

  router.get('/exercises/:id/questionnaire/sections/:sectionId', canWrite, async (req: WithSection, res) => {
    const section = await deps.questionnaires.section(req.params.id, req.params.sectionId);
    const values = {
      title: section.title,
      description: section.description,
      version: String(section.version),
    };
    await renderForm(res, req.params.id, values, NO_ERRORS, section.id);
  });

  router.post('/exercises/:id/questionnaire/sections/:sectionId', canWrite, async (req: WithSection, res) => {
    const { id, sectionId } = req.params;
    const values = typedValues(req.body, [...SECTION_FIELDS, 'version'] as const);
    const parsed = sectionSchema.extend({ version: versionSchema }).safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderForm(res, id, values, formErrors(parsed.error, [...SECTION_FIELDS]), sectionId);
      return;
    }
    const { version, ...input } = parsed.data;
    try {
      await questions.editSection(actorFrom(req), id, sectionId, version, input);
      res.redirect(303, `${questionnairePath(id)}#section-${sectionId}`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderForm(res, id, values, fieldError('title', (error as Error).message), sectionId);
    }
  });

  router.post(
    '/exercises/:id/questionnaire/sections/:sectionId/move',
    canWrite,
    async (req: WithSection, res) => {
      const { id, sectionId } = req.params;
      await overviewAction(req, res, deps.pageData, `section-${sectionId}`, () =>
        questions.moveSection(actorFrom(req), id, sectionId, directionFrom(req.body)),
      );
    },
  );

  router.post(
    '/exercises/:id/questionnaire/sections/:sectionId/remove',
    canWrite,
    async (req: WithSection, res) => {
      const { id, sectionId } = req.params;
      await overviewAction(req, res, deps.pageData, `section-${sectionId}`, () =>
        questions.removeSection(actorFrom(req), id, sectionId),
      );
    },
  );

  return router;
}
