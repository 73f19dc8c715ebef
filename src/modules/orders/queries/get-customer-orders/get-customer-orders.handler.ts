import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '../../../../shared/config/app-config.js';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { EventLog } from '../../../../shared/event-log/event-log.js';
import { ProjectionRunner } from '../../../../shared/projections/projection-runner.js';
import { GetCustomerQuery } from '../../../customers/contracts/get-customer.query.js';
import type { JsonText } from '../../../../shared/json/json-text.js';
import { type Page, serializePage } from '../../../../shared/pagination/page.js';
import type { CustomerOrderItem } from '../../contracts/order.response.js';
import { ORDER_LIST_BY_CUSTOMER } from '../../read-model/order-list-by-customer.view.js';
import { CustomerOrdersFromView } from './customer-orders-from-view.js';
import { CustomerOrdersFromWriteModel } from './customer-orders-from-write-model.js';
import { type CustomerOrdersAnswer, GetCustomerOrdersQuery } from './get-customer-orders.query.js';

/**
 * Reference query. It shows the rules of the read side: it reads through the read-only
 * handle only, asks another module (customers) through its public query, and chooses its
 * source: the projected view (READ_VIEW=true) or a join over the write tables (false).
 *
 * Read-your-writes: given `minPosition`, it waits up to READ_WAIT_MS for the view to reach
 * it, and if the view is still behind, answers from the write model, which is never behind.
 */
@QueryHandler(GetCustomerOrdersQuery)
export class GetCustomerOrdersHandler implements IQueryHandler<GetCustomerOrdersQuery> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly fromView: CustomerOrdersFromView,
    private readonly fromWriteModel: CustomerOrdersFromWriteModel,
    private readonly projections: ProjectionRunner,
    private readonly db: ReadDatabase,
    private readonly eventLog: EventLog,
    private readonly config: AppConfig,
  ) {}

  async execute({
    customerId,
    limit,
    cursor,
    minPosition,
  }: GetCustomerOrdersQuery): Promise<CustomerOrdersAnswer> {
    const { page, readPosition, source } = await this.read(customerId, limit, cursor, minPosition);
    // Orders exist only for customers that exist (there is no way to delete one): ask the
    // customers module only when there is nothing to show, to tell "no orders" from 404.
    if (page.items.length === 0) await this.queryBus.execute(new GetCustomerQuery(customerId));
    return { page: serializePage(page), readPosition, source };
  }

  private async read(
    customerId: string,
    limit: number,
    cursor: string | undefined,
    minPosition: number | undefined,
  ): Promise<{
    page: Page<JsonText<CustomerOrderItem>>;
    readPosition: number;
    source: CustomerOrdersAnswer['source'];
  }> {
    if (this.config.READ_VIEW) {
      if (minPosition !== undefined) {
        await this.projections.waitFor(
          ORDER_LIST_BY_CUSTOMER,
          minPosition,
          this.config.READ_WAIT_MS,
        );
      }
      const { checkpoint, page } = await this.fromView.page(customerId, limit, cursor);
      // A view being rebuilt is incomplete: never serve it; nor one behind minPosition; an
      // empty page (no checkpoint read with it) comes from the write model.
      if (checkpoint && !checkpoint.rebuilding && checkpoint.position >= (minPosition ?? 0)) {
        return { page, readPosition: checkpoint.position, source: 'view' };
      }
    }
    // Read the head first: the rows read after it reflect at least that position.
    const head = await this.eventLog.head(this.db.manager);
    const page = await this.fromWriteModel.page(customerId, limit, cursor);
    return { page, readPosition: head, source: 'write-model' };
  }
}
