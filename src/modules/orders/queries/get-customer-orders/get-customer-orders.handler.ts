import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '../../../../shared/pagination/page.js';
import { GetCustomerQuery } from '../../../customers/contracts/get-customer.query.js';
import type { CustomerOrderItem } from '../../contracts/order.response.js';
import { CustomerOrdersFromWriteModel } from './customer-orders-from-write-model.js';
import { GetCustomerOrdersQuery } from './get-customer-orders.query.js';

/**
 * Reference query. It shows the rules of the read side: it reads through the read-only
 * handle only, shapes the answer for the question, and asks another module (customers)
 * through its public query, never its tables.
 */
@QueryHandler(GetCustomerOrdersQuery)
export class GetCustomerOrdersHandler implements IQueryHandler<GetCustomerOrdersQuery> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly fromWriteModel: CustomerOrdersFromWriteModel,
  ) {}

  async execute({
    customerId,
    limit,
    cursor,
  }: GetCustomerOrdersQuery): Promise<Page<CustomerOrderItem>> {
    await this.queryBus.execute(new GetCustomerQuery(customerId)); // throws CustomerNotFound
    return this.fromWriteModel.page(customerId, limit, cursor);
  }
}
