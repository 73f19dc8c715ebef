import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../../../shared/pagination/page.js';
import type { CustomerOrderItem } from './order.response.js';
import { ORDER_STATUSES, OrderLineSchema } from './order.schema.js';

/** CustomerOrderItem (one order in a customer's history) as OpenAPI documents it. */
export class CustomerOrderItemSchema implements CustomerOrderItem {
  @ApiProperty({ format: 'uuid', example: 'c4a1e6f0-7b2d-4e8a-9f3c-1d5b7a9e2c60' })
  orderId: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-31T12:00:00.000Z' })
  placedAt: string;

  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'placed' })
  status: CustomerOrderItem['status'];

  @ApiProperty({ type: 'integer', example: 2500 })
  totalCents: number;

  @ApiProperty({ type: 'integer', description: 'Sum of the quantities of the lines.', example: 2 })
  itemCount: number;

  @ApiProperty({ type: [OrderLineSchema] })
  lines: OrderLineSchema[];
}

/** One page of GET /customers/{id}/orders, newest first. */
export class CustomerOrderPageSchema implements Page<CustomerOrderItem> {
  @ApiProperty({ type: [CustomerOrderItemSchema] })
  items: CustomerOrderItemSchema[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor: string | null;
}
