import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../http/auth';
import { sendDownload } from '../../http/download';
import { fieldError, NO_ERRORS, type FormErrors } from '../../http/validation';
import { NotFoundError } from '../../lib/errors';
import { canRead, canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import type { IncomingFile, MeetingFileService } from './meeting-file-service';
import type { MeetingService } from './meeting-service';

type WithMeeting = Request<{ id: string; meetingId: string }>;

export function createMeetingFileRoutes(deps: {
  exercises: ExerciseService;
  meetings: MeetingService;
  meetingFiles: MeetingFileService;
}) {
  const router = Router();
  const base = (req: WithMeeting) => `/exercises/${req.params.id}/meetings/${req.params.meetingId}/files`;

  async function render(req: WithMeeting, res: Response, errors: FormErrors) {
    const exercise = await deps.exercises.find(req.params.id);
    const meeting = await deps.meetings.find(exercise.id, req.params.meetingId);
    res.renderPage('meetings/files', {
      title: 'Meeting files',
      exercise,
      meeting,
      files: await deps.meetingFiles.list(meeting.id),
      base: base(req),
      canWrite: req.user?.role === 'staff',
      errors,
    });
  }

  router.get('/exercises/:id/meetings/:meetingId/files', canRead, (req: WithMeeting, res) =>
    render(req, res, NO_ERRORS),
  );

  router.post('/exercises/:id/meetings/:meetingId/files', canWrite, async (req: WithMeeting, res) => {
    try {
      await deps.meetingFiles.attach(
        actorFrom(req),
        req.params.id,
        req.params.meetingId,
        (req.files as IncomingFile[] | undefined) ?? [],
      );
      res.redirect(303, base(req));
    } catch (error) {
      res.status(userErrorStatus(error));
      await render(req, res, fieldError('files', (error as Error).message));
    }
  });

  router.get(
    '/exercises/:id/meetings/:meetingId/files/:fileId',
    canRead,
    async (req: Request<{ id: string; meetingId: string; fileId: string }>, res) => {
      const opened = await deps.meetingFiles.open(req.params.id, req.params.meetingId, req.params.fileId);
      if (!opened) throw new NotFoundError('File not found');
      sendDownload(res, {
        name: opened.file.originalName,
        contentType: opened.contentType,
        stream: opened.stream,
      });
    },
  );

  return router;
}
