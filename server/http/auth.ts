import type { Express, Request, RequestHandler } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Actor } from '../modules/audit/audit-service';
import type { AuthService } from '../modules/auth/auth-service';
import type { Role, User } from '../modules/users/user-repository';
import { redirectAfterSessionSaved, userLoadedWithSession } from './session';

// Passport types req.user as the global Express.User; merging our User into it is the only hook.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Omit<import('../modules/users/user-repository').User, never> {}
  }
}

export function setUpAuthentication(app: Express, deps: { auth: AuthService }): passport.Authenticator {
  const authenticator = new passport.Passport();
  authenticator.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', passReqToCallback: true },
      (req, email, password, done) => {
        deps.auth
          .signIn(email, password, req.ip ?? null)
          .then((result) => done(null, 'user' in result ? result.user : false))
          .catch(done);
      },
    ),
  );
  authenticator.serializeUser((user, done) => done(null, user.id));
  // The session store read the user with the session (session.ts); a disabled or deleted
  // account is not among them, so it loses its session at the next request.
  authenticator.deserializeUser(
    (req: Request, id: string, done: (error: unknown, user?: User | false) => void) => {
      const user = userLoadedWithSession(req);
      done(null, user?.id === id ? user : false);
    },
  );
  app.use(authenticator.initialize());
  app.use(authenticator.session());
  return authenticator;
}

export function actorFrom(req: Request): Actor {
  const user = req.user;
  return { userId: user?.id ?? null, label: user?.email ?? 'anonymous', ip: req.ip ?? null };
}

export const HOME_BY_ROLE: Record<Role, string> = {
  admin: '/admin',
  staff: '/staff',
  viewer: '/viewer',
  provider: '/provider',
};

/** Deny by default: a restricted router starts with this guard naming the roles it serves. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) {
      // Only a page the person asked for is worth returning to, not a favicon or image fetch.
      if (req.method === 'GET' && req.accepts(['html', 'image/*']) === 'html') {
        req.session.returnTo = req.originalUrl;
        redirectAfterSessionSaved(req, res, next, '/sign-in');
        return;
      }
      res.redirect(303, '/sign-in');
      return;
    }
    if (!roles.includes(req.user.role)) {
      res.status(403);
      res.renderPage('errors/forbidden', { title: 'You do not have permission to view this page' });
      return;
    }
    next();
  };
}

export function signedInUser(req: Request): User {
  if (!req.user) throw new Error('requireRole must run before handlers that need a user');
  return req.user;
}
