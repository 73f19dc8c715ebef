import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { plainSql, plainSqlChangedRows } from '../../../shared/database/plain-sql.js';
import type { LoggedEventOf } from '../../../shared/event-log/logged-event.js';
import { Projection } from '../../../shared/projections/projection.js';
import {
  OrderCancelledEvent,
  type OrderCancelledPayload,
} from '../contracts/order-cancelled.event.js';
import { OrderPlacedEvent, type OrderPlacedPayload } from '../contracts/order-placed.event.js';
import {
  PRODUCT_SALES,
  PRODUCT_SALES_LINES,
  type ProductSalesLineRow,
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

  async clear(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(PRODUCT_SALES_LINES).execute();
    await manager.createQueryBuilder().delete().from(PRODUCT_SALES).execute();
  }

  private async placed(
    manager: EntityManager,
    { orderId, lines }: OrderPlacedPayload,
    position: number,
  ): Promise<void> {
    // One product may be on several lines of an order: one contribution per product.
    const byProduct = new Map<string, { name: string; quantity: number; revenueCents: number }>();
    for (const line of lines) {
      const sum = byProduct.get(line.productId) ?? { name: '', quantity: 0, revenueCents: 0 };
      sum.name = line.productName;
      sum.quantity += line.quantity;
      sum.revenueCents += line.quantity * line.unitPriceCents;
      byProduct.set(line.productId, sum);
    }
    for (const [productId, { name, quantity, revenueCents }] of byProduct) {
      await plainSql(
        manager,
        `INSERT INTO ${PRODUCT_SALES_LINES} (order_id, product_id, quantity, revenue_cents)
         VALUES ($1, $2, $3, $4)`,
        [orderId, productId, quantity, revenueCents],
      );
      await plainSql(
        manager,
        `INSERT INTO ${PRODUCT_SALES}
           (product_id, product_name, units_sold, revenue_cents, orders, cancelled_units, position)
         VALUES ($1, $2, $3, $4, 1, 0, $5)
         ON CONFLICT (product_id) DO UPDATE SET
           product_name = excluded.product_name,
           units_sold = ${PRODUCT_SALES}.units_sold + excluded.units_sold,
           revenue_cents = ${PRODUCT_SALES}.revenue_cents + excluded.revenue_cents,
           orders = ${PRODUCT_SALES}.orders + 1,
           position = excluded.position`,
        [productId, name, quantity, revenueCents, position],
      );
    }
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
