import type { JsonText } from '../json/json-text.js';

/** One page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The page as JSON, its items spliced in as they are (each is JSON already). */
export function serializePage<T>({ items, nextCursor }: Page<JsonText<T>>): JsonText<Page<T>> {
  return `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}` as JsonText<
    Page<T>
  >;
}
