import { randomUUID } from 'node:crypto';
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

export const aCustomer = (overrides: Record<string, unknown> = {}) => ({
  name: 'Ada Lovelace',
  email: `ada-${next()}@example.org`,
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
