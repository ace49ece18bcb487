import { Router } from 'express';

/** Public information pages linked from every page's footer. */
export function createPageRoutes() {
  const router = Router();
  router.get('/accessibility', (_req, res) =>
    res.renderPage('pages/accessibility', { title: 'Accessibility statement' }),
  );
  router.get('/privacy', (_req, res) => res.renderPage('pages/privacy', { title: 'Privacy notice' }));
  router.get('/cookies', (_req, res) => res.renderPage('pages/cookies', { title: 'Cookies' }));
  return router;
}
