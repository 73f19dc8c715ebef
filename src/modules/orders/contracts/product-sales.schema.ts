import { ApiProperty } from '@nestjs/swagger';
import type { ProductSalesResponse, TopSellersResponse } from './product-sales.response.js';

/** ProductSalesResponse as OpenAPI documents it. */
export class ProductSalesSchema implements ProductSalesResponse {
  @ApiProperty({ format: 'uuid', example: '3f0c8a52-5f4e-4a8e-9a3c-0d6f2b1e7c41' })
  productId: string;

  @ApiProperty({
    description: "The name on the product's latest order (the catalog's name if never ordered).",
    example: 'Coffee mug',
  })
  productName: string;

  @ApiProperty({ type: 'integer', description: 'Units in orders not cancelled.', example: 12 })
  unitsSold: number;

  @ApiProperty({
    type: 'integer',
    description: 'What those units were sold for, in cents.',
    example: 15000,
  })
  revenueCents: number;

  @ApiProperty({
    type: 'integer',
    description: 'Orders not cancelled with this product on them.',
    example: 5,
  })
  orders: number;

  @ApiProperty({ type: 'integer', description: 'Units in cancelled orders.', example: 2 })
  cancelledUnits: number;
}

/** TopSellersResponse as OpenAPI documents it. */
export class TopSellersSchema implements TopSellersResponse {
  @ApiProperty({
    type: [ProductSalesSchema],
    description: 'Most units sold first; then most revenue; then by product id.',
  })
  items: ProductSalesSchema[];
}
