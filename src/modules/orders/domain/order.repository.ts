import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { plainSql, plainSqlChangedRows, valuesRows } from '../../../shared/database/plain-sql.js';
import type { Transaction } from '../../../shared/database/transaction.js';
import type { DomainEvent } from '../../../shared/event-log/domain-event.js';
import { OrderNotFoundError, OrderVersionConflictError } from '../contracts/order.errors.js';
import { OrderLine } from './order-line.entity.js';
import { Order } from './order.entity.js';

/** Loads and saves whole orders (order row plus lines) inside a command's transaction. */
@Injectable()
export class OrderRepository {
  /** @throws OrderNotFoundError */
  async get(manager: EntityManager, orderId: string): Promise<Order> {
    const order = await manager.findOneBy(Order, { id: orderId });
    if (!order) throw new OrderNotFoundError(orderId);
    order.lines = await manager.find(OrderLine, { where: { orderId }, order: { lineNo: 'ASC' } });
    return order;
  }

  /** Plain SQL: TypeORM's insert put the numbers into the SQL text, a new statement each time. */
  async add(manager: EntityManager, order: Order): Promise<void> {
    await plainSql(
      manager,
      `INSERT INTO orders (id, customer_id, status, placed_at, total_cents, version)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [order.id, order.customerId, order.status, order.placedAt, order.totalCents, order.version],
    );
    await plainSql(
      manager,
      `INSERT INTO order_lines
         (order_id, line_no, product_id, product_name, quantity, unit_price_cents)
       VALUES ${valuesRows(order.lines.length, 6)}`,
      order.lines.flatMap((line) => [
        line.orderId,
        line.lineNo,
        line.productId,
        line.productName,
        line.quantity,
        line.unitPriceCents,
      ]),
    );
  }

  /**
   * Saves a change of the order only if nobody else changed it since it was read: the
   * UPDATE matches the version we read, so of two racing commands exactly one wins.
   * Plain SQL (ADR 0008): the query builder writes numbers into the SQL text on SQLite, a new
   * statement to prepare for every version.
   * @throws OrderVersionConflictError for the loser
   */
  async save(manager: EntityManager, order: Order, versionRead: number): Promise<void> {
    const changed = await plainSqlChangedRows(
      manager,
      `UPDATE orders SET status = $1, version = $2
       WHERE id = $3 AND version = $4`,
      [order.status, order.version, order.id, versionRead],
    );
    if (changed !== 1) throw new OrderVersionConflictError(order.id);
  }

  /**
   * The shape of every change of an order: load the order, let it decide (it returns the event
   * or throws), record the event, and save under the version read. Answers the order as
   * saved: once the UPDATE matched the version read, the database holds exactly it.
   * With `ownerId`, another customer's order is OrderNotFound, before anything else is
   * decided: a 409 would tell that it exists.
   */
  async change(
    tx: Transaction,
    orderId: string,
    decide: (order: Order) => DomainEvent,
    ownerId?: string,
  ): Promise<Order> {
    const order = await this.get(tx.manager, orderId);
    if (ownerId !== undefined && order.customerId !== ownerId) {
      throw new OrderNotFoundError(orderId);
    }
    const versionRead = order.version;
    tx.record(decide(order));
    await this.save(tx.manager, order, versionRead);
    return order;
  }
}
