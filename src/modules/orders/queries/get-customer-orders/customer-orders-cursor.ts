import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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
 * Orders `query` newest first and keeps what comes after `cursor`, one row more than
 * `limit` (to know whether there is a next page). The view and the join share it, so both
 * page identically; `placedAt` and `orderId` name their columns.
 * @throws InvalidCursorError
 */
export function newestFirst<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  columns: { placedAt: string; orderId: string },
  limit: number,
  cursor: string | undefined,
): SelectQueryBuilder<T> {
  const { placedAt, orderId } = columns;
  query
    .orderBy(placedAt, 'DESC')
    .addOrderBy(orderId, 'DESC')
    .limit(limit + 1);
  if (cursor) {
    query.andWhere(
      `(${placedAt} < :placedAt OR (${placedAt} = :placedAt AND ${orderId} < :orderId))`,
      decodeCustomerOrdersCursor(cursor),
    );
  }
  return query;
}
