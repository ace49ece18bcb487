import type { Express } from 'express';
import { csrfSync } from 'csrf-sync';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = body?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    return typeof fromHeader === 'string' ? fromHeader : undefined;
  },
});

/** Synchroniser token in the session, checked on every state-changing request. */
export function setUpCsrf(app: Express) {
  app.use((req, res, next) => {
    // Lazy, so that pages without forms do not start a session for anonymous visitors.
    res.locals.csrfToken = () => generateToken(req);
    next();
  });
  app.use(csrfSynchronisedProtection);
}
