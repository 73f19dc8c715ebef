/**
 * Name of the small read-only TypeORM DataSource on the primary, registered only when
 * queries read a replica (DATABASE_READ_URL): the reads that promise to be current use it
 * (ReadDatabase.onPrimary). Without a replica the read connection is on the primary already.
 */
export const PRIMARY_READ_CONNECTION = 'primary-read';
