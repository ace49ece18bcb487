import { Router, type Request, type Response } from 'express';
import { actorFrom, requireRole, signedInUser } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { canRead, canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ProviderInvitationService } from '../invitations/provider-invitation-service';
import { answerSchema, askSchema, publishSchema } from './clarification-schemas';
import type { ClarificationService } from './clarification-service';

type WithId = Request<{ id: string }>;
type WithClarification = Request<{ id: string; clarificationId: string }>;

export function createClarificationRoutes(deps: {
  exercises: ExerciseService;
  clarifications: ClarificationService;
  providerInvitations: ProviderInvitationService;
}) {
  const router = Router();

  router.get('/exercises/:id/clarifications', canRead, async (req: WithId, res) => {
    const exercise = await deps.exercises.find(req.params.id);
    res.renderPage('clarifications/staff-list', {
      title: 'Clarification questions',
      exercise,
      clarifications: await deps.clarifications.listForStaff(exercise.id),
      canWrite: req.user?.role === 'staff' && exercise.status === 'open',
    });
  });

  const renderAnswer = async (
    req: WithClarification,
    res: Response,
    values: Record<string, string> | null,
    errors: FormErrors,
  ) => {
    const exercise = await deps.exercises.find(req.params.id);
    const clarification = await deps.clarifications.find(exercise.id, req.params.clarificationId);
    res.renderPage('clarifications/answer', {
      title: 'Answer a clarification question',
      exercise,
      clarification,
      values: values ?? {
        publishedQuestion: clarification.question,
        answer: '',
        visibility: '',
        version: String(clarification.version),
      },
      errors,
    });
  };

  router.get(
    '/exercises/:id/clarifications/:clarificationId/answer',
    canWrite,
    (req: WithClarification, res) => renderAnswer(req, res, null, NO_ERRORS),
  );

  router.post(
    '/exercises/:id/clarifications/:clarificationId/answer',
    canWrite,
    async (req: WithClarification, res) => {
      const values = typedValues(req.body, ['publishedQuestion', 'answer', 'visibility', 'version'] as const);
      const parsed = answerSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400);
        await renderAnswer(
          req,
          res,
          values,
          formErrors(parsed.error, ['publishedQuestion', 'answer', 'visibility']),
        );
        return;
      }
      const { version, ...input } = parsed.data;
      try {
        await deps.clarifications.answer(
          actorFrom(req),
          req.params.id,
          req.params.clarificationId,
          version,
          input,
        );
        res.redirect(303, `/exercises/${req.params.id}/clarifications`);
      } catch (error) {
        res.status(userErrorStatus(error));
        await renderAnswer(
          req,
          res,
          values,
          fieldError((error as { field?: string }).field ?? 'answer', (error as Error).message),
        );
      }
    },
  );

  const renderPublish = async (
    res: Response,
    id: string,
    values: Record<string, string>,
    errors: FormErrors,
  ) =>
    res.renderPage('clarifications/publish', {
      title: 'Publish a clarification',
      exercise: await deps.exercises.find(id),
      values,
      errors,
    });

  router.get('/exercises/:id/clarifications/new', canWrite, (req: WithId, res) =>
    renderPublish(res, req.params.id, { question: '', answer: '' }, NO_ERRORS),
  );

  router.post('/exercises/:id/clarifications', canWrite, async (req: WithId, res) => {
    const values = typedValues(req.body, ['question', 'answer'] as const);
    const parsed = publishSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderPublish(res, req.params.id, values, formErrors(parsed.error, ['question', 'answer']));
      return;
    }
    try {
      await deps.clarifications.publish(actorFrom(req), req.params.id, parsed.data);
      res.redirect(303, `/exercises/${req.params.id}/clarifications`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderPublish(res, req.params.id, values, fieldError('question', (error as Error).message));
    }
  });

  const provider = requireRole('provider');

  const renderProvider = async (
    req: WithId,
    res: Response,
    values: { question: string },
    errors: FormErrors,
  ) => {
    const user = signedInUser(req);
    const invitation = await deps.providerInvitations.findOwn(user, req.params.id);
    const exercise = await deps.exercises.find(req.params.id);
    res.renderPage('clarifications/provider-log', {
      title: 'Clarification questions',
      exercise,
      invitation,
      clarifications: await deps.clarifications.listForProvider(user, exercise.id),
      canAsk:
        exercise.status === 'open' && (!exercise.questionsCloseAt || exercise.questionsCloseAt > new Date()),
      values,
      errors,
      notice:
        req.query.asked === '1'
          ? 'Your question has been sent. You will get an email when it is answered.'
          : undefined,
    });
  };

  router.get('/provider/exercises/:id/clarifications', provider, (req: WithId, res) =>
    renderProvider(req, res, { question: '' }, NO_ERRORS),
  );

  router.post('/provider/exercises/:id/clarifications', provider, async (req: WithId, res) => {
    const values = typedValues(req.body, ['question'] as const);
    const parsed = askSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderProvider(req, res, values, formErrors(parsed.error, ['question']));
      return;
    }
    try {
      await deps.clarifications.ask(actorFrom(req), signedInUser(req), req.params.id, parsed.data.question);
      res.redirect(303, `/provider/exercises/${req.params.id}/clarifications?asked=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderProvider(req, res, values, fieldError('question', (error as Error).message));
    }
  });

  return router;
}
