import { decodeCursor, encodeCursor } from '../../../../shared/pagination/cursor.js';

/** Newest first: the key is (placedAt, orderId), both descending; the id breaks ties. */
export interface CustomerOrdersKey {
  placedAt: string;
  orderId: string;
}

export function encodeCustomerOrdersCursor({ placedAt, orderId }: CustomerOrdersKey): string {
  return encodeCursor([placedAt, orderId]);
}

/** @throws InvalidCursorError */
export function decodeCustomerOrdersCursor(cursor: string): CustomerOrdersKey {
  const [placedAt, orderId] = decodeCursor(cursor, ['string', 'string']) as [string, string];
  return { placedAt, orderId };
}

/**
 * The end of a query that pages newest first: what comes after `cursor`, ordered, one row
 * more than `limit` (to know whether there is a next page). The view and the join share
 * it, so both page identically; `placedAt` and `orderId` name their columns. It goes
 * after a WHERE whose parameters end at `$(firstParameter - 1)`.
 * @throws InvalidCursorError
 */
export function newestFirst(
  columns: { placedAt: string; orderId: string },
  limit: number,
  cursor: string | undefined,
  firstParameter: number,
): { sql: string; parameters: unknown[] } {
  const { placedAt, orderId } = columns;
  const parameters: unknown[] = [];
  const bind = (value: unknown) => `$${firstParameter + parameters.push(value) - 1}`;
  let sql = '';
  if (cursor) {
    const after = decodeCustomerOrdersCursor(cursor);
    const [at, id] = [bind(after.placedAt), bind(after.orderId)];
    sql += ` AND (${placedAt} < ${at} OR (${placedAt} = ${at} AND ${orderId} < ${id}))`;
  }
  sql += ` ORDER BY ${placedAt} DESC, ${orderId} DESC LIMIT ${bind(limit + 1)}`;
  return { sql, parameters };
}
