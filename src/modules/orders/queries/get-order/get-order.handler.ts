import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { OrderNotFoundError } from '../../contracts/order.errors.js';
import type { OrderResponse } from '../../contracts/order.response.js';
import { selectOrderLines } from '../select-order-lines.js';
import { GetOrderQuery } from './get-order.query.js';

/**
 * The one order, always current: it reads the primary (`onPrimary`), never a replica, so
 * an order is found right after its POST answered 201.
 */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery> {
  constructor(private readonly db: ReadDatabase) {}

  execute(query: GetOrderQuery): Promise<OrderResponse> {
    return this.db.onPrimary(() => this.read(query));
  }

  private async read({ orderId, ownerId }: GetOrderQuery): Promise<OrderResponse> {
    const select = this.db
      .select('orders', 'o')
      .select(['o.id AS id', 'o.status AS status', 'o.version AS version'])
      .addSelect('o.customer_id', 'customerId')
      .addSelect('o.placed_at', 'placedAt')
      .addSelect('o.total_cents', 'totalCents')
      .where('o.id = :orderId', { orderId });
    if (ownerId !== undefined) select.andWhere('o.customer_id = :ownerId', { ownerId });
    const order = await select.getRawOne<Omit<OrderResponse, 'lines'>>();
    if (!order) throw new OrderNotFoundError(orderId);
    const lines = await selectOrderLines(this.db, [orderId]);
    return { ...order, totalCents: Number(order.totalCents), lines: lines.get(orderId) ?? [] };
  }
}
