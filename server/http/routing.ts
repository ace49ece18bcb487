import type { RequestHandler, Router } from 'express';

const isUnder = (path: string, prefix: string) =>
  path === prefix || (path.startsWith(prefix) && path[prefix.length] === '/');

/**
 * A module's router, consulted only for paths under the given prefixes. Module routers are
 * mounted at the root and their routes written in full, so without this every request was
 * matched against each route of every module mounted before its own, with an event-loop turn for
 * each router it passed through. A route outside its module's prefixes would never be reached;
 * the access matrix tests, which request every route, would fail.
 *
 * The returned handler carries the router's `stack`, as a router does, so that route listings
 * (test/helpers/routes.ts) still see the routes.
 */
export function routerFor(prefixes: string[], router: Router): RequestHandler & { stack: Router['stack'] } {
  const handler: RequestHandler = (req, res, next) => {
    if (prefixes.some((prefix) => isUnder(req.path, prefix))) router(req, res, next);
    else next();
  };
  return Object.assign(handler, { stack: router.stack });
}
