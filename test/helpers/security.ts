import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

type Headers = Record<string, string | string[] | undefined>;

/** The CSP as a map of directive name to its sources. */
export function cspDirectives(headers: Headers): Map<string, string[]> {
  const policy = String(headers['content-security-policy'] ?? '');
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** What every response from the app carries, whatever the page type. */
export function expectBaselineHeaders(headers: Headers) {
  const csp = cspDirectives(headers);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(String(headers['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['x-powered-by']).toBeUndefined();
  expect(headers['access-control-allow-origin']).toBeUndefined();
}

/** Cookies the response sets, as raw Set-Cookie strings. */
export function setCookies(headers: Headers): string[] {
  const value = headers['set-cookie'];
  return Array.isArray(value) ? value : value ? [value] : [];
}

/** Signs of internals leaking into a response body. */
export const INTERNALS = [
  /\bat [\w.<>]+ \(/, // a stack frame
  /\.(ts|js):\d+/,
  /\/work\/|node_modules|server\/modules/,
  /\bselect\b[^<]*\bfrom\b|\binsert into\b|\brelation "/i,
  /knex|postgres|pg_/i,
];

export function expectNoInternals(body: string) {
  for (const pattern of INTERNALS) expect(body).not.toMatch(pattern);
}

/**
 * Sends a request exactly as written: supertest and browsers normalise `..` and absolute-form
 * targets, an attacker's client does not.
 */
export function rawRequest(
  app: Express,
  target: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: options.method ?? 'GET',
          path: target,
          headers: options.headers,
          agent: false,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            server.close();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          });
        },
      );
      req.on('error', (error) => {
        server.close();
        reject(error);
      });
      req.end();
    });
  });
}
