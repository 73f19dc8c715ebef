/** The read view of sales per product, for staff: GET /products/:id/sales and /products/top-sellers. */
export const PRODUCT_SALES = 'product_sales';

/** One row per product ever ordered. */
export interface ProductSalesRow {
  product_id: string;
  /** As it was on the product's latest order (the name the customer saw). */
  product_name: string;
  /** Units in orders not cancelled (placed or shipped). */
  units_sold: number;
  /** What those units were sold for, in cents. */
  revenue_cents: number;
  /** Orders not cancelled with this product on them. */
  orders: number;
  /** Units in cancelled orders. */
  cancelled_units: number;
  /** Position of the last event applied to this row. */
  position: number;
}

/** The projection's own memory: what each order added per product, to take back on cancel. */
export const PRODUCT_SALES_LINES = 'product_sales_lines';

export interface ProductSalesLineRow {
  order_id: string;
  product_id: string;
  quantity: number;
  revenue_cents: number;
}
