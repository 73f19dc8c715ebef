import { Command } from '@nestjs/cqrs';
import type { IdempotencyRequest } from '../../../../shared/idempotency/idempotency-request.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import type { ProductResponse } from '../../contracts/product.response.js';

export class CreateProductCommand extends Command<WithPosition<ProductResponse>> {
  constructor(
    readonly sku: string,
    readonly name: string,
    readonly priceCents: number,
    readonly idempotency?: IdempotencyRequest,
  ) {
    super();
  }
}
