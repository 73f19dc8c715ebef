import { randomUUID } from 'node:crypto';
import {
  InvalidOrderError,
  OrderNotCancellableError,
  OrderNotShippableError,
  UnknownProductsError,
} from '../contracts/order.errors.js';
import { Order } from './order.entity.js';

const cup = { id: randomUUID(), name: 'Cup', priceCents: 1250 };
const place = (lines: { productId: string; quantity: number }[]) =>
  Order.place(randomUUID(), lines, [cup]);

/** The order's rules hold whoever sends the command: HTTP, a CLI, another module. */
describe('Order', () => {
  it('places an order priced from the catalog, with its event carrying the whole order', () => {
    const { order, event } = place([{ productId: cup.id, quantity: 3 }]);
    expect(order).toMatchObject({ status: 'placed', version: 1, totalCents: 3750 });
    expect(event.payload).toMatchObject({
      orderId: order.id,
      totalCents: 3750,
      lines: [{ productName: 'Cup', quantity: 3, unitPriceCents: 1250 }],
    });
  });

  it.each([
    ['no lines', []],
    ['101 lines', Array.from({ length: 101 }, () => ({ productId: cup.id, quantity: 1 }))],
    ['a quantity of 0', [{ productId: cup.id, quantity: 0 }]],
    ['a negative quantity', [{ productId: cup.id, quantity: -3 }]],
    ['a fractional quantity', [{ productId: cup.id, quantity: 1.5 }]],
    ['a quantity over 1000', [{ productId: cup.id, quantity: 1001 }]],
  ])('refuses %s', (_case, lines) => {
    expect(() => place(lines)).toThrow(InvalidOrderError);
  });

  it('refuses unknown products, naming them', () => {
    const missing = randomUUID();
    expect(() => place([{ productId: missing, quantity: 1 }])).toThrow(
      new UnknownProductsError([missing]),
    );
  });

  it('is cancelled or shipped once, from placed only, each change bumping the version', () => {
    const { order } = place([{ productId: cup.id, quantity: 1 }]);
    expect(order.cancel().payload).toMatchObject({ orderId: order.id, version: 2 });
    expect(() => order.cancel()).toThrow(OrderNotCancellableError);
    expect(() => order.ship()).toThrow(OrderNotShippableError);
    expect(order.version).toBe(2);
  });
});
