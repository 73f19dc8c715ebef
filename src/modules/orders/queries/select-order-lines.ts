import { placeholders } from '../../../shared/database/plain-sql.js';
import type { ReadDatabase } from '../../../shared/database/read-database.js';
import type { OrderLineResponse } from '../contracts/order.response.js';

/** The lines of some orders from the write tables, grouped by order id, in line order. */
export async function selectOrderLines(
  db: ReadDatabase,
  orderIds: readonly string[],
): Promise<Map<string, OrderLineResponse[]>> {
  const byOrder = new Map<string, OrderLineResponse[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return byOrder;
  const rows = await db.query<OrderLineResponse & { orderId: string }>(
    `SELECT order_id AS "orderId", product_id AS "productId", product_name AS "productName",
            quantity, unit_price_cents AS "unitPriceCents"
       FROM order_lines WHERE order_id IN (${placeholders(orderIds.length)})
      ORDER BY order_id, line_no`,
    [...orderIds],
  );
  for (const { orderId, ...line } of rows) byOrder.get(orderId)?.push(line);
  return byOrder;
}
