import type { Express, RequestHandler, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Response {
    /** Renders a page view inside the site layout. `title` is the page's <h1> and <title>. */
    renderPage(view: string, locals: { title: string } & Record<string, unknown>): void;
  }
}

/** Renders a view, then the layout around it; reports the first failure to `onError`. */
export function renderInLayout(
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  onError: (error: Error) => void,
) {
  res.render(view, locals, (viewError: Error | null, body: string) => {
    if (viewError) {
      onError(viewError);
      return;
    }
    res.render('layouts/main', { ...locals, body }, (layoutError: Error | null, html: string) => {
      if (layoutError) onError(layoutError);
      else res.send(html);
    });
  });
}

const attachRenderPage: RequestHandler = (_req, res, next) => {
  res.renderPage = (view, locals) => renderInLayout(res, view, locals, next);
  next();
};

export function setUpRendering(app: Express) {
  app.use(attachRenderPage);
}
