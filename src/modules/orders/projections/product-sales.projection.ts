import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRows, plainSql, plainSqlChangedRows } from '../../../shared/database/plain-sql.js';
import type { LoggedEventOf } from '../../../shared/event-log/logged-event.js';
import { Projection } from '../../../shared/projections/projection.js';
import { applyInRuns } from '../../../shared/projections/apply-in-runs.js';
import {
  OrderCancelledEvent,
  type OrderCancelledPayload,
} from '../contracts/order-cancelled.event.js';
import { OrderPlacedEvent, type OrderPlacedPayload } from '../contracts/order-placed.event.js';
import {
  PRODUCT_SALES,
  PRODUCT_SALES_LINES,
  type ProductSalesLineRow,
  type ProductSalesRow,
} from './product-sales.view.js';

// #region definition
type Handles = typeof OrderPlacedEvent | typeof OrderCancelledEvent;

/**
 * Sales per product, from OrderPlaced and OrderCancelled alone: the second read view, added
 * without a change to the write side and filled by replaying the log (a new projection
 * starts at version 0, so the app rebuilds its view at start-up).
 *
 * An OrderCancelled event names only the order, so the projection keeps what each order
 * added per product (`product_sales_lines`) to take it back. A cancellation of an order it
 * never saw is an error: the runner stops there.
 */
@Projection()
@Injectable()
export class ProductSalesProjection implements Projection<Handles> {
  readonly name = PRODUCT_SALES;
  readonly version: number = 1;
  readonly handles = [OrderPlacedEvent, OrderCancelledEvent];

  async apply(manager: EntityManager, event: LoggedEventOf<Handles>): Promise<void> {
    switch (event.type) {
      case OrderPlacedEvent.type:
        return this.placed(manager, event.payload, event.position);
      case OrderCancelledEvent.type:
        return this.cancelled(manager, event.payload, event.position);
    }
  }
  // #endregion

  /**
   * Each run of OrderPlaced events (nearly all of them) in two statements, whatever its length:
   * one INSERT of what each order added per product, one upsert of the totals per product.
   * Cancellations one by one, in order.
   */
  async applyAll(manager: EntityManager, events: readonly LoggedEventOf<Handles>[]): Promise<void> {
    await applyInRuns(
      events,
      OrderPlacedEvent.type,
      (placed) => this.placedAll(manager, placed),
      (event) => this.apply(manager, event),
    );
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(PRODUCT_SALES_LINES).execute();
    await manager.createQueryBuilder().delete().from(PRODUCT_SALES).execute();
  }

  private placed(
    manager: EntityManager,
    payload: OrderPlacedPayload,
    position: number,
  ): Promise<void> {
    return this.placedAll(manager, [{ payload, position }]);
  }

  private async placedAll(
    manager: EntityManager,
    orders: readonly { payload: OrderPlacedPayload; position: number }[],
  ): Promise<void> {
    const lines: ProductSalesLineRow[] = [];
    const totals = new Map<string, ProductSalesRow>();
    for (const { payload, position } of orders) {
      for (const [productId, added] of perProduct(payload.lines)) {
        lines.push({
          order_id: payload.orderId,
          product_id: productId,
          quantity: added.quantity,
          revenue_cents: added.revenueCents,
        });
        const total = totals.get(productId) ?? {
          product_id: productId,
          product_name: '',
          units_sold: 0,
          revenue_cents: 0,
          orders: 0,
          cancelled_units: 0,
          position: 0,
        };
        total.product_name = added.name; // the latest order's
        total.units_sold += added.quantity;
        total.revenue_cents += added.revenueCents;
        total.orders += 1;
        total.position = position;
        totals.set(productId, total);
      }
    }
    await insertRows(manager, PRODUCT_SALES_LINES, lines);
    await insertRows(
      manager,
      PRODUCT_SALES,
      [...totals.values()],
      `ON CONFLICT (product_id) DO UPDATE SET
         product_name = excluded.product_name,
         units_sold = ${PRODUCT_SALES}.units_sold + excluded.units_sold,
         revenue_cents = ${PRODUCT_SALES}.revenue_cents + excluded.revenue_cents,
         orders = ${PRODUCT_SALES}.orders + excluded.orders,
         position = excluded.position`,
    );
  }

  private async cancelled(
    manager: EntityManager,
    { orderId }: OrderCancelledPayload,
    position: number,
  ): Promise<void> {
    const lines = await plainSql<ProductSalesLineRow[]>(
      manager,
      `SELECT product_id, quantity, revenue_cents FROM ${PRODUCT_SALES_LINES} WHERE order_id = $1`,
      [orderId],
    );
    if (lines.length === 0) {
      throw new Error(`${PRODUCT_SALES} has no lines for order ${orderId} at position ${position}`);
    }
    for (const line of lines) {
      const changed = await plainSqlChangedRows(
        manager,
        `UPDATE ${PRODUCT_SALES} SET units_sold = units_sold - $1,
                revenue_cents = revenue_cents - $2, orders = orders - 1,
                cancelled_units = cancelled_units + $1, position = $3
          WHERE product_id = $4`,
        [Number(line.quantity), Number(line.revenue_cents), position, line.product_id],
      );
      if (changed !== 1) {
        throw new Error(`${PRODUCT_SALES} has no row for product ${line.product_id}`);
      }
    }
    await plainSql(manager, `DELETE FROM ${PRODUCT_SALES_LINES} WHERE order_id = $1`, [orderId]);
  }
}

/** What one order adds per product: a product may be on several of its lines. */
function perProduct(
  lines: OrderPlacedPayload['lines'],
): Map<string, { name: string; quantity: number; revenueCents: number }> {
  const byProduct = new Map<string, { name: string; quantity: number; revenueCents: number }>();
  for (const line of lines) {
    const sum = byProduct.get(line.productId) ?? { name: '', quantity: 0, revenueCents: 0 };
    sum.name = line.productName;
    sum.quantity += line.quantity;
    sum.revenueCents += line.quantity * line.unitPriceCents;
    byProduct.set(line.productId, sum);
  }
  return byProduct;
}
