/**
 * Name of the TypeORM DataSource /health pings on PostgreSQL: one connection of its own, so
 * the probe never waits behind the commands for a connection of the write pool (a busy pool
 * is not a database that is down). SQLite has none: its ping does not queue.
 */
export const HEALTH_CONNECTION = 'health';
