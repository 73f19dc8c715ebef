/**
 * The baseline a team would otherwise write: one Nest service over TypeORM entities with a
 * relation, loading a customer's orders with their lines, on the Express adapter, with no
 * CQRS (no buses, no read view, no read-only connection). Same tables, same data.
 */
import 'reflect-metadata';
import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  Repository,
} from 'typeorm';
import {
  Controller,
  Get,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';

@Entity('customers')
class CustomerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar' }) name: string;
  @Column({ type: 'varchar' }) email: string;
}

@Entity('orders')
class OrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'customer_id', type: 'varchar' }) customerId: string;
  @Column({ type: 'varchar' }) status: string;
  @Column({ name: 'placed_at', type: 'varchar' }) placedAt: string;
  @Column({ name: 'total_cents', type: 'bigint' }) totalCents: number;
  @Column({ type: 'integer' }) version: number;
  @OneToMany(() => OrderLineEntity, (line) => line.order) lines: OrderLineEntity[];
}

@Entity('order_lines')
class OrderLineEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar' }) orderId: string;
  @PrimaryColumn({ name: 'line_no', type: 'integer' }) lineNo: number;
  @Column({ name: 'product_id', type: 'varchar' }) productId: string;
  @Column({ name: 'product_name', type: 'varchar' }) productName: string;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ name: 'unit_price_cents', type: 'integer' }) unitPriceCents: number;
  @ManyToOne(() => OrderEntity, (order) => order.lines)
  @JoinColumn({ name: 'order_id' })
  order: OrderEntity;
}

@Injectable()
class OrdersService {
  constructor(
    @InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>,
    @InjectRepository(OrderEntity) private readonly orders: Repository<OrderEntity>,
  ) {}

  async customerOrders(customerId: string) {
    if (!(await this.customers.existsBy({ id: customerId }))) throw new NotFoundException();
    const orders = await this.orders.find({
      where: { customerId },
      relations: { lines: true },
      // Ordering the relation too (lines: { lineNo: 'ASC' }) makes TypeORM's take + join
      // pagination return 2 orders instead of 20 on SQLite: the lines are sorted here instead.
      order: { placedAt: 'DESC', id: 'DESC' },
      take: 20,
    });
    for (const order of orders) order.lines.sort((a, b) => a.lineNo - b.lineNo);
    return {
      items: orders.map((order) => ({
        orderId: order.id,
        placedAt: order.placedAt,
        status: order.status,
        totalCents: Number(order.totalCents),
        itemCount: order.lines.reduce((sum, line) => sum + line.quantity, 0),
        lines: order.lines.map(({ productId, productName, quantity, unitPriceCents }) => ({
          productId,
          productName,
          quantity,
          unitPriceCents,
        })),
      })),
    };
  }
}

@Controller()
class OrdersController {
  constructor(private readonly service: OrdersService) {}

  @Get('customers/:id/orders')
  customerOrders(@Param('id', ParseUUIDPipe) id: string) {
    return this.service.customerOrders(id);
  }
}

const url = process.env.DATABASE_URL;
const entities = [CustomerEntity, OrderEntity, OrderLineEntity];
@Module({
  imports: [
    TypeOrmModule.forRoot(
      url
        ? { type: 'postgres', url, extra: { max: 10 }, entities }
        : {
            entities,
            type: 'better-sqlite3',
            database: process.env.SQLITE_PATH ?? 'data/app.sqlite',
            enableWAL: true,
          },
    ),
    TypeOrmModule.forFeature(entities),
  ],
  controllers: [OrdersController],
  providers: [OrdersService],
})
class BaselineModule {}

const app = await NestFactory.create(BaselineModule, new ExpressAdapter(), { logger: ['error'] });
await app.listen(Number(process.env.PORT ?? 3001), '127.0.0.1');
