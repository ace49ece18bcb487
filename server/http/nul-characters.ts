import type { Express, RequestHandler } from 'express';
import { UserFacingError } from '../lib/errors';

const NUL = '\u0000';

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsNul);
  return false;
}

/**
 * PostgreSQL cannot store a NUL character in text, and no one types one: a form or query that
 * carries one (`%00`) is refused here, once, with a 400 rather than failing at the database.
 */
const refuseNulCharacters: RequestHandler = (req, _res, next) => {
  const files = (req.files as Express.Multer.File[] | undefined) ?? [];
  if (
    containsNul(req.body) ||
    containsNul(req.query) ||
    files.some((file) => file.originalname.includes(NUL))
  ) {
    next(
      new UserFacingError(
        'The form contained a character that cannot be saved (a NUL byte). Remove it and try again.',
      ),
    );
    return;
  }
  next();
};

export function setUpNulCharacterCheck(app: Express) {
  app.use(refuseNulCharacters);
}
