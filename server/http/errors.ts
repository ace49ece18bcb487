import type { ErrorRequestHandler, Express, Request, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../db/unavailable';
import { ConflictError, NotFoundError, StorageFullError, UserFacingError } from '../lib/errors';
import { renderInLayout } from './render';

const requestIdOf = (req: Request) => (typeof req.id === 'string' ? req.id : '');

const notFound: RequestHandler = (_req, res) => {
  res.status(404);
  res.renderPage('errors/not-found', { title: 'Page not found' });
};

type HttpishError = Error & {
  status?: number;
  statusCode?: number;
  code?: string;
  type?: string;
  expose?: boolean;
};

const TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  403: 'You do not have permission to do that',
  404: 'Page not found',
  405: 'That method is not allowed',
  409: 'Someone else changed this first',
  413: 'What you sent is too large',
  415: 'That type of content is not supported',
  429: 'Too many requests',
  503: 'Sorry, the service is unavailable',
};

function statusOf(error: HttpishError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof StorageFullError) return 503;
  if (error instanceof UserFacingError) return 400;
  if (isDatabaseUnavailable(error)) return 503;
  const status = error.status ?? error.statusCode;
  return status && status >= 400 && status < 600 ? status : 500;
}

/** Last resort if the error page itself cannot be rendered: plain text, still no internals. */
const fallbackHandler: ErrorRequestHandler = (error: Error, req, res, _next) => {
  req.log?.error({ err: error }, 'error page failed to render');
  if (res.headersSent) {
    res.end();
    return;
  }
  res
    .status(500)
    .type('text/plain')
    .send(`Sorry, there is a problem with the service. Reference: ${requestIdOf(req)}`);
};

/** One place decides what a failure looks like: the layout, a request id, never a stack trace. */
function errorHandler(isProduction: boolean): ErrorRequestHandler {
  return (error: HttpishError, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = statusOf(error);
    if (status === 503) req.log?.warn({ err: error.message }, 'service unavailable');
    else if (status >= 500) req.log?.error({ err: error }, 'request failed');
    else req.log?.info({ status, err: error.message }, 'request refused');
    // An outage is expected to pass: tell clients and proxies when to try again.
    if (status === 503) res.set('Retry-After', '30');
    const csrfFailure = error.code === 'EBADCSRFTOKEN' || error.message === 'invalid csrf token';
    res.status(status);
    const title = csrfFailure
      ? 'Your form has expired'
      : (TITLES[status] ?? 'Sorry, there is a problem with the service');
    // A rule's refusal is written for the user; anything else stays private outside development.
    const detail = error instanceof UserFacingError ? error.message : undefined;
    const internalDetail = !detail && !isProduction && status >= 500 ? error.message : undefined;
    if (req.accepts(['html', 'json']) === 'json' && !req.accepts('html')) {
      res.json({ error: title, requestId: req.id });
      return;
    }
    const locals = { title, status, csrfFailure, requestId: requestIdOf(req), detail, internalDetail };
    renderInLayout(res, 'errors/error', locals, (renderError) =>
      fallbackHandler(renderError, req, res, next),
    );
  };
}

export function setUpErrorHandling(app: Express, isProduction: boolean) {
  app.use(notFound);
  app.use(errorHandler(isProduction));
  app.use(fallbackHandler);
}
