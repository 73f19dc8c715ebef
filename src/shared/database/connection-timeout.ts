/**
 * How long a PostgreSQL pool may take to hand out a connection (pg-pool's
 * `connectionTimeoutMillis`): waiting for a free one, or connecting a new one. Past it the
 * request fails with "timeout exceeded when trying to connect", which is a 503 with
 * Retry-After (isDatabaseUnavailable), not a request hanging until the client gives up.
 * Under normal load a connection is free within milliseconds (bench/); 5 s turned a burst of
 * 200 concurrent orders on a loaded test machine into 503s (test/concurrency.e2e-spec.ts), so
 * the limit is for a database that does not answer, not for a queue that is merely long.
 */
export const CONNECTION_TIMEOUT_MS = 10_000;
