import fs from 'node:fs/promises';
import { Router, type Response } from 'express';
import { actorFrom, requireRole, signedInUser } from '../../http/auth';
import { uploadedFile } from '../../http/multipart';
import { fieldError, NO_ERRORS, type FormErrors } from '../../http/validation';
import { ConflictError } from '../../lib/errors';
import { ImportFileError, IMPORT_COLUMNS, MAX_IMPORT_BYTES, REQUIRED_COLUMNS } from './import-parser';
import type { ImportService } from './import-service';
import { LABELS } from './organisation-routes';
import { MANAGERS } from './provider-access';

/** How many rows of each kind the preview lists; the counts always cover the whole file. */
const SHOWN_PER_TABLE = 200;

export function createImportRoutes(deps: { imports: ImportService }) {
  const router = Router();
  router.use('/providers/import', requireRole(...MANAGERS));

  const renderUpload = (res: Response, errors: FormErrors) =>
    res.renderPage('providers/import', {
      title: 'Import providers from a CSV file',
      errors,
      columns: IMPORT_COLUMNS,
      required: REQUIRED_COLUMNS,
      labels: LABELS,
    });

  router.get('/providers/import', (_req, res) => {
    renderUpload(res, NO_ERRORS);
  });

  router.get('/providers/import/template.csv', (_req, res) => {
    res
      .type('text/csv; charset=utf-8')
      .attachment('provider-import-template.csv')
      .send(`${IMPORT_COLUMNS.join(',')}\r\n`);
  });

  router.post('/providers/import', async (req, res) => {
    const file = uploadedFile(req.files, 'file');
    if (!file || file.size === 0) {
      res.status(400);
      renderUpload(res, fieldError('file', 'Select a CSV file'));
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      res.status(400);
      renderUpload(res, fieldError('file', 'The file must be smaller than 5 MB'));
      return;
    }
    try {
      const content = await fs.readFile(file.path);
      const name = file.originalname.slice(0, 200);
      const id = await deps.imports.upload(actorFrom(req), signedInUser(req).id, { name, content });
      res.redirect(303, `/providers/import/${id}`);
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      res.status(400);
      renderUpload(res, fieldError('file', error.message));
    }
  });

  async function renderPreview(res: Response, userId: string, id: string, errors: FormErrors) {
    const { upload, plan, importedBefore } = await deps.imports.preview(userId, id);
    const organisations = plan?.organisations ?? [];
    const ofAction = (action: string) => organisations.filter((item) => item.action === action);
    res.renderPage('providers/import-preview', {
      title: upload.status === 'applied' ? 'Import complete' : 'Check the import',
      upload,
      plan,
      importedBefore,
      errors,
      shown: SHOWN_PER_TABLE,
      toCreate: ofAction('create'),
      toUpdate: ofAction('update'),
      unchanged: ofAction('unchanged'),
      labels: LABELS,
    });
  }

  router.get('/providers/import/:importId', async (req, res) => {
    await renderPreview(res, signedInUser(req).id, req.params.importId, NO_ERRORS);
  });

  router.post('/providers/import/:importId', async (req, res) => {
    const userId = signedInUser(req).id;
    try {
      await deps.imports.confirm(actorFrom(req), userId, req.params.importId);
      res.redirect(303, `/providers/import/${req.params.importId}`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      res.status(409);
      await renderPreview(res, userId, req.params.importId, fieldError('confirm', error.message));
    }
  });

  return router;
}
