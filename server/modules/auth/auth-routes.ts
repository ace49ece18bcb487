import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type passport from 'passport';
import { UserFacingError } from '../../lib/errors';
import { localPathOrUndefined } from '../../lib/local-path';
import { actorFrom, HOME_BY_ROLE } from '../../http/auth';
import { redirectAfterSessionSaved } from '../../http/session';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import type { User } from '../users/user-repository';
import type { AuthService } from './auth-service';
import { forgotPasswordSchema, setPasswordSchema, signInSchema } from './auth-schemas';
import { PASSWORD_MIN_LENGTH } from './password-policy';
import type { TokenPurpose } from './token-repository';

const SIGN_IN_FAILED = 'Enter a correct email address and password';

function signInUser(req: Request, res: Response, next: NextFunction, user: User, returnTo?: string) {
  req.login(user, (error) => {
    if (error) {
      next(error);
      return;
    }
    req.session.signedInAt = Date.now();
    req.session.lastSeenAt = Date.now();
    redirectAfterSessionSaved(req, res, next, localPathOrUndefined(returnTo) ?? HOME_BY_ROLE[user.role]);
  });
}

export function createAuthRoutes(deps: {
  auth: AuthService;
  authenticator: passport.Authenticator;
  rateLimitPerWindow: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
}) {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: deps.rateLimitPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      res.status(429);
      res.renderPage('errors/error', {
        title: 'Too many attempts',
        status: 429,
        csrfFailure: false,
        requestId: typeof req.id === 'string' ? req.id : '',
        detail: 'Wait 15 minutes, then try again.',
      });
    },
  });

  const renderSignIn = (res: Response, values: { email: string }, errors: FormErrors, notice?: string) =>
    res.renderPage('auth/sign-in', {
      title: 'Sign in',
      values,
      errors,
      notice,
      lockoutHint: `After ${deps.lockoutAttempts} wrong passwords in a row an account is locked for ${deps.lockoutMinutes} minutes.`,
    });

  router.get('/sign-in', (req, res) => {
    if (req.user) {
      res.redirect(303, HOME_BY_ROLE[req.user.role]);
      return;
    }
    const notice =
      req.query.timeout === '1'
        ? 'You were signed out because your session ended. Sign in again to continue.'
        : req.query.signedOut === '1'
          ? 'You have signed out.'
          : req.query.passwordSet === '1'
            ? 'Your password has been changed. Sign in with your new password.'
            : undefined;
    renderSignIn(res, { email: '' }, NO_ERRORS, notice);
  });

  router.post('/sign-in', limiter, (req, res, next) => {
    const values = typedValues(req.body, ['email'] as const);
    const parsed = signInSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      renderSignIn(res, values, formErrors(parsed.error, ['email', 'password']));
      return;
    }
    const returnTo = req.session.returnTo;
    const authenticate = deps.authenticator.authenticate('local', (error: unknown, user: User | false) => {
      if (error) {
        next(error);
        return;
      }
      if (!user) {
        res.status(401);
        renderSignIn(res, values, fieldError('email', SIGN_IN_FAILED));
        return;
      }
      signInUser(req, res, next, user, returnTo);
    }) as RequestHandler;
    authenticate(req, res, next);
  });

  router.post('/sign-out', (req, res, next) => {
    const actor = actorFrom(req);
    const signedIn = Boolean(req.user);
    req.logout((error) => {
      if (error) {
        next(error);
        return;
      }
      const done = () => res.redirect(303, '/sign-in?signedOut=1');
      if (signedIn) deps.auth.recordSignOut(actor).then(done, next);
      else done();
    });
  });

  router.get('/forgot-password', (_req, res) => {
    res.renderPage('auth/forgot-password', {
      title: 'Reset your password',
      values: { email: '' },
      errors: NO_ERRORS,
    });
  });

  router.post('/forgot-password', limiter, async (req, res) => {
    const values = typedValues(req.body, ['email'] as const);
    const parsed = forgotPasswordSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      res.renderPage('auth/forgot-password', {
        title: 'Reset your password',
        values,
        errors: formErrors(parsed.error),
      });
      return;
    }
    await deps.auth.requestPasswordReset(parsed.data.email, req.ip ?? null);
    res.redirect(303, '/forgot-password/sent');
  });

  router.get('/forgot-password/sent', (_req, res) => {
    res.renderPage('auth/reset-sent', { title: 'Check your email' });
  });

  const tokenPages: [string, TokenPurpose, string][] = [
    ['/set-password/:token', 'invitation', 'Create your password'],
    ['/reset-password/:token', 'password_reset', 'Choose a new password'],
  ];
  for (const [path, purpose, title] of tokenPages) {
    const renderForm = (res: Response, holder: User, errors: FormErrors) =>
      res.renderPage('auth/set-password', {
        title,
        email: holder.email,
        errors,
        minLength: PASSWORD_MIN_LENGTH,
      });

    router.get(path, async (req: Request<{ token: string }>, res) => {
      const holder = await deps.auth.findTokenHolder(req.params.token, purpose);
      if (!holder) {
        res.status(410);
        res.renderPage('auth/link-expired', { title: 'This link has expired' });
        return;
      }
      renderForm(res, holder, NO_ERRORS);
    });

    router.post(path, limiter, async (req: Request<{ token: string }>, res, next) => {
      const holder = await deps.auth.findTokenHolder(req.params.token, purpose);
      if (!holder) {
        res.status(410);
        res.renderPage('auth/link-expired', { title: 'This link has expired' });
        return;
      }
      const parsed = setPasswordSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400);
        renderForm(res, holder, formErrors(parsed.error, ['password', 'confirmPassword']));
        return;
      }
      try {
        const user = await deps.auth.setPasswordWithToken(
          req.params.token,
          purpose,
          parsed.data.password,
          req.ip ?? null,
        );
        // An invitation may say where to land, e.g. the exercise; only same-site paths are followed.
        const landing =
          purpose === 'invitation' && typeof req.query.next === 'string' ? req.query.next : undefined;
        signInUser(req, res, next, user, landing);
      } catch (error) {
        if (!(error instanceof UserFacingError)) throw error;
        res.status(400);
        renderForm(res, holder, fieldError(error.field ?? 'password', error.message));
      }
    });
  }

  return router;
}
