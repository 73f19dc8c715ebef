/** Name of the read-only TypeORM DataSource that query handlers use. */
export const READ_CONNECTION = 'read';
