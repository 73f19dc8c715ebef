import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../shared/database/unit-of-work.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import { ListProductsByIdsQuery } from '../../../catalog/contracts/list-products-by-ids.query.js';
import { GetCustomerQuery } from '../../../customers/contracts/get-customer.query.js';
import type { OrderResponse } from '../../contracts/order.response.js';
import { Order } from '../../domain/order.entity.js';
import { OrderRepository } from '../../domain/order.repository.js';
import { PlaceOrderCommand } from './place-order.command.js';

/**
 * Reference command. It shows the rules of the write side: other modules are asked
 * through the QueryBus and their public contracts, never their tables; the order, its
 * lines and its OrderPlaced event commit in one transaction; the answer is the order as
 * committed and carries the event's log position.
 */
@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly queryBus: QueryBus,
    private readonly orders: OrderRepository,
  ) {}

  execute({
    customerId,
    lines,
    idempotency,
  }: PlaceOrderCommand): Promise<WithPosition<OrderResponse>> {
    return this.unitOfWork.run(async (tx) => {
      // Asked inside the unit of work, so both queries read this transaction on the primary
      // (ADR 0009), never a lagging replica. Where writes are serialized (SQLite), no price
      // change can commit between reading the price and committing the order that uses it.
      await this.queryBus.execute(new GetCustomerQuery(customerId)); // throws CustomerNotFound
      const prices = await this.queryBus.execute(
        new ListProductsByIdsQuery(lines.map((line) => line.productId)),
      );
      const { order, event } = Order.place(customerId, lines, prices); // throws UnknownProducts
      await this.orders.add(tx.manager, order);
      tx.record(event);
      return order.toResponse();
    }, idempotency);
  }
}
