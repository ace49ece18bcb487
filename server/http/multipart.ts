import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Express, RequestHandler } from 'express';
import multer from 'multer';
import { isDiskFull, StorageFullError } from '../lib/errors';

/** The largest upload any form accepts; each form then applies its own, smaller limit. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * Multipart bodies are parsed here, before the CSRF check, so the token in the form is seen and
 * no handler ever runs for a forged upload. Files land in a private temporary folder under
 * generated names; whatever a handler has not moved away is deleted when the response ends.
 */
export function setUpMultipart(app: Express, tmpDir: string) {
  fs.mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const parse = multer({
    storage: multer.diskStorage({
      destination: tmpDir,
      filename: (_req, _file, callback) => callback(null, randomUUID()),
    }),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 5, fields: 200, fieldSize: 100 * 1024, parts: 210 },
  }).any();

  const parseMultipart: RequestHandler = (req, res, next) => {
    // Anonymous visitors have no upload forms: their multipart posts stay unparsed and fail CSRF.
    if (!req.is('multipart/form-data') || !req.user) {
      next();
      return;
    }
    res.on('close', () => {
      for (const file of (req.files as Express.Multer.File[] | undefined) ?? [])
        fs.rm(file.path, { force: true }, () => undefined);
    });
    parse(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        next(Object.assign(error, { status: error.code === 'LIMIT_FILE_SIZE' ? 413 : 400 }));
        return;
      }
      next(isDiskFull(error) ? new StorageFullError() : error);
    });
  };
  app.use(parseMultipart);
}

/** The single uploaded file of a form field, if one was sent. */
export function uploadedFile(files: unknown, field: string): Express.Multer.File | undefined {
  return Array.isArray(files)
    ? (files as Express.Multer.File[]).find((file) => file.fieldname === field)
    : undefined;
}
