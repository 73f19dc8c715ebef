/** Limits of an order, shared by the request and documented in the README. */
export const MAX_LINES_PER_ORDER = 100;
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 1000;
