import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../shared/database/unit-of-work.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import type { OrderResponse } from '../../contracts/order.response.js';
import { OrderRepository } from '../../domain/order.repository.js';
import { ShipOrderCommand } from './ship-order.command.js';

@CommandHandler(ShipOrderCommand)
export class ShipOrderHandler implements ICommandHandler<ShipOrderCommand> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrderRepository,
  ) {}

  execute({ orderId }: ShipOrderCommand): Promise<WithPosition<OrderResponse>> {
    // Throws OrderNotFound, OrderNotShippable, or OrderVersionConflict when another command won the race.
    return this.unitOfWork.run(async (tx) =>
      (await this.orders.change(tx, orderId, (order) => order.ship())).toResponse(),
    );
  }
}
