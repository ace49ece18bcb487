import connectPgSimple from 'connect-pg-simple';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type SessionData } from 'express-session';
import type pg from 'pg';
import type { User } from '../modules/users/user-repository';

declare module 'express-session' {
  interface SessionData {
    signedInAt?: number;
    lastSeenAt?: number;
    returnTo?: string;
  }
}

export const SESSION_COOKIE_NAME = 'mtp.sid';

/** How stale lastSeenAt may get: the idle timeout is exact to within this, and sessions are saved this rarely. */
const LAST_SEEN_PRECISION_MS = 60 * 1000;

/** Reads a stored session together with its user if that user is still active. */
export type SessionLoader = (
  sid: string,
) => Promise<{ sess: Record<string, unknown>; user: User | undefined } | undefined>;

const usersOfLoadedSessions = new WeakMap<object, User>();
const usersOfRequests = new WeakMap<Request, User>();

/** The active user read with the request's session, so that it needs no second query. */
export function userLoadedWithSession(req: Request): User | undefined {
  return usersOfRequests.get(req);
}

/** connect-pg-simple, reading each session with its user in one query. */
function sessionStore(options: { pool: pg.Pool; loadSession: SessionLoader }) {
  const PgStore = connectPgSimple(session);
  class PgStoreWithUser extends PgStore {
    override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void) {
      options.loadSession(sid).then((found) => {
        if (!found) {
          callback(null, null);
          return;
        }
        if (found.user) usersOfLoadedSessions.set(found.sess, found.user);
        // The stored JSON is what express-session saved through this store.
        callback(null, found.sess as unknown as SessionData);
      }, callback);
    }

    override createSession(req: Request, sess: SessionData) {
      const user = usersOfLoadedSessions.get(sess);
      if (user) usersOfRequests.set(req, user);
      return super.createSession(req, sess);
    }
  }
  return new PgStoreWithUser({
    pool: options.pool,
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 600,
    // The idle timeout is enforced below from lastSeenAt, which is saved at most once a
    // minute, so the store need not be written on every request.
    disableTouch: true,
  });
}

export function setUpSession(
  app: Express,
  options: {
    pool: pg.Pool;
    loadSession: SessionLoader;
    secret: string;
    secure: boolean;
    idleMinutes: number;
    absoluteHours: number;
  },
) {
  app.use(
    session({
      name: SESSION_COOKIE_NAME,
      secret: options.secret,
      store: sessionStore(options),
      resave: false,
      saveUninitialized: false,
      // Rolling cookies make maxAge the idle timeout; the absolute limit is checked below.
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secure,
        maxAge: options.idleMinutes * 60 * 1000,
      },
    }),
  );
  app.use(enforceTimeouts(options.idleMinutes, options.absoluteHours));
}

function enforceTimeouts(idleMinutes: number, absoluteHours: number): RequestHandler {
  return (req, res, next) => {
    const now = Date.now();
    const { signedInAt, lastSeenAt } = req.session;
    const expired =
      signedInAt !== undefined &&
      (now - signedInAt > absoluteHours * 3600 * 1000 ||
        (lastSeenAt !== undefined && now - lastSeenAt > idleMinutes * 60 * 1000));
    if (!expired) {
      if (
        signedInAt !== undefined &&
        (lastSeenAt === undefined || now - lastSeenAt >= LAST_SEEN_PRECISION_MS)
      )
        req.session.lastSeenAt = now;
      next();
      return;
    }
    req.session.destroy((error) => {
      if (error) {
        next(error);
        return;
      }
      res.clearCookie(SESSION_COOKIE_NAME);
      res.redirect(303, '/sign-in?timeout=1');
    });
  };
}

/**
 * Redirects once the session is stored. express-session sends a response's headers before its
 * save finishes, and a browser follows a redirect on the headers alone: the next page could be
 * read with the session as it was before this request changed it.
 */
export function redirectAfterSessionSaved(req: Request, res: Response, next: NextFunction, location: string) {
  req.session.save((error) => {
    if (error) {
      next(error);
      return;
    }
    res.redirect(303, location);
  });
}
