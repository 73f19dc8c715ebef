import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import type { JsonText } from '../../../../shared/json/json-text.js';
import type { Page } from '../../../../shared/pagination/page.js';
import {
  CHECKPOINT_COLUMNS,
  type CheckpointColumns,
  checkpointOf,
  type ViewCheckpoint,
} from '../../../../shared/projections/view-checkpoint.js';
import type { CustomerOrderItem, OrderStatus } from '../../contracts/order.response.js';
import { ORDER_LIST_BY_CUSTOMER } from '../../projections/order-list-by-customer.view.js';
import { newestFirst, encodeCustomerOrdersCursor } from './customer-orders-cursor.js';

interface ViewRow extends CheckpointColumns {
  order_id: string;
  placed_at: string;
  status: OrderStatus;
  total_cents: number | string;
  item_count: number;
  /** JSON already: the projection runner stores the lines serialized. */
  lines: string;
}

/**
 * Level 2 of CQRS: one index range scan over the projected view, no join, and no JSON work:
 * the stored lines are spliced into the answer as they are. Same order, same cursor and
 * the same answer as CustomerOrdersFromWriteModel.
 *
 * The view's checkpoint is read in the same statement (CHECKPOINT_COLUMNS). An empty page has no row to carry the checkpoint: then `checkpoint` is null, and the
 * caller asks the write model, which is never behind (an empty page is rare: a customer
 * without orders, or a cursor past the last one).
 */
@Injectable()
export class CustomerOrdersFromView {
  constructor(private readonly db: ReadDatabase) {}

  async page(
    customerId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ checkpoint: ViewCheckpoint | null; page: Page<JsonText<CustomerOrderItem>> }> {
    const keyset = newestFirst({ placedAt: 'placed_at', orderId: 'order_id' }, limit, cursor, 3);
    const rows = await this.db.query<ViewRow>(
      `SELECT ${CHECKPOINT_COLUMNS}, order_id, placed_at, status, total_cents, item_count, lines
         FROM ${ORDER_LIST_BY_CUSTOMER} WHERE customer_id = $2${keyset.sql}`,
      [ORDER_LIST_BY_CUSTOMER, customerId, ...keyset.parameters],
    );
    const [first] = rows;
    const pageRows = rows.slice(0, limit);
    const last = pageRows.at(-1);
    return {
      checkpoint: checkpointOf(first),
      page: {
        items: pageRows.map(itemJson),
        nextCursor:
          rows.length > limit && last
            ? encodeCustomerOrdersCursor({ placedAt: last.placed_at, orderId: last.order_id })
            : null,
      },
    };
  }
}

/** Keys in CustomerOrderItem's order, as JSON.stringify would write the same item. */
function itemJson(row: ViewRow): JsonText<CustomerOrderItem> {
  return (`{"orderId":${JSON.stringify(row.order_id)},"placedAt":${JSON.stringify(row.placed_at)},` +
    `"status":${JSON.stringify(row.status)},"totalCents":${Number(row.total_cents)},` +
    `"itemCount":${Number(row.item_count)},"lines":${row.lines}}`) as JsonText<CustomerOrderItem>;
}
