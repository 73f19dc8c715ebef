import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../../shared/auth/access.decorator.js';
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
import { PageRequest } from '../../shared/pagination/page.request.js';
import { ChangeProductPriceCommand } from './commands/change-product-price/change-product-price.command.js';
import { ChangeProductPriceRequest } from './commands/change-product-price/change-product-price.request.js';
import { CreateProductCommand } from './commands/create-product/create-product.command.js';
import { CreateProductRequest } from './commands/create-product/create-product.request.js';
import {
  ProductPageSchema,
  ProductSchema,
  ProductWithPositionSchema,
} from './contracts/product.schema.js';
import { GetProductQuery } from './queries/get-product/get-product.query.js';
import { ListProductsQuery } from './queries/list-products/list-products.query.js';
import { MAY_LAG_ON_A_REPLICA } from '../../shared/database/read-staleness.js';

/** HTTP in, a command or a query out: nothing else happens here. */
@ApiTags('catalog')
@ApiRateLimited()
@ApiUnavailable()
@Controller('products')
export class CatalogController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @Access('staff')
  @ApiOperation({ summary: 'Create a product' })
  @ApiIdempotencyKey()
  @ApiJsonBodyErrors()
  @ApiCreatedResponse({ description: 'The new product.', type: ProductWithPositionSchema })
  @ApiBadRequestResponse({
    description: 'The body is invalid (every failing field is listed) or has unknown fields.',
    type: ErrorResponseSchema,
  })
  @ApiConflictResponse({ description: 'The sku is taken.', type: ErrorResponseSchema })
  create(
    @Body() { sku, name, priceCents }: CreateProductRequest,
    @IdempotencyKey() idempotency: IdempotencyRequest | undefined,
  ) {
    return this.commandBus.execute(new CreateProductCommand(sku, name, priceCents, idempotency));
  }

  @Get()
  @Access('public')
  @ApiOperation({ summary: 'List products, a page at a time', description: MAY_LAG_ON_A_REPLICA })
  @ApiOkResponse({ description: 'One page of products.', type: ProductPageSchema })
  @ApiBadRequestResponse({
    description: '`limit` or `cursor` is invalid.',
    type: ErrorResponseSchema,
  })
  list(@Query() { limit, cursor }: PageRequest) {
    return this.queryBus.execute(new ListProductsQuery(limit, cursor));
  }

  @Get(':id')
  @Access('public')
  @ApiOperation({ summary: 'Get a product', description: MAY_LAG_ON_A_REPLICA })
  @ApiIdParam('The product id.')
  @ApiOkResponse({ description: 'The product.', type: ProductSchema })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.', type: ErrorResponseSchema })
  @ApiNotFoundResponse({ description: 'No such product.', type: ErrorResponseSchema })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.queryBus.execute(new GetProductQuery(id));
  }

  @Patch(':id/price')
  @Access('staff')
  @ApiOperation({ summary: "Change a product's price" })
  @ApiJsonBodyErrors()
  @ApiIdParam('The product id.')
  @ApiOkResponse({ description: 'The product, repriced.', type: ProductWithPositionSchema })
  @ApiBadRequestResponse({
    description: 'The id is not a UUID, or the body is invalid.',
    type: ErrorResponseSchema,
  })
  @ApiNotFoundResponse({ description: 'No such product.', type: ErrorResponseSchema })
  changePrice(
    @Param('id', ParseIdPipe) id: string,
    @Body() { priceCents }: ChangeProductPriceRequest,
  ) {
    return this.commandBus.execute(new ChangeProductPriceCommand(id, priceCents));
  }
}
