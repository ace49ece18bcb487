import type { Express, RequestHandler } from 'express';
import helmet from 'helmet';

export function setUpSecurityHeaders(app: Express, isProduction: boolean) {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'"],
          'connect-src': ["'self'"],
          'form-action': ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'none'"],
          'frame-ancestors': ["'none'"],
          // Over plain http (local development) this directive would break every asset.
          ...(isProduction ? { 'upgrade-insecure-requests': [] } : {}),
        },
      },
      strictTransportSecurity: isProduction,
      // Old browsers ignore frame-ancestors; say the same thing to them.
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use(refuseTrace);
}

/** TRACE echoes requests back, cookies included; nothing here needs it. */
const refuseTrace: RequestHandler = (req, res, next) => {
  if (req.method === 'TRACE' || req.method === 'TRACK') {
    res.status(405).set('Allow', 'GET, HEAD, POST').type('text/plain').send('Method not allowed');
    return;
  }
  next();
};

/** Signed-in pages hold personal and commercial data: never let a browser or proxy keep a copy. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
