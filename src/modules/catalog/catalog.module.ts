import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogController } from './catalog.controller.js';
import { ChangeProductPriceHandler } from './commands/change-product-price/change-product-price.handler.js';
import { CreateProductHandler } from './commands/create-product/create-product.handler.js';
import { Product } from './domain/product.entity.js';
import { GetProductHandler } from './queries/get-product/get-product.handler.js';
import { ListProductsByIdsHandler } from './queries/list-products-by-ids/list-products-by-ids.handler.js';
import { ListProductsHandler } from './queries/list-products/list-products.handler.js';

@Module({
  imports: [TypeOrmModule.forFeature([Product])],
  controllers: [CatalogController],
  providers: [
    // commands
    CreateProductHandler,
    ChangeProductPriceHandler,
    // queries
    GetProductHandler,
    ListProductsHandler,
    ListProductsByIdsHandler,
  ],
})
export class CatalogModule {}
