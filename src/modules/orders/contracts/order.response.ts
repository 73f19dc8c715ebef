export type OrderStatus = 'placed' | 'cancelled' | 'shipped';

export interface OrderLineResponse {
  productId: string;
  productName: string;
  quantity: number;
  unitPriceCents: number;
}

/** An order as the write model holds it: what GET /orders/:id and every order command answer. */
export interface OrderResponse {
  id: string;
  customerId: string;
  status: OrderStatus;
  placedAt: string;
  totalCents: number;
  version: number;
  lines: OrderLineResponse[];
}

/** One item of a customer's order history (GET /customers/:id/orders). */
export interface CustomerOrderItem {
  orderId: string;
  placedAt: string;
  status: OrderStatus;
  totalCents: number;
  /** Sum of the quantities of the lines. */
  itemCount: number;
  lines: OrderLineResponse[];
}
