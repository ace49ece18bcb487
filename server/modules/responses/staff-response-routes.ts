import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { canRead, canWrite, userErrorStatus } from '../exercises/exercise-routes';
import { reasonSchema } from '../invitations/invitation-schemas';
import { formatAnswer, itemLabel } from './answer-format';
import { answerKey } from './answer-items';
import type { AttachmentService } from './attachment-service';
import type { ResponseService } from './response-service';
import { sendDownload } from '../../http/download';
import { NotFoundError } from '../../lib/errors';

type WithInvitation = Request<{ id: string; invitationId: string }>;

/** Staff read a provider's response (printable) and can reopen a submitted one with a reason. */
export function createStaffResponseRoutes(deps: {
  responses: ResponseService;
  attachments: AttachmentService;
}) {
  const router = Router();
  const path = (req: WithInvitation) =>
    `/exercises/${req.params.id}/invitations/${req.params.invitationId}/response`;

  async function render(req: WithInvitation, res: Response, values: { reason: string }, errors: FormErrors) {
    const data = await deps.responses.forStaff(req.params.id, req.params.invitationId);
    const fileNames = data.response
      ? await deps.attachments.names(data.response.id)
      : new Map<string, string>();
    const labelByKey = new Map(
      data.sections.flatMap((s) => s.items.map((item) => [item.key, item] as const)),
    );
    res.renderPage('responses/staff', {
      title: `Response from ${data.invitation.organisationName}`,
      ...data,
      sections: data.sections.map((entry) => ({
        title: entry.section.title,
        rows: entry.items.map((item) => ({
          label: itemLabel(item),
          answer: formatAnswer(item, data.saved.get(item.key) ?? null, fileNames),
        })),
      })),
      changes: data.history.map((change) => {
        const item = labelByKey.get(answerKey(change.questionId, change.areaId));
        return {
          ...change,
          label: item ? itemLabel(item) : 'A question no longer asked',
          from: item ? formatAnswer(item, change.oldValue, fileNames) : JSON.stringify(change.oldValue),
          to: item ? formatAnswer(item, change.newValue, fileNames) : JSON.stringify(change.newValue),
        };
      }),
      files: [...fileNames].map(([id, name]) => ({ name, href: `${path(req)}/files/${id}` })),
      canReopen: req.user?.role === 'staff' && data.response?.status === 'submitted',
      values,
      errors,
    });
  }

  router.get('/exercises/:id/invitations/:invitationId/response', canRead, (req: WithInvitation, res) =>
    render(req, res, { reason: '' }, NO_ERRORS),
  );

  router.get(
    '/exercises/:id/invitations/:invitationId/response/files/:fileId',
    canRead,
    async (req: Request<{ id: string; invitationId: string; fileId: string }>, res) => {
      const { response } = await deps.responses.forStaff(req.params.id, req.params.invitationId);
      const file = response ? await deps.attachments.open(response.id, req.params.fileId) : undefined;
      if (!file) throw new NotFoundError('File not found');
      sendDownload(res, {
        name: file.attachment.originalName,
        contentType: file.contentType,
        stream: file.stream,
      });
    },
  );

  router.post(
    '/exercises/:id/invitations/:invitationId/response/reopen',
    canWrite,
    async (req: WithInvitation, res) => {
      const values = typedValues(req.body, ['reason'] as const);
      const parsed = reasonSchema.omit({ version: true }).safeParse(req.body);
      if (!parsed.success) {
        res.status(400);
        await render(req, res, values, formErrors(parsed.error, ['reason']));
        return;
      }
      try {
        await deps.responses.reopen(
          actorFrom(req),
          req.params.id,
          req.params.invitationId,
          parsed.data.reason,
        );
        res.redirect(303, path(req));
      } catch (error) {
        res.status(userErrorStatus(error));
        await render(req, res, values, fieldError('reason', (error as Error).message));
      }
    },
  );

  return router;
}
