import connectPgSimple from 'connect-pg-simple';
import type { Express, RequestHandler } from 'express';
import session from 'express-session';
import type pg from 'pg';

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

export function setUpSession(
  app: Express,
  options: { pool: pg.Pool; secret: string; secure: boolean; idleMinutes: number; absoluteHours: number },
) {
  const PgStore = connectPgSimple(session);
  app.use(
    session({
      name: SESSION_COOKIE_NAME,
      secret: options.secret,
      store: new PgStore({
        pool: options.pool,
        tableName: 'session',
        createTableIfMissing: false,
        pruneSessionInterval: 600,
        // The idle timeout is enforced below from lastSeenAt, which is saved at most once a
        // minute, so the store need not be written on every request.
        disableTouch: true,
      }),
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
