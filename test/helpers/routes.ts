import type { Express } from 'express';

export type RegisteredRoute = { method: string; path: string };

type Layer = {
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
};

const pathsOf = (raw: string | string[] | undefined) => (Array.isArray(raw) ? raw : [raw ?? '']);

function walk(stack: Layer[], prefix: string): RegisteredRoute[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const { route } = layer;
      return pathsOf(route.path).flatMap((path) =>
        Object.keys(route.methods).map((method) => ({ method: method.toUpperCase(), path: prefix + path })),
      );
    }
    if (layer.handle?.stack) {
      return pathsOf(layer.rawPath).flatMap((mount) =>
        walk(layer.handle!.stack!, prefix + (mount === '/' ? '' : mount)),
      );
    }
    return [];
  });
}

/**
 * Every route the app registers, read from Express's router, so a test built on it covers a
 * route as soon as it is added. Static file mounts are not routes and are left out.
 */
export function listRoutes(app: Express): RegisteredRoute[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  const seen = new Set<string>();
  return walk(router.stack, '').filter((route) => {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
