import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../shared/auth/access.decorator.js';
import { actingCustomer, ownerScope } from '../../shared/auth/acting-customer.js';
import { Caller } from '../../shared/auth/caller.decorator.js';
import type { Principal } from '../../shared/auth/principal.js';
import { IdempotencyKey } from '../../shared/idempotency/idempotency-key.decorator.js';
import { ApiIdempotencyKey } from '../../shared/idempotency/idempotency-key.openapi.js';
import type { IdempotencyRequest } from '../../shared/idempotency/idempotency-request.js';
import { ErrorResponseSchema } from '../../shared/http/error-response.schema.js';
import {
  ApiIdParam,
  ApiJsonBodyErrors,
  ApiRateLimited,
  ApiUnavailable,
} from '../../shared/http/openapi.decorators.js';
import { ParseIdPipe } from '../../shared/http/parse-id.pipe.js';
import { MinPositionRequest } from '../../shared/projections/min-position.request.js';
import type { ReadAnswer } from '../../shared/projections/view-or-write-model.js';
import { ProductSalesSchema, TopSellersSchema } from './contracts/product-sales.schema.js';
import { GetProductSalesQuery } from './queries/get-product-sales/get-product-sales.query.js';
import { ListTopSellersQuery } from './queries/list-top-sellers/list-top-sellers.query.js';
import { ListTopSellersRequest } from './queries/list-top-sellers/list-top-sellers.request.js';
import { CancelOrderCommand } from './commands/cancel-order/cancel-order.command.js';
import { PlaceOrderCommand } from './commands/place-order/place-order.command.js';
import { PlaceOrderRequest } from './commands/place-order/place-order.request.js';
import { ShipOrderCommand } from './commands/ship-order/ship-order.command.js';
import { CustomerOrderPageSchema } from './contracts/customer-order-item.schema.js';
import { OrderSchema, OrderWithPositionSchema } from './contracts/order.schema.js';
import { GetCustomerOrdersQuery } from './queries/get-customer-orders/get-customer-orders.query.js';
import { GetCustomerOrdersRequest } from './queries/get-customer-orders/get-customer-orders.request.js';
import { GetOrderQuery } from './queries/get-order/get-order.query.js';

const READ_HEADERS = {
  'X-Read-Position': {
    description: 'The event log position this answer reflects.',
    schema: { type: 'integer' },
  },
  'X-Read-Source': {
    description:
      '`view` when answered from the read view, `write-model` when from the write tables.',
    schema: { type: 'string', enum: ['view', 'write-model'] },
  },
};

/**
 * HTTP in, a command or a query out: nothing else happens here. Who may call each route is
 * declared on it (@Access); a customer's reach is narrowed to its own data by passing its id
 * along (ownerScope, actingCustomer).
 */
