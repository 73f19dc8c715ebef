import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { type JsonText, toJsonText } from '../../../../shared/json/json-text.js';
import type { Page } from '../../../../shared/pagination/page.js';
import type { CustomerOrderItem, OrderStatus } from '../../contracts/order.response.js';
import { selectOrderLines } from '../select-order-lines.js';
import { newestFirst, encodeCustomerOrdersCursor } from './customer-orders-cursor.js';

interface OrderRow {
  orderId: string;
  placedAt: string;
  status: OrderStatus;
  totalCents: number | string;
}

/**
 * Level 1 of CQRS: a separate query over the same normalized tables the commands write.
 * Two indexed reads per page: the orders (keyset on customer_id, placed_at, id), then
 * all their lines at once.
 */
@Injectable()
export class CustomerOrdersFromWriteModel {
  constructor(private readonly db: ReadDatabase) {}

  async page(
    customerId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<JsonText<CustomerOrderItem>>> {
    const keyset = newestFirst({ placedAt: 'placed_at', orderId: 'id' }, limit, cursor, 2);
    const rows = await this.db.query<OrderRow>(
      `SELECT id AS "orderId", placed_at AS "placedAt", status, total_cents AS "totalCents"
         FROM orders WHERE customer_id = $1${keyset.sql}`,
      [customerId, ...keyset.parameters],
    );
    const pageRows = rows.slice(0, limit);
    const lines = await selectOrderLines(
      this.db,
      pageRows.map((row) => row.orderId),
    );
    const items = pageRows.map((row) => {
      const orderLines = lines.get(row.orderId) ?? [];
      return toJsonText<CustomerOrderItem>({
        ...row,
        totalCents: Number(row.totalCents),
        itemCount: orderLines.reduce((sum, line) => sum + line.quantity, 0),
        lines: orderLines,
      });
    });
    const last = pageRows.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCustomerOrdersCursor(last) : null,
    };
  }
}
