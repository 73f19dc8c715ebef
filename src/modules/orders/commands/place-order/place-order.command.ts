import { Command } from '@nestjs/cqrs';
import type { IdempotencyRequest } from '../../../../shared/idempotency/idempotency-request.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import type { OrderResponse } from '../../contracts/order.response.js';
import type { RequestedLine } from '../../domain/order.entity.js';

export class PlaceOrderCommand extends Command<WithPosition<OrderResponse>> {
  constructor(
    readonly customerId: string,
    readonly lines: readonly RequestedLine[],
    readonly idempotency?: IdempotencyRequest,
  ) {
    super();
  }
}
