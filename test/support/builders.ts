import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type TestAgent from 'supertest/lib/agent.js';

/** Builders fill every field with a valid default, so a test states only what matters. */
let sequence = 0;
const next = () => `${process.pid}-${++sequence}`;

export const aProduct = (overrides: Record<string, unknown> = {}) => ({
  sku: `SKU-${next()}`,
  name: 'Espresso cup',
  priceCents: 1250,
  ...overrides,
});

/** The password aCustomer() registers with. */
export const A_PASSWORD = 'correct horse battery staple';

export const aCustomer = (overrides: Record<string, unknown> = {}) => ({
  name: 'Ada Lovelace',
  email: `ada-${next()}@example.org`,
  password: A_PASSWORD,
  ...overrides,
});

export const anAddress = (overrides: Record<string, unknown> = {}) => ({
  street: '12 Analytical Row',
  city: 'London',
  postalCode: 'W1 1AA',
  country: 'GB',
  ...overrides,
});

export const aMissingId = () => randomUUID();

export interface Created {
  id: string;
  position: number;
  [field: string]: unknown;
}

export async function createProduct(
  http: TestAgent,
  overrides: Record<string, unknown> = {},
): Promise<Created> {
  const response = await http.post('/products').send(aProduct(overrides)).expect(201);
  return response.body as Created;
}

export async function registerCustomer(
  http: TestAgent,
  overrides: Record<string, unknown> = {},
): Promise<Created> {
  const response = await http.post('/customers').send(aCustomer(overrides)).expect(201);
  return response.body as Created;
}

/** A customer and two products, ready to order. */
export async function aShop(http: TestAgent) {
  const customer = await registerCustomer(http);
  const cup = await createProduct(http, { name: 'Cup', priceCents: 1250 });
  const saucer = await createProduct(http, { name: 'Saucer', priceCents: 800 });
  return { customer, cup, saucer };
}

export async function placeOrder(
  http: TestAgent,
  customerId: string,
  lines: { productId: string; quantity: number }[],
): Promise<Created> {
  const response = await http.post('/orders').send({ customerId, lines }).expect(201);
  return response.body as Created;
}

/** One line of a POST /orders body. */
export const aLine = (product: { id: string }, quantity = 1) => ({
  productId: product.id,
  quantity,
});

/** A command's answer without its log position: what a later GET of the same thing answers. */
export function withoutPosition<T extends { position?: unknown }>(answer: T): Omit<T, 'position'> {
  const copy: Omit<T, 'position'> & { position?: unknown } = { ...answer };
  delete copy.position;
  return copy;
}

/**
 * Retries an assertion until it passes or the deadline is reached, then fails with the
 * assertion's own error. For reads that may lag a write (the projected read view).
 */
export async function eventually<T>(assertion: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The median of some numbers (of an even count, the mean of the middle two). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Row counts of some tables: a rejected request must leave every one of them as it was. */
export async function rowCounts(
  db: DataSource,
  tables: readonly string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
    counts[table] = Number(row.n);
  }
  return counts;
}
