import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * Tells a database that cannot serve right now (down, restarting, out of connections, out
 * of disk) from a bug. The first is a 503 with Retry-After: the client did nothing wrong and
 * a retry may pass. Anything else stays a 500.
 *
 * Errors come raw from the drivers (`pg`, `pg-pool`, better-sqlite3) or wrapped by TypeORM
 * (`QueryFailedError.driverError`) or by us (`cause`): every layer is looked at.
 *
 * What a stopped PostgreSQL really throws (a private cluster, `pg_ctl stop -m immediate` or
 * `-m fast` under write load, test/outage.e2e-spec.ts): statements in flight fail with
 * "Connection terminated unexpectedly" (immediate) or 57P01 (fast); a transaction whose
 * connection broke between two statements fails its next one with TypeORM's "query runner
 * already released"; every new connection fails with ECONNREFUSED until it is back, and a
 * pool with no free connection in time fails with pg-pool's "timeout exceeded".
 */
const UNAVAILABLE_CODES = new Set([
  // Node's sockets: the server is not there, or went away.
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // PostgreSQL SQLSTATE class 08 (connection exception) and 57P0x (operator intervention).
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '53100', // disk_full
  '25006', // read_only_sql_transaction: a primary that became a standby
  // SQLite: the disk is full, the file cannot be opened, or the OS failed an I/O.
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_BUSY',
]);

/** What the drivers say without a code when a connection is lost or cannot be had in time. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // pg: the server closed the socket
  /timeout exceeded when trying to connect/, // pg-pool: connectionTimeoutMillis passed
  /^Client has encountered a connection error/, // pg: the client is unusable
  /^Client was closed and is not queryable/, // pg: a query on a client the error closed
  /^Cannot use a pool after calling end/, // shutting down
];

/**
 * TypeORM releases a transaction's query runner when its connection emits an error (the
 * server went away between two statements); the transaction's next statement then fails with
 * one of these, the driver's error already gone. Inside `transaction()` nothing else releases
 * the runner early, so here they mean a lost connection.
 */
const RELEASED_RUNNER_ERRORS = [
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const layer of layersOf(error)) {
    const code = (layer as { code?: unknown }).code;
    if (typeof code === 'string' && isUnavailableCode(code)) return true;
    const message = (layer as { message?: unknown }).message;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) {
      return true;
    }
    if (RELEASED_RUNNER_ERRORS.some((type) => layer instanceof type)) return true;
  }
  return false;
}

/** The code that classifies it (SQLSTATE, errno or SQLite code), for logs: never the query. */
export function databaseErrorCode(error: unknown): string | undefined {
  for (const layer of layersOf(error)) {
    const code = (layer as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function isUnavailableCode(code: string): boolean {
  // better-sqlite3 reports extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT, ...).
  return (
    UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CODES.has(code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1'))
  );
}

/** The error, then what it wraps: TypeORM's driverError, `cause`, an AggregateError's errors. */
function* layersOf(error: unknown, depth = 0): Generator<object> {
  if (typeof error !== 'object' || error === null || depth > 5) return;
  yield error;
  const { driverError, cause, errors } = error as {
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  yield* layersOf(driverError, depth + 1);
  yield* layersOf(cause, depth + 1);
  if (Array.isArray(errors)) for (const inner of errors) yield* layersOf(inner, depth + 1);
}
