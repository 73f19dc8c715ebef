import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ProductCreatedEvent } from '../contracts/product-created.event.js';
import { ProductPriceChangedEvent } from '../contracts/product-price-changed.event.js';
import type { ProductResponse } from '../contracts/product.response.js';

@Entity('products')
export class Product {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Money is integer cents: no floating-point rounding, ever. */
  @Column({ name: 'price_cents', type: 'integer' })
  priceCents: number;

  static create(props: Omit<ProductResponse, 'id'>): {
    product: Product;
    event: ProductCreatedEvent;
  } {
    const product = Object.assign(new Product(), { id: randomUUID(), ...props });
    const event = new ProductCreatedEvent(product.id, { productId: product.id, ...props });
    return { product, event };
  }

  changePrice(newPriceCents: number): ProductPriceChangedEvent {
    const oldPriceCents = this.priceCents;
    this.priceCents = newPriceCents;
    return new ProductPriceChangedEvent(this.id, {
      productId: this.id,
      oldPriceCents,
      newPriceCents,
    });
  }

  toResponse(): ProductResponse {
    return { id: this.id, sku: this.sku, name: this.name, priceCents: this.priceCents };
  }
}
