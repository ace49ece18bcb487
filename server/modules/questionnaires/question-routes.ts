import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors';
import { actorFrom } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, type FormErrors } from '../../http/validation';
import { canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import {
  blankQuestionValues,
  questionValues,
  renderQuestionForm,
  typedQuestionValues,
  type QuestionValues,
} from './question-form';
import type { QuestionService } from './question-service';
import { QUESTION_TYPES, TYPE_HINTS, TYPE_LABELS, type QuestionType } from './question-types';
import type { QuestionnairePageData } from './questionnaire-page-data';
import { questionnairePath } from './questionnaire-routes';
import { QUESTION_FIELDS, questionSchemaFor, questionTypeSchema } from './questionnaire-schemas';
import type { QuestionnaireService } from './questionnaire-service';
import { directionFrom, overviewAction } from './section-routes';

type WithId = Request<{ id: string }>;
type WithQuestion = Request<{ id: string; questionId: string }>;

export function createQuestionRoutes(deps: {
  exercises: ExerciseService;
  questionnaires: QuestionnaireService;
  questions: QuestionService;
  pageData: QuestionnairePageData;
}) {
  const router = Router();
  const { questionnaires, questions } = deps;

  const form = async (
    res: Response,
    exerciseId: string,
    page: { type: QuestionType; values: QuestionValues; errors: FormErrors; questionId?: string },
  ) =>
    renderQuestionForm(res, {
      ...page,
      exercise: await deps.exercises.find(exerciseId),
      structure: await questionnaires.workingCopy(exerciseId),
    });

  /** No JavaScript: the type is chosen on its own page, then that type's form follows. */
  const renderTypeChoice = async (res: Response, exerciseId: string, sectionId: string, errors: FormErrors) =>
    res.renderPage('questionnaires/question-type', {
      title: 'What type of question do you want to add?',
      exercise: await deps.exercises.find(exerciseId),
      sectionId,
      types: QUESTION_TYPES.map((type) => ({
        value: type,
        text: TYPE_LABELS[type],
        hint: { text: TYPE_HINTS[type] },
      })),
      errors,
    });

  router.get('/exercises/:id/questionnaire/questions/new', canWrite, async (req: WithId, res) => {
    const structure = await questionnaires.workingCopy(req.params.id);
    const sectionId = z.string().catch('').parse(req.query.section);
    if (!structure.sections.some((section) => section.id === sectionId))
      throw new NotFoundError('Section not found');
    if (req.query.type === undefined && req.query.choose === undefined) {
      await renderTypeChoice(res, req.params.id, sectionId, NO_ERRORS);
      return;
    }
    const type = questionTypeSchema.safeParse(req.query.type);
    if (!type.success) {
      res.status(400);
      await renderTypeChoice(
        res,
        req.params.id,
        sectionId,
        fieldError('type', 'Choose the type of question'),
      );
      return;
    }
    await form(res, req.params.id, {
      type: type.data,
      values: blankQuestionValues(type.data, sectionId),
      errors: NO_ERRORS,
    });
  });

  router.post('/exercises/:id/questionnaire/questions', canWrite, async (req: WithId, res) => {
    const values = typedQuestionValues(req.body);
    const type = questionTypeSchema.safeParse((req.body as { type?: unknown }).type);
    if (!type.success) {
      res.status(400);
      await renderTypeChoice(
        res,
        req.params.id,
        values.sectionId,
        fieldError('type', 'Choose the type of question'),
      );
      return;
    }
    const parsed = questionSchemaFor(type.data).safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await form(res, req.params.id, {
        type: type.data,
        values,
        errors: formErrors(parsed.error, [...QUESTION_FIELDS]),
      });
      return;
    }
    try {
      const { sectionId, settings } = parsed.data;
      const questionId = await questions.addQuestion(actorFrom(req), req.params.id, sectionId, settings([]));
      res.redirect(303, `${questionnairePath(req.params.id)}#question-${questionId}`);
    } catch (error) {
      res.status(userErrorStatus(error));
      const field = (error as { field?: string }).field ?? 'label';
      await form(res, req.params.id, {
        type: type.data,
        values,
        errors: fieldError(field, (error as Error).message),
      });
    }
  });

  router.get(
    '/exercises/:id/questionnaire/questions/:questionId',
    canWrite,
    async (req: WithQuestion, res) => {
      const question = await questionnaires.question(req.params.id, req.params.questionId);
      await form(res, req.params.id, {
        type: question.type,
        values: questionValues(question),
        errors: NO_ERRORS,
        questionId: question.id,
      });
    },
  );

  router.post(
    '/exercises/:id/questionnaire/questions/:questionId',
    canWrite,
    async (req: WithQuestion, res) => {
      const { id, questionId } = req.params;
      const question = await questionnaires.question(id, questionId);
      const values = typedQuestionValues(req.body);
      const page = { type: question.type, values, questionId };
      const parsed = questionSchemaFor(question.type, true).safeParse(req.body);
      if (!parsed.success) {
        res.status(400);
        await form(res, id, { ...page, errors: formErrors(parsed.error, [...QUESTION_FIELDS]) });
        return;
      }
      try {
        const { sectionId, settings, version } = parsed.data;
        await questions.editQuestion(
          actorFrom(req),
          id,
          questionId,
          version,
          sectionId,
          settings(question.options),
        );
        res.redirect(303, `${questionnairePath(id)}#question-${questionId}`);
      } catch (error) {
        res.status(userErrorStatus(error));
        const field = (error as { field?: string }).field ?? 'label';
        await form(res, id, { ...page, errors: fieldError(field, (error as Error).message) });
      }
    },
  );

  router.post(
    '/exercises/:id/questionnaire/questions/:questionId/move',
    canWrite,
    async (req: WithQuestion, res) => {
      const { id, questionId } = req.params;
      await overviewAction(req, res, deps.pageData, `question-${questionId}`, () =>
        questions.moveQuestion(actorFrom(req), id, questionId, directionFrom(req.body)),
      );
    },
  );

  router.post(
    '/exercises/:id/questionnaire/questions/:questionId/remove',
    canWrite,
    async (req: WithQuestion, res) => {
      const { id, questionId } = req.params;
      await overviewAction(req, res, deps.pageData, `question-${questionId}`, () =>
        questions.removeQuestion(actorFrom(req), id, questionId),
      );
    },
  );

  return router;
}
