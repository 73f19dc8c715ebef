import type { ReadDatabase } from '../../../shared/database/read-database.js';
import type { OrderLineResponse } from '../contracts/order.response.js';

/** The lines of some orders from the write tables, grouped by order id, in line order. */
export async function selectOrderLines(
  db: ReadDatabase,
  orderIds: readonly string[],
): Promise<Map<string, OrderLineResponse[]>> {
  const byOrder = new Map<string, OrderLineResponse[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return byOrder;
  const rows = await db
    .select('order_lines', 'l')
    .select('l.order_id', 'orderId')
    .addSelect('l.product_id', 'productId')
    .addSelect('l.product_name', 'productName')
    .addSelect('l.quantity', 'quantity')
    .addSelect('l.unit_price_cents', 'unitPriceCents')
    .where('l.order_id IN (:...orderIds)', { orderIds })
    .orderBy('l.order_id')
    .addOrderBy('l.line_no')
    .getRawMany<OrderLineResponse & { orderId: string }>();
  for (const { orderId, ...line } of rows) byOrder.get(orderId)?.push(line);
  return byOrder;
}
