import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ProductCreatedEvent } from '../contracts/product-created.event.js';
import { ProductPriceChangedEvent } from '../contracts/product-price-changed.event.js';
import { InvalidPriceError } from '../contracts/product.errors.js';
import type { ProductResponse } from '../contracts/product.response.js';
import { PRICE_CENTS_MAX } from './product-fields.js';

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
    assertValidPrice(props.priceCents);
    const product = Object.assign(new Product(), { id: randomUUID(), ...props });
    const event = new ProductCreatedEvent(product.id, { productId: product.id, ...props });
    return { product, event };
  }

  changePrice(newPriceCents: number): ProductPriceChangedEvent {
    assertValidPrice(newPriceCents);
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

function assertValidPrice(priceCents: number): void {
  if (!Number.isInteger(priceCents) || priceCents < 0 || priceCents > PRICE_CENTS_MAX) {
    throw new InvalidPriceError(`priceCents must be an integer from 0 to ${PRICE_CENTS_MAX}`);
  }
}
