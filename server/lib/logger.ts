import pino from 'pino';

/** Secrets never reach the logs: credentials, cookies and one-time tokens in URLs are redacted. */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
  });
}

export type Logger = pino.Logger;

const TOKEN_IN_PATH = /\/(set-password|reset-password)\/[^/?#]+/;

export function redactTokens(url: string): string {
  return url.replace(TOKEN_IN_PATH, '/$1/[redacted]');
}
