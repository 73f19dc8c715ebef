import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CancelOrderHandler } from './commands/cancel-order/cancel-order.handler.js';
import { PlaceOrderHandler } from './commands/place-order/place-order.handler.js';
import { ShipOrderHandler } from './commands/ship-order/ship-order.handler.js';
import { OrderLine } from './domain/order-line.entity.js';
import { Order } from './domain/order.entity.js';
import { OrderRepository } from './domain/order.repository.js';
import { OrdersController } from './orders.controller.js';
import { CustomerOrdersFromView } from './queries/get-customer-orders/customer-orders-from-view.js';
import { CustomerOrdersFromWriteModel } from './queries/get-customer-orders/customer-orders-from-write-model.js';
import { GetCustomerOrdersHandler } from './queries/get-customer-orders/get-customer-orders.handler.js';
import { GetOrderHandler } from './queries/get-order/get-order.handler.js';
import { OrderListByCustomerProjection } from './projections/order-list-by-customer.projection.js';
import { ProductSalesProjection } from './projections/product-sales.projection.js';
import { GetProductSalesHandler } from './queries/get-product-sales/get-product-sales.handler.js';
import { ListTopSellersHandler } from './queries/list-top-sellers/list-top-sellers.handler.js';
import { ProductSalesFromView } from './queries/product-sales-from-view.js';
import { ProductSalesFromWriteModel } from './queries/product-sales-from-write-model.js';

@Module({
  imports: [TypeOrmModule.forFeature([Order, OrderLine])],
  controllers: [OrdersController],
  providers: [
    OrderRepository,
    CustomerOrdersFromWriteModel,
    CustomerOrdersFromView,
    ProductSalesFromWriteModel,
    ProductSalesFromView,
    // projections
    OrderListByCustomerProjection,
    ProductSalesProjection,
    // commands
    PlaceOrderHandler,
    CancelOrderHandler,
    ShipOrderHandler,
    // queries
    GetOrderHandler,
    GetCustomerOrdersHandler,
    GetProductSalesHandler,
    ListTopSellersHandler,
  ],
})
export class OrdersModule {}
