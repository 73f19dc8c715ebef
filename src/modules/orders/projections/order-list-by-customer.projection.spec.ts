import { ProductCreatedEvent } from '../../catalog/contracts/product-created.event.js';
import {
  aLine,
  anOrderCancelled,
  anOrderPlaced,
  anOrderShipped,
} from '../../../../test/support/order-events.js';
import { type ProjectionSpec, projectionSpec } from '../../../../test/support/projection-spec.js';
import { OrderListByCustomerProjection } from './order-list-by-customer.projection.js';
import { ORDER_LIST_BY_CUSTOMER } from './order-list-by-customer.view.js';

describe('OrderListByCustomerProjection', () => {
  let spec: ProjectionSpec;
  beforeAll(async () => {
    spec = await projectionSpec(OrderListByCustomerProjection, {
      view: ORDER_LIST_BY_CUSTOMER,
      orderBy: 'placed_at, order_id',
    });
  });
  afterAll(() => spec.close());

  it('adds one row per order placed, with its lines and item count', async () => {
    const cup = aLine({ quantity: 2, unitPriceCents: 450 });
    const saucer = aLine({ productName: 'Saucer', quantity: 3, unitPriceCents: 200 });
    const placed = anOrderPlaced({ placedAt: '2026-11-30T10:00:00.000Z', lines: [cup, saucer] });
    const { orderId, customerId } = placed.payload;

    await spec.given(placed).then([
      {
        order_id: orderId,
        customer_id: customerId,
        placed_at: '2026-11-30T10:00:00.000Z',
        status: 'placed',
        total_cents: 1500,
        item_count: 5,
        lines: JSON.stringify([cup, saucer]),
      },
    ]);
  });

  it('shows each order in its latest status', async () => {
    const first = anOrderPlaced({ placedAt: '2026-11-30T10:00:00.000Z' });
    const second = anOrderPlaced({ placedAt: '2026-11-30T10:00:01.000Z' });
    const third = anOrderPlaced({ placedAt: '2026-11-30T10:00:02.000Z' });
    const shipped = anOrderShipped(second);

    await spec.given(first, second, third, anOrderCancelled(first), shipped).then([
      { order_id: first.payload.orderId, status: 'cancelled' },
      { order_id: second.payload.orderId, status: 'shipped' },
      { order_id: third.payload.orderId, status: 'placed' },
    ]);
  });

  it('ignores events it does not handle', async () => {
    const placed = anOrderPlaced();
    const aProduct = () =>
      new ProductCreatedEvent('p', { productId: 'p', sku: 'S', name: 'N', priceCents: 1 });

    await spec.given(aProduct(), placed, aProduct()).then([{ order_id: placed.payload.orderId }]);
  });

  it('fails on a cancellation of an order it has no row for, and the runner stops there', async () => {
    const placed = anOrderPlaced();
    const unknown = anOrderPlaced();

    await spec
      .given(placed, anOrderCancelled(unknown), anOrderPlaced())
      .thenFailsAt(1, `has no row for order ${unknown.payload.orderId}`, [
        { order_id: placed.payload.orderId, status: 'placed' },
      ]);
  });
});
