import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OrderCancelledEvent } from '../contracts/order-cancelled.event.js';
import {
  InvalidOrderError,
  OrderNotCancellableError,
  OrderNotShippableError,
  UnknownProductsError,
} from '../contracts/order.errors.js';
import { OrderPlacedEvent } from '../contracts/order-placed.event.js';
import type { OrderResponse, OrderStatus } from '../contracts/order.response.js';
import { OrderShippedEvent } from '../contracts/order-shipped.event.js';
import { MAX_LINES_PER_ORDER, MAX_QUANTITY, MIN_QUANTITY } from './order-fields.js';
import { OrderLine } from './order-line.entity.js';

export interface RequestedLine {
  productId: string;
  quantity: number;
}

export interface CatalogPrice {
  id: string;
  name: string;
  priceCents: number;
}

/**
 * The order aggregate. Its methods enforce the life cycle (placed -> cancelled | shipped)
 * and return the event that records the change; `version` guards against lost updates.
 */
@Entity('orders')
export class Order {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 36 })
  customerId: string;

  @Column({ type: 'varchar', length: 16 })
  status: OrderStatus;

  /** ISO-8601 UTC text: both databases sort and compare it the same way. */
  @Column({ name: 'placed_at', type: 'varchar', length: 24 })
  placedAt: string;

  @Column({ name: 'total_cents', type: 'bigint' })
  totalCents: number;

  @Column({ type: 'integer' })
  version: number;

  /** Loaded and saved by OrderRepository, not by a TypeORM relation. */
  lines: OrderLine[];

  /**
   * @param prices the catalog's current prices for the requested products
   * @throws InvalidOrderError when the lines break the limits of an order
   * @throws UnknownProductsError when a requested product is not in `prices`
   */
  static place(
    customerId: string,
    requested: readonly RequestedLine[],
    prices: readonly CatalogPrice[],
  ): { order: Order; event: OrderPlacedEvent } {
    if (requested.length < 1 || requested.length > MAX_LINES_PER_ORDER) {
      throw new InvalidOrderError(`an order has 1 to ${MAX_LINES_PER_ORDER} lines`);
    }
    for (const { quantity } of requested) {
      if (!Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
        throw new InvalidOrderError(
          `quantity must be an integer from ${MIN_QUANTITY} to ${MAX_QUANTITY}`,
        );
      }
    }
    const byId = new Map(prices.map((product) => [product.id, product]));
    const unknown = [
      ...new Set(requested.map((line) => line.productId).filter((id) => !byId.has(id))),
    ];
    if (unknown.length > 0) throw new UnknownProductsError(unknown);

    const order = new Order();
    order.id = randomUUID();
    order.customerId = customerId;
    order.status = 'placed';
    order.placedAt = new Date().toISOString();
    order.version = 1;
    order.lines = requested.map(({ productId, quantity }, index) => {
      const product = byId.get(productId)!;
      return Object.assign(new OrderLine(), {
        orderId: order.id,
        lineNo: index + 1,
        productId,
        productName: product.name,
        quantity,
        unitPriceCents: product.priceCents,
      });
    });
    order.totalCents = order.lines.reduce(
      (sum, line) => sum + line.quantity * line.unitPriceCents,
      0,
    );
    const { id: orderId, placedAt, totalCents, lines } = order.toResponse();
    const event = new OrderPlacedEvent(order.id, {
      orderId,
      customerId,
      placedAt,
      totalCents,
      lines,
    });
    return { order, event };
  }

  /** @throws OrderNotCancellableError unless the order is placed */
  cancel(): OrderCancelledEvent {
    if (this.status !== 'placed') throw new OrderNotCancellableError(this.id, this.status);
    this.changeStatus('cancelled');
    return new OrderCancelledEvent(this.id, {
      orderId: this.id,
      customerId: this.customerId,
      version: this.version,
    });
  }

  /** @throws OrderNotShippableError unless the order is placed */
  ship(): OrderShippedEvent {
    if (this.status !== 'placed') throw new OrderNotShippableError(this.id, this.status);
    this.changeStatus('shipped');
    return new OrderShippedEvent(this.id, {
      orderId: this.id,
      customerId: this.customerId,
      version: this.version,
    });
  }

  toResponse(): OrderResponse {
    return {
      id: this.id,
      customerId: this.customerId,
      status: this.status,
      placedAt: this.placedAt,
      totalCents: Number(this.totalCents),
      version: this.version,
      lines: this.lines.map((line) => line.toResponse()),
    };
  }

  private changeStatus(status: OrderStatus): void {
    this.status = status;
    this.version += 1;
  }
}
