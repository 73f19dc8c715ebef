/**
 * Name of the TypeORM DataSource the projector writes through on PostgreSQL (see
 * ProjectorDatabase). SQLite has none: its one writer is the write connection.
 */
export const PROJECTOR_CONNECTION = 'projector';
