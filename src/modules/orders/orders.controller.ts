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
import type { FastifyReply } from 'fastify';
import { IdempotencyKey } from '../../shared/idempotency/idempotency-key.decorator.js';
import type { IdempotencyRequest } from '../../shared/idempotency/idempotency-request.js';
import { ParseIdPipe } from '../../shared/http/parse-id.pipe.js';
import { CancelOrderCommand } from './commands/cancel-order/cancel-order.command.js';
import { PlaceOrderCommand } from './commands/place-order/place-order.command.js';
import { PlaceOrderRequest } from './commands/place-order/place-order.request.js';
import { ShipOrderCommand } from './commands/ship-order/ship-order.command.js';
import { GetCustomerOrdersQuery } from './queries/get-customer-orders/get-customer-orders.query.js';
import { GetCustomerOrdersRequest } from './queries/get-customer-orders/get-customer-orders.request.js';
import { GetOrderQuery } from './queries/get-order/get-order.query.js';

/** HTTP in, a command or a query out: nothing else happens here. */
@Controller()
export class OrdersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('orders')
  place(
    @Body() { customerId, lines }: PlaceOrderRequest,
    @IdempotencyKey() idempotency: IdempotencyRequest | undefined,
  ) {
    const requested = lines.map(({ productId, quantity }) => ({ productId, quantity }));
    return this.commandBus.execute(new PlaceOrderCommand(customerId, requested, idempotency));
  }

  @Get('orders/:id')
  get(@Param('id', ParseIdPipe) id: string) {
    return this.queryBus.execute(new GetOrderQuery(id));
  }

  @Post('orders/:id/cancel')
  @HttpCode(HttpStatus.OK)
  cancel(@Param('id', ParseIdPipe) id: string) {
    return this.commandBus.execute(new CancelOrderCommand(id));
  }

  @Post('orders/:id/ship')
  @HttpCode(HttpStatus.OK)
  ship(@Param('id', ParseIdPipe) id: string) {
    return this.commandBus.execute(new ShipOrderCommand(id));
  }

  @Get('customers/:id/orders')
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
