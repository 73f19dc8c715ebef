import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../shared/database/unit-of-work.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import type { OrderResponse } from '../../contracts/order.response.js';
import { OrderRepository } from '../../domain/order.repository.js';
import { CancelOrderCommand } from './cancel-order.command.js';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrderRepository,
  ) {}

  execute({ orderId, ownerId }: CancelOrderCommand): Promise<WithPosition<OrderResponse>> {
    // Throws OrderNotFound, OrderNotCancellable, or OrderVersionConflict when another command won the race.
    return this.unitOfWork.run(async (tx) =>
      (await this.orders.change(tx, orderId, (order) => order.cancel(), ownerId)).toResponse(),
    );
  }
}
