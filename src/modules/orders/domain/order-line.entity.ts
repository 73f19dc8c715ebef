import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrderLineResponse } from '../contracts/order.response.js';

/**
 * A line keeps the product's name and price as they were when the order was placed:
 * a later price change in the catalog does not rewrite history.
 */
@Entity('order_lines')
export class OrderLine {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 36 })
  orderId: string;

  @PrimaryColumn({ name: 'line_no', type: 'integer' })
  lineNo: number;

  @Column({ name: 'product_id', type: 'varchar', length: 36 })
  productId: string;

  @Column({ name: 'product_name', type: 'varchar', length: 200 })
  productName: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'unit_price_cents', type: 'integer' })
  unitPriceCents: number;

  toResponse(): OrderLineResponse {
    return {
      productId: this.productId,
      productName: this.productName,
      quantity: this.quantity,
      unitPriceCents: this.unitPriceCents,
    };
  }
}
