/** One product's sales (GET /products/:id/sales, and each item of /products/top-sellers). */
export interface ProductSalesResponse {
  productId: string;
  /** As it was on the product's latest order. */
  productName: string;
  /** Units in orders not cancelled (placed or shipped). */
  unitsSold: number;
  /** What those units were sold for, in cents. */
  revenueCents: number;
  /** Orders not cancelled with this product on them. */
  orders: number;
  /** Units in cancelled orders. */
  cancelledUnits: number;
}

/** GET /products/top-sellers: the products that sold the most units, most first. */
export interface TopSellersResponse {
  items: ProductSalesResponse[];
}
