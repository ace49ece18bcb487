import type { Express, RequestHandler } from 'express';

declare module 'express-serve-static-core' {
  interface Response {
    /** Renders a page view inside the site layout. `title` is the page's <h1> and <title>. */
    renderPage(view: string, locals: { title: string } & Record<string, unknown>): void;
  }
}

const attachRenderPage: RequestHandler = (_req, res, next) => {
  res.renderPage = (view, locals) => {
    res.render(view, locals, (viewError: Error | null, body: string) => {
      if (viewError) {
        next(viewError);
        return;
      }
      res.render('layouts/main', { ...locals, body }, (layoutError: Error | null, html: string) => {
        if (layoutError) next(layoutError);
        else res.send(html);
      });
    });
  };
  next();
};

export function setUpRendering(app: Express) {
  app.use(attachRenderPage);
}
