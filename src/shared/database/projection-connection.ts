/**
 * Name of the TypeORM DataSource the projection runner writes through on PostgreSQL (see
 * ProjectionDatabase). SQLite has none: its one writer is the write connection.
 */
export const PROJECTION_CONNECTION = 'projections';
