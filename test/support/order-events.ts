import { randomUUID } from 'node:crypto';
import { OrderCancelledEvent } from '../../src/modules/orders/contracts/order-cancelled.event.js';
import {
  OrderPlacedEvent,
  type OrderPlacedPayload,
} from '../../src/modules/orders/contracts/order-placed.event.js';
import { OrderShippedEvent } from '../../src/modules/orders/contracts/order-shipped.event.js';
import type { OrderLineResponse } from '../../src/modules/orders/contracts/order.response.js';

/** Order events as the commands record them, for projection specs (given these events...). */
export function anOrderPlaced(
  overrides: Partial<Omit<OrderPlacedPayload, 'lines'>> & { lines?: OrderLineResponse[] } = {},
): OrderPlacedEvent {
  const lines = overrides.lines ?? [aLine()];
  const payload: OrderPlacedPayload = {
    orderId: randomUUID(),
    customerId: randomUUID(),
    placedAt: new Date().toISOString(),
    totalCents: lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
    ...overrides,
    lines,
  };
  return new OrderPlacedEvent(payload.orderId, payload);
}

export function aLine(overrides: Partial<OrderLineResponse> = {}): OrderLineResponse {
  return {
    productId: randomUUID(),
    productName: 'Cup',
    quantity: 1,
    unitPriceCents: 450,
    ...overrides,
  };
}

export function anOrderCancelled({ payload }: OrderPlacedEvent, version = 2): OrderCancelledEvent {
  const { orderId, customerId } = payload;
  return new OrderCancelledEvent(orderId, { orderId, customerId, version });
}

export function anOrderShipped({ payload }: OrderPlacedEvent, version = 2): OrderShippedEvent {
  const { orderId, customerId } = payload;
  return new OrderShippedEvent(orderId, { orderId, customerId, version });
}
