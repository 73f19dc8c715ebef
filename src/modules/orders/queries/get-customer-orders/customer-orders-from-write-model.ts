import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import type { Page } from '../../../../shared/pagination/page.js';
import type { CustomerOrderItem, OrderStatus } from '../../contracts/order.response.js';
import { selectOrderLines } from '../select-order-lines.js';
import { newestFirst, encodeCustomerOrdersCursor } from './customer-orders-cursor.js';

interface OrderRow {
  orderId: string;
  placedAt: string;
  status: OrderStatus;
  totalCents: number;
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
  ): Promise<Page<CustomerOrderItem>> {
    const query = this.db
      .select('orders', 'o')
      .select('o.id', 'orderId')
      .addSelect('o.placed_at', 'placedAt')
      .addSelect('o.status', 'status')
      .addSelect('o.total_cents', 'totalCents')
      .where('o.customer_id = :customerId', { customerId });
    newestFirst(query, { placedAt: 'o.placed_at', orderId: 'o.id' }, limit, cursor);
    const rows = await query.getRawMany<OrderRow>();
    const pageRows = rows.slice(0, limit);
    const lines = await selectOrderLines(
      this.db,
      pageRows.map((row) => row.orderId),
    );
    const items = pageRows.map((row) => {
      const orderLines = lines.get(row.orderId) ?? [];
      return {
        ...row,
        totalCents: Number(row.totalCents),
        itemCount: orderLines.reduce((sum, line) => sum + line.quantity, 0),
        lines: orderLines,
      };
    });
    const last = pageRows.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCustomerOrdersCursor(last) : null,
    };
  }
}
