import { BadRequestError } from '../errors/application-error.js';

export class InvalidCursorError extends BadRequestError {
  constructor() {
    super('cursor is invalid: pass the nextCursor of a previous page unchanged');
  }
}

/**
 * Cursors are opaque to clients: base64url of the sort key of the last item returned.
 * Keyset pagination stays fast on deep pages and never skips or repeats a row when rows
 * are added between requests.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * @param shape the type of each element of the key, e.g. ['string', 'string']
 * @throws InvalidCursorError when the cursor was not produced by encodeCursor with that shape
 */
export function decodeCursor(
  cursor: string,
  shape: readonly ('string' | 'number')[],
): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const valid =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every(
      (part, i) =>
        typeof part === shape[i] &&
        String(part).length <= 200 &&
        !String(part).includes('\u0000') &&
        String(part).isWellFormed(),
    );
  if (!valid) throw new InvalidCursorError();
  return key as (string | number)[];
}
