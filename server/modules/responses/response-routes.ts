import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorFrom, requireRole, signedInUser } from '../../http/auth';
import { sendDownload } from '../../http/download';
import { NO_ERRORS, type FormErrors } from '../../http/validation';
import { NotFoundError, UserFacingError } from '../../lib/errors';
import { partsFromIsoDate } from '../../lib/dates';
import { userErrorStatus } from '../exercises/exercise-routes';
import { INTEREST_SCALE, optionsOf } from '../questionnaires/question-types';
import { fieldName, type AnswerItem, type AnswerValue } from './answer-items';
import { formatAnswer, itemLabel } from './answer-format';
import { fileIds, type AttachmentService, type UploadedFile } from './attachment-service';
import type { ResponseService } from './response-service';

type WithId = Request<{ id: string }>;
type WithSection = Request<{ id: string; sectionId: string }>;

/** The view model of one answer field: what was typed (after an error) or what is saved. */
function fieldFor(
  item: AnswerItem,
  saved: AnswerValue,
  typed: Record<string, string | string[]> | null,
  errors: FormErrors,
  files: { names: Map<string, string>; href: (id: string) => string; removeBase: string },
) {
  const name = fieldName(item.key);
  const value = typed ? (typed[name] ?? null) : saved;
  const dateParts = typed
    ? {
        day: String(typed[`${name}-day`] ?? ''),
        month: String(typed[`${name}-month`] ?? ''),
        year: String(typed[`${name}-year`] ?? ''),
      }
    : partsFromIsoDate(typeof saved === 'string' ? saved : null);
  const options = item.question.type === 'interest_matrix' ? INTEREST_SCALE : optionsOf(item.question);
  const attached = item.question.type === 'file_upload' ? fileIds(saved) : [];
  return {
    item,
    name,
    value,
    dateParts,
    options,
    error: errors.byField[name],
    attached: attached.map((id) => ({ id, name: files.names.get(id) ?? 'File', href: files.href(id) })),
    removeBase: files.removeBase,
  };
}

/** Each section's answers as summary-list rows for the check-your-answers page. */
function rowsFor(review: Awaited<ReturnType<ResponseService['review']>>, fileNames: Map<string, string>) {
  return review.sections.map((entry) => ({
    ...entry,
    rows: entry.items.map((item) => ({
      label: itemLabel(item),
      answer: formatAnswer(item, review.saved.get(item.key) ?? null, fileNames),
    })),
  }));
}

