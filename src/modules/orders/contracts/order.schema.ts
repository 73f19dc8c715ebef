import { ApiProperty } from '@nestjs/swagger';
import type { WithPosition } from '../../../shared/event-log/with-position.js';
import type { OrderLineResponse, OrderResponse, OrderStatus } from './order.response.js';

export const ORDER_STATUSES: OrderStatus[] = ['placed', 'cancelled', 'shipped'];

/** OrderLineResponse as OpenAPI documents it: the product as it was when the order was placed. */
export class OrderLineSchema implements OrderLineResponse {
  @ApiProperty({ format: 'uuid', example: '3f0c8a52-5f4e-4a8e-9a3c-0d6f2b1e7c41' })
  productId: string;

  @ApiProperty({ example: 'Coffee mug' })
  productName: string;

  @ApiProperty({ type: 'integer', example: 2 })
  quantity: number;

  @ApiProperty({ type: 'integer', description: 'Unit price in cents.', example: 1250 })
  unitPriceCents: number;
}

/** OrderResponse as OpenAPI documents it (the interface stays the type the code uses). */
export class OrderSchema implements OrderResponse {
  @ApiProperty({ format: 'uuid', example: 'c4a1e6f0-7b2d-4e8a-9f3c-1d5b7a9e2c60' })
  id: string;

  @ApiProperty({ format: 'uuid', example: '9b2d7c1e-2f4a-4c6b-8e3d-5a1f0b9c8d72' })
  customerId: string;

  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'placed' })
  status: OrderStatus;

  @ApiProperty({ format: 'date-time', example: '2025-01-31T12:00:00.000Z' })
  placedAt: string;

  @ApiProperty({ type: 'integer', description: 'Sum of the lines, in cents.', example: 2500 })
  totalCents: number;

  @ApiProperty({
    type: 'integer',
    description: 'Grows with every change (optimistic concurrency).',
    example: 1,
  })
  version: number;

  @ApiProperty({ type: [OrderLineSchema] })
  lines: OrderLineSchema[];
}

/** What an order command answers: the order, plus the log position of its event. */
export class OrderWithPositionSchema extends OrderSchema implements WithPosition<OrderResponse> {
  @ApiProperty({
    type: 'integer',
    description:
      "Log position of the command's event: pass it as `minPosition` to GET /customers/{id}/orders to read your own write.",
    example: 42,
  })
  position: number;
}
