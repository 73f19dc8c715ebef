import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isUniqueViolation } from '../../../../shared/database/unique-violation.js';
import { UnitOfWork } from '../../../../shared/database/unit-of-work.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import { SkuTakenError } from '../../contracts/product.errors.js';
import type { ProductResponse } from '../../contracts/product.response.js';
import { Product } from '../../domain/product.entity.js';
import { CreateProductCommand } from './create-product.command.js';

@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute({
    sku,
    name,
    priceCents,
    idempotency,
  }: CreateProductCommand): Promise<WithPosition<ProductResponse>> {
    return this.unitOfWork.run(async (tx) => {
      const { product, event } = Product.create({ sku, name, priceCents });
      // The UNIQUE index decides, not a prior SELECT: two racing requests cannot both win.
      await tx.manager.insert(Product, product).catch((error: unknown) => {
        throw isUniqueViolation(error) ? new SkuTakenError(sku) : error;
      });
      tx.record(event);
      return (await tx.manager.findOneByOrFail(Product, { id: product.id })).toResponse();
    }, idempotency);
  }
}
