import { randomUUID } from 'node:crypto';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { ListProductsByIdsQuery } from '../../src/modules/catalog/contracts/list-products-by-ids.query.js';
import type { ProductResponse } from '../../src/modules/catalog/contracts/product.response.js';
import { CustomerNotFoundError } from '../../src/modules/customers/contracts/customer.errors.js';
import type {
  AddressResponse,
  CustomerResponse,
} from '../../src/modules/customers/contracts/customer.response.js';
import { GetCustomerQuery } from '../../src/modules/customers/contracts/get-customer.query.js';

/**
 * Other modules, faked at their public queries (never by importing their internals): a
 * module under test registers these as providers instead of importing CatalogModule or
 * CustomersModule, and the test decides what they answer.
 */

let sequence = 0;
const next = () => `${process.pid}-${++sequence}`;

export const aCustomerResponse = (overrides: Partial<CustomerResponse> = {}): CustomerResponse => ({
  id: randomUUID(),
  name: 'Ada Lovelace',
  email: `ada-${next()}@example.org`,
  address: null,
  ...overrides,
});

export const anAddressResponse = (overrides: Partial<AddressResponse> = {}): AddressResponse => ({
  street: '12 Analytical Row',
  city: 'London',
  postalCode: 'W1 1AA',
  country: 'GB',
  ...overrides,
});

export const aProductResponse = (overrides: Partial<ProductResponse> = {}): ProductResponse => ({
  id: randomUUID(),
  sku: `SKU-${next()}`,
  name: 'Espresso cup',
  priceCents: 1250,
  ...overrides,
});

/** The customers module's GetCustomerQuery, answered from a list the test fills. */
@QueryHandler(GetCustomerQuery)
export class FakeGetCustomerHandler implements IQueryHandler<GetCustomerQuery> {
  private readonly customers = new Map<string, CustomerResponse>();

  add(customer: CustomerResponse = aCustomerResponse()): CustomerResponse {
    this.customers.set(customer.id, customer);
    return customer;
  }

  async execute({ customerId }: GetCustomerQuery): Promise<CustomerResponse> {
    const customer = this.customers.get(customerId);
    if (!customer) throw new CustomerNotFoundError(customerId);
    return customer;
  }
}

/** The catalog's ListProductsByIdsQuery: like the real one, it answers only known products. */
@QueryHandler(ListProductsByIdsQuery)
export class FakeListProductsByIdsHandler implements IQueryHandler<ListProductsByIdsQuery> {
  private readonly products = new Map<string, ProductResponse>();

  /** Adds a product, or replaces it (a price change in the catalog). */
  set(product: ProductResponse = aProductResponse()): ProductResponse {
    this.products.set(product.id, product);
    return product;
  }

  async execute({ productIds }: ListProductsByIdsQuery): Promise<ProductResponse[]> {
    return [...new Set(productIds)].flatMap((id) => {
      const product = this.products.get(id);
      return product ? [{ ...product }] : [];
    });
  }
}

/** Both fakes, to pass as `providers` of createHandlerTestModule. */
export const fakePublicQueries = [FakeGetCustomerHandler, FakeListProductsByIdsHandler];

/** A customer and two products the fakes know, ready to order. */
export function aFakeShop(moduleRef: TestingModule) {
  const customers = moduleRef.get(FakeGetCustomerHandler);
  const catalog = moduleRef.get(FakeListProductsByIdsHandler);
  return {
    customers,
    catalog,
    customer: customers.add(aCustomerResponse()),
    cup: catalog.set(aProductResponse({ name: 'Cup', priceCents: 1250 })),
    saucer: catalog.set(aProductResponse({ name: 'Saucer', priceCents: 800 })),
  };
}
