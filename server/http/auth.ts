import type { Express, Request, RequestHandler } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Actor } from '../modules/audit/audit-service';
import type { AuthService } from '../modules/auth/auth-service';
import type { Role, User } from '../modules/users/user-repository';
import type { UserService } from '../modules/users/user-service';

// Passport types req.user as the global Express.User; merging our User into it is the only hook.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Omit<import('../modules/users/user-repository').User, never> {}
  }
}

export function setUpAuthentication(
  app: Express,
  deps: { auth: AuthService; users: UserService },
): passport.Authenticator {
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
  // A disabled or deleted account loses its session at the next request.
  authenticator.deserializeUser((id: string, done) => {
    deps.users
      .findActive(id)
      .then((user) => done(null, user ?? false))
      .catch(done);
  });
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
      if (req.method === 'GET' && req.accepts(['html', 'image/*']) === 'html')
        req.session.returnTo = req.originalUrl;
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
