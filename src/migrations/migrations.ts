import { InitialSchema1764150000000 } from './1764150000000-initial-schema.js';
import { OrderListByCustomer1764160000000 } from './1764160000000-order-list-by-customer.js';
import { IdempotencyKeys1764170000000 } from './1764170000000-idempotency-keys.js';
import { Authentication1764180000000 } from './1764180000000-authentication.js';
import { ProjectionVersions1764215000000 } from './1764215000000-projection-versions.js';
import { ProductSales1764215100000 } from './1764215100000-product-sales.js';
import { IdempotencyKeysPerCaller1764216000000 } from './1764216000000-idempotency-keys-per-caller.js';

/** Every migration, in order. Listed, not globbed: what runs is what you read here. */
export const migrations = [
  InitialSchema1764150000000,
  OrderListByCustomer1764160000000,
  IdempotencyKeys1764170000000,
  Authentication1764180000000,
  ProjectionVersions1764215000000,
  ProductSales1764215100000,
  IdempotencyKeysPerCaller1764216000000,
];
