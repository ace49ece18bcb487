/**
 * Failures that mean the database cannot be reached just now (stopped, restarting, failed over,
 * out of connections) rather than a fault in the request: the user should try again shortly.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01', // admin_shutdown: the server was stopped
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);

// pg and knex report a lost connection or an exhausted pool in their messages, not their codes.
const UNREACHABLE_MESSAGES =
  /Connection terminated|connection error and is not queryable|Timeout acquiring a connection/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return error.name === 'KnexTimeoutError' || UNREACHABLE_MESSAGES.test(error.message);
}