export function createResponseRoutes(deps: { responses: ResponseService; attachments: AttachmentService }) {
  const router = Router();
  const provider = requireRole('provider');
  const base = (id: string) => `/provider/exercises/${id}/response`;

  router.get('/provider/exercises/:id/response', provider, async (req: WithId, res) => {
    const review = await deps.responses.review(signedInUser(req), req.params.id);
    const changes = review.response
      ? await deps.responses.changesSinceAnswered(
          req.params.id,
          review.response.questionnaireVersion,
          review.questionnaireVersion,
        )
      : undefined;
    res.renderPage('responses/task-list', {
      title: 'Your response',
      ...review,
      changes,
      notice:
        req.query.submitted === '1'
          ? 'Your response has been submitted. We have emailed your organisation’s contacts to confirm.'
          : undefined,
    });
  });

  async function renderSection(
    req: WithSection,
    res: Response,
    typed: Record<string, string | string[]> | null,
    errors: FormErrors,
  ) {
    const page = await deps.responses.section(signedInUser(req), req.params.id, req.params.sectionId);
    const files = {
      names: page.fileNames,
      href: (fileId: string) => `${base(req.params.id)}/files/${fileId}`,
      removeBase: `${base(req.params.id)}/sections/${req.params.sectionId}/files`,
    };
    res.renderPage('responses/section', {
      title: page.section.title,
      ...page,
      fields: page.items.map((item) =>
        fieldFor(item, page.saved.get(item.key) ?? null, typed, errors, files),
      ),
      errors,
    });
  }

  router.get('/provider/exercises/:id/response/sections/:sectionId', provider, (req: WithSection, res) =>
    renderSection(req, res, null, NO_ERRORS),
  );

  router.post(
    '/provider/exercises/:id/response/sections/:sectionId',
    provider,
    async (req: WithSection, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const complete = body.action !== 'later';
      const sectionVersion = z.coerce.number().int().min(0).catch(-1).parse(body.sectionVersion);
      try {
        const result = await deps.responses.saveSection(
          actorFrom(req),
          signedInUser(req),
          req.params.id,
          req.params.sectionId,
          sectionVersion,
          body,
          complete,
          (req.files as UploadedFile[] | undefined) ?? [],
        );
        if (!result.saved) {
          const byField = Object.fromEntries(result.parsed.errors.map((error) => [error.field, error.text]));
          res.status(400);
          await renderSection(req, res, result.parsed.typed, {
            byField,
            list: result.parsed.errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
          });
          return;
        }
        res.redirect(303, base(req.params.id));
      } catch (error) {
        res.status(userErrorStatus(error));
        const typed = Object.fromEntries(
          Object.entries(body).filter(
            ([key, value]) => key.startsWith('a_') && (typeof value === 'string' || Array.isArray(value)),
          ),
        ) as Record<string, string | string[]>;
        await renderSection(req, res, typed, {
          byField: { form: (error as Error).message },
          list: [{ text: (error as Error).message, href: '#main-content' }],
        });
      }
    },
  );

  router.post('/provider/exercises/:id/response/confirm', provider, async (req: WithId, res) => {
    await deps.responses.confirmCurrentVersion(actorFrom(req), signedInUser(req), req.params.id);
    res.redirect(303, base(req.params.id));
  });

  router.get(
    '/provider/exercises/:id/response/files/:fileId',
    provider,
    async (req: Request<{ id: string; fileId: string }>, res) => {
      const { response } = await deps.responses.load(signedInUser(req), req.params.id);
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
    '/provider/exercises/:id/response/sections/:sectionId/files/:fileId/remove',
    provider,
    async (req: Request<{ id: string; sectionId: string; fileId: string }>, res) => {
      await deps.responses.removeFile(
        actorFrom(req),
        signedInUser(req),
        req.params.id,
        req.params.sectionId,
        req.params.fileId,
      );
      res.redirect(303, `${base(req.params.id)}/sections/${req.params.sectionId}`);
    },
  );

  router.get('/provider/exercises/:id/response/check', provider, async (req: WithId, res) => {
    const review = await deps.responses.review(signedInUser(req), req.params.id);
    res.renderPage('responses/check', {
      title: 'Check your answers before submitting',
      ...review,
      rows: rowsFor(
        review,
        review.response ? await deps.attachments.names(review.response.id) : new Map<string, string>(),
      ),
      errors: NO_ERRORS,
    });
  });

  router.post('/provider/exercises/:id/response/submit', provider, async (req: WithId, res) => {
    const version = z.coerce
      .number()
      .int()
      .min(1)
      .catch(0)
      .parse((req.body as { version?: unknown }).version);
    try {
      if ((req.body as { declaration?: unknown }).declaration !== 'confirmed') {
        throw new UserFacingError(
          'Confirm that the answers are correct and that you may submit them',
          'declaration',
        );
      }
      await deps.responses.submit(actorFrom(req), signedInUser(req), req.params.id, version);
      res.redirect(303, `${base(req.params.id)}?submitted=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      const review = await deps.responses.review(signedInUser(req), req.params.id);
      res.renderPage('responses/check', {
        title: 'Check your answers before submitting',
        ...review,
        rows: rowsFor(
          review,
          review.response ? await deps.attachments.names(review.response.id) : new Map<string, string>(),
        ),
        errors: {
          byField: { [(error as { field?: string }).field ?? 'submit']: (error as Error).message },
          list: [
            { text: (error as Error).message, href: `#${(error as { field?: string }).field ?? 'submit'}` },
          ],
        },
      });
    }
  });

  return router;
}
