import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ViewOrWriteModel } from '../../../../shared/projections/view-or-write-model.js';
import { GetCustomerQuery } from '../../../customers/contracts/get-customer.query.js';
import { serializePage } from '../../../../shared/pagination/page.js';
import { ORDER_LIST_BY_CUSTOMER } from '../../projections/order-list-by-customer.view.js';
import { CustomerOrdersFromView } from './customer-orders-from-view.js';
import { CustomerOrdersFromWriteModel } from './customer-orders-from-write-model.js';
import { type CustomerOrdersAnswer, GetCustomerOrdersQuery } from './get-customer-orders.query.js';

/**
 * Reference query. It shows the rules of the read side: it reads through the read-only
 * handle only, asks another module (customers) through its public query, and chooses its
 * source by the rule every view-backed query shares (ViewOrWriteModel): the projected
 * view, or a join over the write tables when READ_VIEW=false, when the view is being
 * rebuilt, or when it is still behind `minPosition` after READ_WAIT_MS (read-your-writes).
 */
@QueryHandler(GetCustomerOrdersQuery)
export class GetCustomerOrdersHandler implements IQueryHandler<GetCustomerOrdersQuery> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly fromView: CustomerOrdersFromView,
    private readonly fromWriteModel: CustomerOrdersFromWriteModel,
    private readonly read: ViewOrWriteModel,
  ) {}

  async execute({
    customerId,
    limit,
    cursor,
    minPosition,
  }: GetCustomerOrdersQuery): Promise<CustomerOrdersAnswer> {
    const { answer, readPosition, source } = await this.read.read(
      ORDER_LIST_BY_CUSTOMER,
      minPosition,
      async () => {
        const { checkpoint, page } = await this.fromView.page(customerId, limit, cursor);
        return { checkpoint, answer: page };
      },
      () => this.fromWriteModel.page(customerId, limit, cursor),
    );
    // Orders exist only for customers that exist (there is no way to delete one): ask the
    // customers module only when there is nothing to show, to tell "no orders" from 404.
    // With minPosition on the primary: the client's own registration may be that write.
    if (answer.items.length === 0) {
      const customer = () => this.queryBus.execute(new GetCustomerQuery(customerId));
      await this.read.current(minPosition, customer);
    }
    return { page: serializePage(answer), readPosition, source };
  }
}
