import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../../../shared/database/read-database.js';
import type { ProductSalesResponse } from '../contracts/product-sales.response.js';

/**
 * The same figures as the product_sales view, computed from the write tables: a grouped
 * join over `order_lines` and `orders`. The fallback while the view is rebuilt or behind a
 * `minPosition`, and the level-1 answer with READ_VIEW=false.
 */
const SALES = `
  SELECT l.product_id AS "productId",
         (SELECT n.product_name FROM order_lines n JOIN orders m ON m.id = n.order_id
           WHERE n.product_id = l.product_id
           ORDER BY m.placed_at DESC, m.id DESC, n.line_no DESC LIMIT 1) AS "productName",
         SUM(CASE WHEN o.status <> 'cancelled' THEN l.quantity ELSE 0 END) AS "unitsSold",
         SUM(CASE WHEN o.status <> 'cancelled' THEN l.quantity * l.unit_price_cents ELSE 0 END)
           AS "revenueCents",
         COUNT(DISTINCT CASE WHEN o.status <> 'cancelled' THEN o.id END) AS "orders",
         SUM(CASE WHEN o.status = 'cancelled' THEN l.quantity ELSE 0 END) AS "cancelledUnits"
    FROM order_lines l JOIN orders o ON o.id = l.order_id`;

type Row = { [K in keyof ProductSalesResponse]: ProductSalesResponse[K] | string };

@Injectable()
export class ProductSalesFromWriteModel {
  constructor(private readonly db: ReadDatabase) {}

  async one(productId: string): Promise<ProductSalesResponse | null> {
    const [row] = await this.db.query<Row>(
      `${SALES} WHERE l.product_id = $1 GROUP BY l.product_id`,
      [productId],
    );
    return row ? toResponse(row) : null;
  }

  async top(limit: number): Promise<ProductSalesResponse[]> {
    const rows = await this.db.query<Row>(
      `SELECT * FROM (${SALES} GROUP BY l.product_id) sales WHERE "unitsSold" > 0
        ORDER BY "unitsSold" DESC, "revenueCents" DESC, "productId" DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toResponse);
  }
}

function toResponse(row: Row): ProductSalesResponse {
  return {
    productId: String(row.productId),
    productName: String(row.productName),
    unitsSold: Number(row.unitsSold),
    revenueCents: Number(row.revenueCents),
    orders: Number(row.orders),
    cancelledUnits: Number(row.cancelledUnits),
  };
}
