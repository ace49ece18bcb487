import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import pinoHttp from 'pino-http';
import { redactTokens, type Logger } from '../lib/logger';

const SAFE_REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

export function setUpLogging(app: Express, logger: Logger) {
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactTokens(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
}
