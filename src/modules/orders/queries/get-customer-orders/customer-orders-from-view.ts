import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import type { Page } from '../../../../shared/pagination/page.js';
import type {
  CustomerOrderItem,
  OrderLineResponse,
  OrderStatus,
} from '../../contracts/order.response.js';
import { ORDER_LIST_BY_CUSTOMER } from '../../read-model/order-list-by-customer.view.js';
import { newestFirst, encodeCustomerOrdersCursor } from './customer-orders-cursor.js';

interface ViewRow {
  orderId: string;
  placedAt: string;
  status: OrderStatus;
  totalCents: number | string;
  itemCount: number;
  lines: string;
}

/**
 * Level 2 of CQRS: one index range scan over the projected view, no join, no second query.
 * Same order, same cursor and the same answer as CustomerOrdersFromWriteModel.
 */
@Injectable()
export class CustomerOrdersFromView {
  constructor(private readonly db: ReadDatabase) {}

  async page(
    customerId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<CustomerOrderItem>> {
    const query = this.db
      .select(ORDER_LIST_BY_CUSTOMER, 'v')
      .select('v.order_id', 'orderId')
      .addSelect('v.placed_at', 'placedAt')
      .addSelect('v.status', 'status')
      .addSelect('v.total_cents', 'totalCents')
      .addSelect('v.item_count', 'itemCount')
      .addSelect('v.lines', 'lines')
      .where('v.customer_id = :customerId', { customerId });
    newestFirst(query, { placedAt: 'v.placed_at', orderId: 'v.order_id' }, limit, cursor);
    const rows = await query.getRawMany<ViewRow>();
    const items = rows.slice(0, limit).map((row) => ({
      ...row,
      totalCents: Number(row.totalCents),
      lines: JSON.parse(row.lines) as OrderLineResponse[],
    }));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCustomerOrdersCursor(last) : null,
    };
  }
}