@ApiTags('orders')
@ApiRateLimited()
@ApiUnavailable()
@Controller()
export class OrdersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('orders')
  @Access('customer', 'staff')
  @ApiOperation({
    summary: 'Place an order',
    description:
      'A customer orders for itself (`customerId` may be left out); staff order for any customer.',
  })
  @ApiIdempotencyKey()
  @ApiJsonBodyErrors()
  @ApiCreatedResponse({ description: 'The new order.', type: OrderWithPositionSchema })
  @ApiBadRequestResponse({
    description:
      'The body is invalid: no lines, more than 100 lines, a quantity not 1 to 1000, unknown fields…',
    type: ErrorResponseSchema,
  })
  @ApiNotFoundResponse({ description: 'No such customer.', type: ErrorResponseSchema })
  @ApiUnprocessableEntityResponse({
    description: 'A product is unknown to the catalog.',
    type: ErrorResponseSchema,
  })
  place(
    @Body() { customerId, lines }: PlaceOrderRequest,
    @Caller() caller: Principal,
    @IdempotencyKey() idempotency: IdempotencyRequest | undefined,
  ) {
    const requested = lines.map(({ productId, quantity }) => ({ productId, quantity }));
    return this.commandBus.execute(
      new PlaceOrderCommand(actingCustomer(caller, customerId), requested, idempotency),
    );
  }

  @Get('orders/:id')
  @Access('customer', 'staff') // a customer finds its own orders only: another's is 404
  @ApiOperation({
    summary: 'Get an order (from the write model, always current)',
    description:
      'Read on the primary, never on a replica (DATABASE_READ_URL): an order is found right after its POST answered 201.',
  })
  @ApiIdParam('The order id.')
  @ApiOkResponse({ description: 'The order.', type: OrderSchema })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.', type: ErrorResponseSchema })
  @ApiNotFoundResponse({
    description: 'No such order (or, for a customer, not its own).',
    type: ErrorResponseSchema,
  })
  get(@Param('id', ParseIdPipe) id: string, @Caller() caller: Principal) {
    return this.queryBus.execute(new GetOrderQuery(id, ownerScope(caller)));
  }

  @Post('orders/:id/cancel')
  @Access('customer', 'staff') // a customer cancels its own orders only: another's is 404
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel an order' })
  @ApiIdParam('The order id.')
  @ApiOkResponse({ description: 'The order, cancelled.', type: OrderWithPositionSchema })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.', type: ErrorResponseSchema })
  @ApiNotFoundResponse({
    description: 'No such order (or, for a customer, not its own).',
    type: ErrorResponseSchema,
  })
  @ApiConflictResponse({
    description:
      'The order is already cancelled or shipped, or another request changed it at the same time.',
    type: ErrorResponseSchema,
  })
  cancel(@Param('id', ParseIdPipe) id: string, @Caller() caller: Principal) {
    return this.commandBus.execute(new CancelOrderCommand(id, ownerScope(caller)));
  }

  @Post('orders/:id/ship')
  @Access('staff')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ship an order' })
  @ApiIdParam('The order id.')
  @ApiOkResponse({ description: 'The order, shipped.', type: OrderWithPositionSchema })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.', type: ErrorResponseSchema })
  @ApiNotFoundResponse({ description: 'No such order.', type: ErrorResponseSchema })
  @ApiConflictResponse({
    description:
      'The order is not placed (cancelled or shipped already), or another request changed it at the same time.',
    type: ErrorResponseSchema,
  })
  ship(@Param('id', ParseIdPipe) id: string) {
    return this.commandBus.execute(new ShipOrderCommand(id));
  }

  @Get('customers/:id/orders')
  @Access('customer:self', 'staff')
  @ApiOperation({
    summary: "A customer's orders, newest first (from the read view)",
    description:
      'Pass `minPosition` (the `position` a command answered) to read your own write: the ' +
      'answer includes it, from the read view once it has it, else from the write model on ' +
      'the primary. Without `minPosition` the answer may be as old as the read database ' +
      '(a replica, with DATABASE_READ_URL); `X-Read-Position` says what it reflects. ' +
      'With READ_VIEW=false the answer comes from the write model, identical in content.',
  })
  @ApiIdParam('The customer id.')
  @ApiOkResponse({
    description: "One page of the customer's orders.",
    type: CustomerOrderPageSchema,
    headers: READ_HEADERS,
  })
  @ApiBadRequestResponse({
    description: 'The id is not a UUID, or `limit`, `cursor` or `minPosition` is invalid.',
    type: ErrorResponseSchema,
  })
  @ApiNotFoundResponse({ description: 'No such customer.', type: ErrorResponseSchema })
  customerOrders(
    @Param('id', ParseIdPipe) id: string,
    @Query() page: GetCustomerOrdersRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.ordersOf(id, page, reply);
  }

  @Get('me/orders')
  @Access('customer')
  @ApiOperation({
    summary: "The caller's own orders, newest first (customers only)",
    description:
      'GET /customers/{id}/orders for the customer of the access token: the same answer, ' +
      'pages and headers.',
  })
  @ApiOkResponse({
    description: "One page of the caller's orders.",
    type: CustomerOrderPageSchema,
    headers: READ_HEADERS,
  })
  @ApiBadRequestResponse({
    description: '`limit`, `cursor` or `minPosition` is invalid.',
    type: ErrorResponseSchema,
  })
  @ApiNotFoundResponse({
    description: 'The customer of the token no longer exists.',
    type: ErrorResponseSchema,
  })
  myOrders(
    @Caller() caller: Principal,
    @Query() page: GetCustomerOrdersRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.ordersOf(caller.id, page, reply);
  }

  @Get('products/top-sellers')
  @Access('staff')
  @ApiOperation({
    summary: 'The products that sold the most units (from the product_sales read view)',
    description:
      'Most units sold (in orders not cancelled) first, then most revenue, then by product id; ' +
      'products with no units sold are left out. `minPosition` and the `X-Read-*` headers work ' +
      'as for GET /customers/{id}/orders.',
  })
  @ApiOkResponse({ description: 'The top sellers.', type: TopSellersSchema, headers: READ_HEADERS })
  @ApiBadRequestResponse({
    description: '`limit` (1 to 100) or `minPosition` is invalid.',
    type: ErrorResponseSchema,
  })
  async topSellers(
    @Query() { limit, minPosition }: ListTopSellersRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return readHeaders(
      reply,
      await this.queryBus.execute(new ListTopSellersQuery(limit, minPosition)),
    );
  }

  @Get('products/:id/sales')
  @Access('staff')
  @ApiOperation({
    summary: "A product's sales (from the product_sales read view)",
    description:
      'Units sold and revenue (orders not cancelled), orders, and cancelled units; zeros for a ' +
      'product never ordered. `minPosition` and the `X-Read-*` headers work as for ' +
      'GET /customers/{id}/orders.',
  })
  @ApiIdParam('The product id.')
  @ApiOkResponse({ description: 'The sales.', type: ProductSalesSchema, headers: READ_HEADERS })
  @ApiBadRequestResponse({
    description: 'The id is not a UUID, or `minPosition` is invalid.',
    type: ErrorResponseSchema,
  })
  @ApiNotFoundResponse({ description: 'No such product.', type: ErrorResponseSchema })
  async productSales(
    @Param('id', ParseIdPipe) id: string,
    @Query() { minPosition }: MinPositionRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return readHeaders(
      reply,
      await this.queryBus.execute(new GetProductSalesQuery(id, minPosition)),
    );
  }

  private async ordersOf(
    id: string,
    { limit, cursor, minPosition }: GetCustomerOrdersRequest,
    reply: FastifyReply,
  ) {
    const answer = await this.queryBus.execute(
      new GetCustomerOrdersQuery(id, limit, cursor, minPosition),
    );
    // The page is JSON text already: sent as is.
    void reply.type('application/json; charset=utf-8');
    return readHeaders(reply, { ...answer, answer: answer.page });
  }
}

/** Sends what a view-backed answer reflects and where it came from (READ_HEADERS); answers its body. */
function readHeaders<T>(reply: FastifyReply, { answer, readPosition, source }: ReadAnswer<T>): T {
  void reply.header('X-Read-Position', String(readPosition)).header('X-Read-Source', source);
  return answer;
}
