import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../shared/database/unit-of-work.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import { ProductNotFoundError } from '../../contracts/product.errors.js';
import type { ProductResponse } from '../../contracts/product.response.js';
import { Product } from '../../domain/product.entity.js';
import { ChangeProductPriceCommand } from './change-product-price.command.js';

@CommandHandler(ChangeProductPriceCommand)
export class ChangeProductPriceHandler implements ICommandHandler<ChangeProductPriceCommand> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute({
    productId,
    priceCents,
  }: ChangeProductPriceCommand): Promise<WithPosition<ProductResponse>> {
    return this.unitOfWork.run(async (tx) => {
      const product = await tx.manager.findOneBy(Product, { id: productId });
      if (!product) throw new ProductNotFoundError(productId);
      tx.record(product.changePrice(priceCents));
      await tx.manager.update(Product, { id: productId }, { priceCents: product.priceCents });
      return (await tx.manager.findOneByOrFail(Product, { id: productId })).toResponse();
    });
  }
}
