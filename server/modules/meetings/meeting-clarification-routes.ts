import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import type { MeetingLogService } from './meeting-log-service';
import { clarificationSchema } from './meeting-schemas';
import type { MeetingService } from './meeting-service';

type WithMeeting = Request<{ id: string; meetingId: string }>;

/** Equal treatment: a point from one meeting that matters to all goes to the published log in one step. */
export function createMeetingClarificationRoutes(deps: {
  exercises: ExerciseService;
  meetings: MeetingService;
  meetingLog: MeetingLogService;
}) {
  const router = Router();
  const path = (req: WithMeeting) => `/exercises/${req.params.id}/meetings/${req.params.meetingId}`;

  const renderClarification = async (
    req: WithMeeting,
    res: Response,
    values: Record<string, string>,
    errors: FormErrors,
  ) => {
    const exercise = await deps.exercises.find(req.params.id);
    res.renderPage('meetings/clarification', {
      title: 'Send a point from this meeting to the clarification log',
      exercise,
      meeting: await deps.meetings.find(exercise.id, req.params.meetingId),
      values,
      errors,
    });
  };

  router.get('/exercises/:id/meetings/:meetingId/clarification', canWrite, (req: WithMeeting, res) =>
    renderClarification(req, res, { question: '', answer: '' }, NO_ERRORS),
  );

  router.post('/exercises/:id/meetings/:meetingId/clarification', canWrite, async (req: WithMeeting, res) => {
    const values = typedValues(req.body, ['question', 'answer'] as const);
    const parsed = clarificationSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderClarification(req, res, values, formErrors(parsed.error, ['question', 'answer']));
      return;
    }
    try {
      await deps.meetingLog.sendToClarificationLog(
        actorFrom(req),
        req.params.id,
        req.params.meetingId,
        parsed.data,
      );
      res.redirect(303, `${path(req)}?published=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderClarification(req, res, values, fieldError('question', (error as Error).message));
    }
  });

  return router;
}
