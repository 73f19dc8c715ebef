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
import { IdempotencyKey } from '../../shared/idempotency/idempotency-key.decorator.js';
import type { IdempotencyRequest } from '../../shared/idempotency/idempotency-request.js';
import { ErrorResponseSchema } from '../../shared/http/error-response.schema.js';
import {
  ApiIdempotencyKey,
  ApiIdParam,
  ApiJsonBodyErrors,
  ApiRateLimited,
} from '../../shared/http/openapi.decorators.js';
import { ParseIdPipe } from '../../shared/http/parse-id.pipe.js';
import { CancelOrderCommand } from './commands/cancel-order/cancel-order.command.js';
import { PlaceOrderCommand } from './commands/place-order/place-order.command.js';
import { PlaceOrderRequest } from './commands/place-order/place-order.request.js';
import { ShipOrderCommand } from './commands/ship-order/ship-order.command.js';
import { CustomerOrderPageSchema } from './contracts/customer-order-item.schema.js';
import { OrderSchema, OrderWithPositionSchema } from './contracts/order.schema.js';
import { GetCustomerOrdersQuery } from './queries/get-customer-orders/get-customer-orders.query.js';
import { GetCustomerOrdersRequest } from './queries/get-customer-orders/get-customer-orders.request.js';
import { GetOrderQuery } from './queries/get-order/get-order.query.js';

/** HTTP in, a command or a query out: nothing else happens here. */
@ApiTags('orders')
@ApiRateLimited()
@Controller()
export class OrdersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('orders')
  @ApiOperation({ summary: 'Place an order' })
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
    @IdempotencyKey() idempotency: IdempotencyRequest | undefined,
  ) {
    const requested = lines.map(({ productId, quantity }) => ({ productId, quantity }));
    return this.commandBus.execute(new PlaceOrderCommand(customerId, requested, idempotency));
  }

  @Get('orders/:id')
  @ApiOperation({ summary: 'Get an order (from the write model, always current)' })
  @ApiIdParam('The order id.')
  @ApiOkResponse({ description: 'The order.', type: OrderSchema })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.', type: ErrorResponseSchema })
  @ApiNotFoundResponse({ description: 'No such order.', type: ErrorResponseSchema })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.queryBus.execute(new GetOrderQuery(id));
  }

  @Post('orders/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel an order' })
  @ApiIdParam('The order id.')
  @ApiOkResponse({ description: 'The order, cancelled.', type: OrderWithPositionSchema })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.', type: ErrorResponseSchema })
  @ApiNotFoundResponse({ description: 'No such order.', type: ErrorResponseSchema })
  @ApiConflictResponse({
    description:
      'The order is already cancelled or shipped, or another request changed it at the same time.',
    type: ErrorResponseSchema,
  })
  cancel(@Param('id', ParseIdPipe) id: string) {
    return this.commandBus.execute(new CancelOrderCommand(id));
  }

  @Post('orders/:id/ship')
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
  @ApiOperation({
    summary: "A customer's orders, newest first (from the read view)",
    description:
      'Pass `minPosition` (the `position` a command answered) to read your own write. ' +
      'With READ_VIEW=false the answer comes from the write model, identical in content.',
  })
  @ApiIdParam('The customer id.')
  @ApiOkResponse({
    description: "One page of the customer's orders.",
    type: CustomerOrderPageSchema,
    headers: {
      'X-Read-Position': {
        description: 'The event log position this answer reflects.',
        schema: { type: 'integer' },
      },
      'X-Read-Source': {
        description:
          '`view` when answered from the read view, `write-model` when from the write tables.',
        schema: { type: 'string', enum: ['view', 'write-model'] },
      },
    },
  })
  @ApiBadRequestResponse({
    description: 'The id is not a UUID, or `limit`, `cursor` or `minPosition` is invalid.',
    type: ErrorResponseSchema,
  })
  @ApiNotFoundResponse({ description: 'No such customer.', type: ErrorResponseSchema })
  async customerOrders(
    @Param('id', ParseIdPipe) id: string,
    @Query() { limit, cursor, minPosition }: GetCustomerOrdersRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.queryBus.execute(
      new GetCustomerOrdersQuery(id, limit, cursor, minPosition),
    );
    void reply
      .header('X-Read-Position', String(answer.readPosition))
      .header('X-Read-Source', answer.source);
    return answer.page;
  }
}
