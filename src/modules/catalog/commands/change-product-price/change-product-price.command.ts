import { Command } from '@nestjs/cqrs';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import type { ProductResponse } from '../../contracts/product.response.js';

export class ChangeProductPriceCommand extends Command<WithPosition<ProductResponse>> {
  constructor(
    readonly productId: string,
    readonly priceCents: number,
  ) {
    super();
  }
}
