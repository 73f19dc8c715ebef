/**
 * What the OpenAPI document says of a read that goes to the read connection: with a replica
 * it may lag (ADR 0009). One wording for every such route.
 */
export const MAY_LAG_ON_A_REPLICA =
  'Read from the read database: with a replica (DATABASE_READ_URL) it may not show writes of ' +
  'the last moments yet (GET /ops/projections shows the lag, `readDatabase`).';
