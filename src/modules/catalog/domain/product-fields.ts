/** Limits of a product's fields, shared by the requests and documented in the README. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const PRODUCT_NAME_MAX_LENGTH = 200;
/** One million in cents: large enough for a sample shop, small enough that totals stay exact. */
export const PRICE_CENTS_MAX = 100_000_000;
