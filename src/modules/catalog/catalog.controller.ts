import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { IdempotencyKey } from '../../shared/idempotency/idempotency-key.decorator.js';
import type { IdempotencyRequest } from '../../shared/idempotency/idempotency-request.js';
import { ParseIdPipe } from '../../shared/http/parse-id.pipe.js';
import { PageRequest } from '../../shared/pagination/page.request.js';
import { ChangeProductPriceCommand } from './commands/change-product-price/change-product-price.command.js';
import { ChangeProductPriceRequest } from './commands/change-product-price/change-product-price.request.js';
import { CreateProductCommand } from './commands/create-product/create-product.command.js';
import { CreateProductRequest } from './commands/create-product/create-product.request.js';
import { GetProductQuery } from './queries/get-product/get-product.query.js';
import { ListProductsQuery } from './queries/list-products/list-products.query.js';

/** HTTP in, a command or a query out: nothing else happens here. */
@Controller('products')
export class CatalogController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  create(
    @Body() { sku, name, priceCents }: CreateProductRequest,
    @IdempotencyKey() idempotency: IdempotencyRequest | undefined,
  ) {
    return this.commandBus.execute(new CreateProductCommand(sku, name, priceCents, idempotency));
  }

  @Get()
  list(@Query() { limit, cursor }: PageRequest) {
    return this.queryBus.execute(new ListProductsQuery(limit, cursor));
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: string) {
    return this.queryBus.execute(new GetProductQuery(id));
  }

  @Patch(':id/price')
  changePrice(
    @Param('id', ParseIdPipe) id: string,
    @Body() { priceCents }: ChangeProductPriceRequest,
  ) {
    return this.commandBus.execute(new ChangeProductPriceCommand(id, priceCents));
  }
}
