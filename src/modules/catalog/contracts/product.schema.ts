import { ApiProperty } from '@nestjs/swagger';
import type { WithPosition } from '../../../shared/event-log/with-position.js';
import type { Page } from '../../../shared/pagination/page.js';
import type { ProductResponse } from './product.response.js';

/** ProductResponse as OpenAPI documents it (the interface stays the type the code uses). */
export class ProductSchema implements ProductResponse {
  @ApiProperty({ format: 'uuid', example: '3f0c8a52-5f4e-4a8e-9a3c-0d6f2b1e7c41' })
  id: string;

  @ApiProperty({ example: 'MUG-001' })
  sku: string;

  @ApiProperty({ example: 'Coffee mug' })
  name: string;

  @ApiProperty({ type: 'integer', description: 'Price in cents.', example: 1250 })
  priceCents: number;
}

/** What a catalog command answers: the product, plus the log position of its event. */
export class ProductWithPositionSchema
  extends ProductSchema
  implements WithPosition<ProductResponse>
{
  @ApiProperty({
    type: 'integer',
    description:
      "Log position of the command's event: pass it as `minPosition` to a read-view query to read your own write.",
    example: 42,
  })
  position: number;
}

/** One page of GET /products. */
export class ProductPageSchema implements Page<ProductResponse> {
  @ApiProperty({ type: [ProductSchema] })
  items: ProductSchema[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor: string | null;
}
