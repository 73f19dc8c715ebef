import { randomUUID } from 'node:crypto';
import {
  aLine,
  anOrderCancelled,
  anOrderPlaced,
  anOrderShipped,
} from '../../../../test/support/order-events.js';
import { type ProjectionSpec, projectionSpec } from '../../../../test/support/projection-spec.js';
import { ProductSalesProjection } from './product-sales.projection.js';
import { PRODUCT_SALES } from './product-sales.view.js';

describe('ProductSalesProjection', () => {
  let spec: ProjectionSpec;
  beforeAll(async () => {
    spec = await projectionSpec(ProductSalesProjection, {
      view: PRODUCT_SALES,
      orderBy: 'product_name',
    });
  });
  afterAll(() => spec.close());

  const cup = { productId: randomUUID(), productName: 'Cup', unitPriceCents: 450 };
  const saucer = { productId: randomUUID(), productName: 'Saucer', unitPriceCents: 200 };

  it('adds up units, revenue and orders per product, a product on two lines counted once per order', async () => {
    await spec
      .given(
        anOrderPlaced({
          lines: [aLine({ ...cup, quantity: 2 }), aLine({ ...saucer, quantity: 1 })],
        }),
        anOrderPlaced({ lines: [aLine({ ...cup, quantity: 1 }), aLine({ ...cup, quantity: 3 })] }),
      )
      .then([
        {
          product_id: cup.productId,
          units_sold: 6,
          revenue_cents: 2700,
          orders: 2,
          cancelled_units: 0,
        },
        {
          product_id: saucer.productId,
          units_sold: 1,
          revenue_cents: 200,
          orders: 1,
          cancelled_units: 0,
        },
      ]);
  });

  // #region spec
  it('takes a cancelled order back into cancelled units; a shipped one stays sold', async () => {
    const cancelled = anOrderPlaced({ lines: [aLine({ ...cup, quantity: 2 })] });
    const shipped = anOrderPlaced({ lines: [aLine({ ...cup, quantity: 5 })] });

    await spec
      .given(cancelled, shipped, anOrderCancelled(cancelled), anOrderShipped(shipped))
      .then([{ units_sold: 5, revenue_cents: 2250, orders: 1, cancelled_units: 2 }]);
  });
  // #endregion

  it('adds an order placed after a cancellation to what the cancellation left', async () => {
    const cancelled = anOrderPlaced({ lines: [aLine({ ...cup, quantity: 2 })] });
    const later = anOrderPlaced({ lines: [aLine({ ...cup, quantity: 3 })] });

    await spec
      .given(cancelled, anOrderCancelled(cancelled), later)
      .then([{ units_sold: 3, revenue_cents: 1350, orders: 1, cancelled_units: 2 }]);
  });

  it('keeps the product name as it was on the latest order', async () => {
    await spec
      .given(
        anOrderPlaced({ lines: [aLine({ ...cup, productName: 'Cup' })] }),
        anOrderPlaced({ lines: [aLine({ ...cup, productName: 'Big cup' })] }),
      )
      .then([{ product_name: 'Big cup', units_sold: 2 }]);
  });

  it('fails on a cancellation of an order it never saw, and the runner stops there', async () => {
    const seen = anOrderPlaced({ lines: [aLine({ ...cup, quantity: 1 })] });
    const unseen = anOrderPlaced();

    await spec
      .given(seen, anOrderCancelled(unseen), anOrderCancelled(seen))
      .thenFailsAt(1, `has no lines for order ${unseen.payload.orderId}`, [
        { units_sold: 1, cancelled_units: 0 },
      ]);
  });
});
