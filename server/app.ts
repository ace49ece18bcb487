import path from 'node:path';
import express from 'express';
import { requireRole, setUpAuthentication } from './http/auth';
import { setUpCsrf } from './http/csrf';
import { setUpErrorHandling } from './http/errors';
import { setUpLocals } from './http/locals';
import { setUpLogging } from './http/logging';
import { setUpMultipart } from './http/multipart';
import { setUpNulCharacterCheck } from './http/nul-characters';
import { setUpRendering } from './http/render';
import { routerFor } from './http/routing';
import { setUpSecurityHeaders } from './http/security-headers';
import { createViewEngine } from './http/view-engine';
import { setUpSession } from './http/session';
import { escapeHtml } from './lib/escape-html';
import { formatDate, formatDateTime } from './lib/format';
import { createAuditRoutes } from './modules/audit/audit-routes';
import { createAuthRoutes } from './modules/auth/auth-routes';
import { createClarificationRoutes, createInformationLogRoutes } from './modules/clarifications';
import { createSubjectAccessRoutes } from './modules/data-protection';
import { createExercisesRouter } from './modules/exercises';
import { createQuestionnairesRouter } from './modules/questionnaires';
import { createHealthRoutes } from './modules/health/health-routes';
import { createInvitationsRouter } from './modules/invitations';
import { createHomeRoutes } from './modules/home/home-routes';
import { createMailRoutes } from './modules/mail/mail-routes';
import { createMeetingsRouter } from './modules/meetings';
import { createPageRoutes } from './modules/pages/page-routes';
import { createResponseRoutes, createStaffResponseRoutes } from './modules/responses';
import { createScoringRoutes } from './modules/scoring';
import { createReportRoutes } from './modules/reports';
import { createProviderRoutes } from './modules/providers/provider-routes';
import { createUserRoutes } from './modules/users/user-routes';
import type { Services } from './services';

const ROOT = path.resolve(__dirname, '..');

export function createApp(services: Services) {
  const { config } = services;
  const app = express();
  app.disable('x-powered-by');
  // Signed-in pages are never cached (no-store), so an ETag (a hash of every page sent) saves no
  // download there and little on the few public pages. Static assets keep theirs (express.static).
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.set('views', path.join(ROOT, 'views'));
  app.set('view engine', 'ejs');
  app.engine('ejs', createViewEngine({ root: path.join(ROOT, 'views'), cache: config.isProduction }));
  app.locals.orgName = config.orgName;
  app.locals.currentUser = null;
  app.locals.navigation = [];
  app.locals.csrfToken = () => '';
  app.locals.escapeHtml = escapeHtml;
  app.locals.formatDateTime = formatDateTime;
  app.locals.formatDate = formatDate;

  setUpLogging(app, services.logger);
  setUpSecurityHeaders(app, config.isProduction);
  setUpRendering(app);
  app.use('/assets/css', express.static(path.join(ROOT, 'public/css'), { maxAge: '1h' }));
  app.use('/assets/js', express.static(path.join(ROOT, 'public/js'), { maxAge: '1h' }));
  app.use(
    '/assets/govuk',
    express.static(path.join(ROOT, 'node_modules/govuk-frontend/dist/govuk'), { maxAge: '1d' }),
  );
  app.use(routerFor(['/healthz', '/readyz'], createHealthRoutes(services.db)));
  // The council has no favicon of its own here; answer browsers' automatic request cheaply.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));
  app.use(express.json({ limit: '100kb' }));
  setUpSession(app, {
    pool: services.sessionPool,
    loadSession: (sid) => services.users.findSessionWithActiveUser(sid),
    secret: config.sessionSecret,
    secure: config.isProduction,
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
  });
  const authenticator = setUpAuthentication(app, { auth: services.auth });
  setUpLocals(app, { showSentEmails: !config.isProduction });
  setUpMultipart(app, path.join(config.dataDir, 'tmp'));
  setUpCsrf(app);
  setUpNulCharacterCheck(app);

  app.use(routerFor(['/accessibility', '/privacy', '/cookies'], createPageRoutes()));
  app.use(
    routerFor(
      ['/sign-in', '/sign-out', '/forgot-password', '/set-password', '/reset-password'],
      createAuthRoutes({
        auth: services.auth,
        authenticator,
        rateLimitPerWindow: config.signInRateLimit,
        lockoutAttempts: config.lockoutAttempts,
        lockoutMinutes: config.lockoutMinutes,
      }),
    ),
  );
  app.use(
    createHomeRoutes({
      organisations: services.organisations,
      users: services.users,
      exercises: services.exercises,
    }),
  );
  // Deny by default: nothing below this line is reachable without signing in.
  app.use(requireRole('admin', 'staff', 'viewer', 'provider'));
  app.use(
    routerFor(
      ['/providers'],
      createProviderRoutes({
        organisations: services.organisations,
        contacts: services.contacts,
        imports: services.providerImports,
      }),
    ),
  );
  app.use(
    routerFor(
      ['/admin/users'],
      createUserRoutes({ users: services.users, organisations: services.organisations }),
    ),
  );
  app.use(routerFor(['/providers'], createSubjectAccessRoutes({ subjectAccess: services.subjectAccess })));
  app.use(routerFor(['/admin/audit'], createAuditRoutes({ audit: services.audit })));
  app.use(routerFor(['/exercises'], createExercisesRouter(services)));
  app.use(routerFor(['/exercises'], createQuestionnairesRouter(services)));
  app.use(routerFor(['/exercises', '/provider/exercises'], createInvitationsRouter(services)));
  app.use(routerFor(['/exercises', '/provider/exercises'], createClarificationRoutes(services)));
  app.use(routerFor(['/exercises'], createInformationLogRoutes(services)));
  app.use(routerFor(['/provider/exercises'], createResponseRoutes(services)));
  app.use(routerFor(['/exercises'], createStaffResponseRoutes(services)));
  app.use(routerFor(['/exercises'], createScoringRoutes(services)));
  app.use(routerFor(['/exercises'], createReportRoutes(services)));
  app.use(routerFor(['/exercises', '/provider', '/meetings'], createMeetingsRouter(services)));
  if (!config.isProduction) app.use(routerFor(['/emails'], createMailRoutes({ mail: services.mail })));

  setUpErrorHandling(app, config.isProduction);
  return app;
}
