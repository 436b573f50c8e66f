import type { Logger } from 'pino';

/** Whether a database error is a unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error as { code: unknown };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Whether PostgreSQL undid a transaction for what another one did at the same moment — a
 * deadlock (40P01) or, under a stricter isolation, a serialization failure (40001) — so that
 * running it again may succeed. On SQLite, another process's write (`tessera reseal` beside the
 * server) committed after this transaction's first read refuses its first write
 * (SQLITE_BUSY_SNAPSHOT), or held the lock past the busy timeout (SQLITE_BUSY): the same.
 */
export function isTransientConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error as { code: unknown };
  return code === '40P01' || code === '40001' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_BUSY';
}

// Node's socket errors, and what pg says when the server goes away mid-query.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const CONNECTION_LOST =
  /^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/;

/**
 * Whether a database error says the database cannot be reached right now — PostgreSQL restarting
 * or failing over (SQLSTATE class 08, 57P01–57P03, 53300 too many connections), a refused or
 * dropped connection, a server that is read-only because it is a replica now (25006: a proxy
 * still routes to the old primary for a few seconds after a failover) — rather than anything
 * about the request: the caller should try again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (
    typeof code === 'string' &&
    (code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300' || code === '25006')
  )
    return true;
  if (typeof code === 'string' && UNREACHABLE.has(code)) return true;
  // An AggregateError (both addresses of localhost refused) carries the code of its errors.
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return typeof message === 'string' && CONNECTION_LOST.test(message);
}

/**
 * An error as one line for the log, never empty: its code and message, and for an AggregateError
 * (both addresses of a host refused, whose own message is empty) those of the errors it holds.
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return [...new Set(error.errors.map(describeError))].join('; ');
  if (typeof error !== 'object' || error === null) return String(error) || 'unknown error';
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  const text = typeof message === 'string' && message ? message : typeof name === 'string' ? name : 'unknown error';
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}

/**
 * How loud a failure of background work is: the database away for a moment (a failover) is
 * expected and passes by itself — a warning; anything else is a fault to look at.
 */
export function failureLevel(error: unknown): 'warn' | 'error' {
  return isDatabaseUnavailable(error) ? 'warn' : 'error';
}

/** Tells in the log that background work failed: at its level (failureLevel), in words (describeError). */
export function logFailure(log: Pick<Logger, 'warn' | 'error'>, message: string, error: unknown): void {
  log[failureLevel(error)]({ error: describeError(error) }, message);
}
