import { Router, type Request, type Response } from 'express';
import { actorFrom, requireRole, signedInUser } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { userErrorStatus } from '../exercises/exercise-routes';
import { STATUS_LABELS } from './meeting-routes';
import { anotherTimeSchema, versionSchema } from './meeting-schemas';
import type { ProviderMeetingService } from './provider-meeting-service';

type WithMeeting = Request<{ meetingId: string }>;

/** A provider's meetings: its own organisation's only; another's is not found. */
export function createProviderMeetingRoutes(deps: { providerMeetings: ProviderMeetingService }) {
  const router = Router();
  const provider = requireRole('provider');

  router.get('/provider/meetings', provider, async (req, res) => {
    res.renderPage('meetings/provider-list', {
      title: 'Meetings',
      meetings: await deps.providerMeetings.list(signedInUser(req)),
      statusLabels: STATUS_LABELS,
    });
  });

  const renderMeeting = async (
    req: WithMeeting,
    res: Response,
    values: { message: string },
    errors: FormErrors,
  ) => {
    const found = await deps.providerMeetings.find(signedInUser(req), req.params.meetingId);
    const notices: Record<string, string> = {
      confirmed: 'Thank you. You have confirmed that you will attend.',
      picked: 'Meeting booked. A calendar invitation has been sent to your contacts.',
      asked: 'Your request has been sent. The council will get back to you with another time.',
    };
    const notice = Object.keys(notices).find((key) => req.query[key] === '1');
    res.renderPage('meetings/provider-show', {
      title: 'Meeting',
      ...found,
      statusLabels: STATUS_LABELS,
      canRespond:
        ['proposed', 'confirmed'].includes(found.meeting.status) && found.meeting.startsAt > new Date(),
      notice: notice ? notices[notice] : undefined,
      values,
      errors,
    });
  };

  router.get('/provider/meetings/:meetingId', provider, (req: WithMeeting, res) =>
    renderMeeting(req, res, { message: '' }, NO_ERRORS),
  );

  const respond = (response: 'confirmed' | 'another_time') => async (req: WithMeeting, res: Response) => {
    const values = typedValues(req.body, ['message'] as const);
    const version = versionSchema.safeParse(req.body);
    const message = response === 'another_time' ? anotherTimeSchema.safeParse(req.body) : undefined;
    if (!version.success || message?.success === false) {
      res.status(400);
      const errors =
        message && !message.success
          ? formErrors(message.error, ['message'])
          : fieldError('message', 'Reload the page and try again');
      await renderMeeting(req, res, values, errors);
      return;
    }
    try {
      await deps.providerMeetings.respond(
        actorFrom(req),
        signedInUser(req),
        req.params.meetingId,
        version.data.version,
        {
          response,
          message: message?.data?.message ?? '',
        },
      );
      res.redirect(
        303,
        `/provider/meetings/${req.params.meetingId}?${response === 'confirmed' ? 'confirmed' : 'asked'}=1`,
      );
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderMeeting(req, res, values, fieldError('message', (error as Error).message));
    }
  };

  router.post('/provider/meetings/:meetingId/confirm', provider, respond('confirmed'));
  router.post('/provider/meetings/:meetingId/another-time', provider, respond('another_time'));

  return router;
}
