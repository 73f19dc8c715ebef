import type { OrderStatus } from '../contracts/order.response.js';

/** The denormalized read view: one row per order, shaped for "my latest orders". */
export const ORDER_LIST_BY_CUSTOMER = 'order_list_by_customer';

export interface OrderListByCustomerRow {
  order_id: string;
  customer_id: string;
  placed_at: string;
  status: OrderStatus;
  total_cents: number;
  item_count: number;
  /** JSON text of OrderLineResponse[], in line order. */
  lines: string;
  /** Position of the last event applied to this row. */
  position: number;
}
