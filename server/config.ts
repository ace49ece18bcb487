import path from 'node:path';
import { z } from 'zod';

const booleanFromString = z.enum(['true', 'false']).transform((value) => value === 'true');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z.url().optional(),
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  ACCOUNT_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  ACCOUNT_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  ORG_NAME: z.string().min(1).max(120).default('Oxfordshire County Council'),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().min(3).default('Market testing <market-testing@council.example>'),
  MAIL_POLL_MS: z.coerce.number().int().min(50).default(2000),
  REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').default('market-testing-demo'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanFromString.default(false),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  baseUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  signInRateLimit: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
  orgName: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  mailPollMs: number;
  reminderIntervalSeconds: number;
  demoPassword: string;
  logLevel: string;
  trustProxy: boolean;
  /** How many app processes serve requests (docs/deployment.md). */
  webConcurrency: number;
};

export class ConfigError extends Error {}

const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-not-for-production';

/** Reads and validates the environment once; fails with a message naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  const isProduction = values.NODE_ENV === 'production';
  if (isProduction) {
    const missing = (['SESSION_SECRET', 'DATABASE_URL', 'BASE_URL'] as const).filter((key) => !values[key]);
    if (missing.length > 0) {
      throw new ConfigError(`Invalid configuration: ${missing.join(', ')} must be set in production`);
    }
    if (values.BASE_URL && !values.BASE_URL.startsWith('https://')) {
      throw new ConfigError('Invalid configuration: BASE_URL must use https in production');
    }
  }
  return {
    env: values.NODE_ENV,
    isProduction,
    port: values.PORT,
    baseUrl: (values.BASE_URL ?? `http://localhost:${values.PORT}`).replace(/\/$/, ''),
    databaseUrl: values.DATABASE_URL,
    dataDir: path.resolve(values.DATA_DIR),
    embeddedPgPort: values.EMBEDDED_PG_PORT,
    sessionSecret: values.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    sessionIdleMinutes: values.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: values.SESSION_ABSOLUTE_HOURS,
    signInRateLimit: values.SIGN_IN_RATE_LIMIT,
    lockoutAttempts: values.ACCOUNT_LOCKOUT_ATTEMPTS,
    lockoutMinutes: values.ACCOUNT_LOCKOUT_MINUTES,
    orgName: values.ORG_NAME,
    smtpUrl: values.SMTP_URL,
    mailFrom: values.MAIL_FROM,
    mailPollMs: values.MAIL_POLL_MS,
    reminderIntervalSeconds: values.REMINDER_INTERVAL_SECONDS,
    demoPassword: values.DEMO_PASSWORD,
    logLevel: values.LOG_LEVEL,
    trustProxy: values.TRUST_PROXY,
    webConcurrency: values.WEB_CONCURRENCY,
  };
}
