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
