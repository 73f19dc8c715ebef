import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../../../shared/database/read-database.js';
import {
  CHECKPOINT_COLUMNS,
  type CheckpointColumns,
  checkpointOf,
  type ViewCheckpoint,
} from '../../../shared/projections/view-checkpoint.js';
import type { ProductSalesResponse } from '../contracts/product-sales.response.js';
import { PRODUCT_SALES, type ProductSalesRow } from '../projections/product-sales.view.js';

type ViewRow = CheckpointColumns & Omit<ProductSalesRow, 'position'>;

const COLUMNS = 'product_id, product_name, units_sold, revenue_cents, orders, cancelled_units';

/**
 * The product_sales view: one primary-key lookup, or one index scan for the top sellers,
 * each with the view's checkpoint from the same snapshot (no row, no checkpoint: the caller
 * asks the write model).
 */
@Injectable()
export class ProductSalesFromView {
  constructor(private readonly db: ReadDatabase) {}

  async one(
    productId: string,
  ): Promise<{ checkpoint: ViewCheckpoint | null; answer: ProductSalesResponse | null }> {
    const [row] = await this.db.query<ViewRow>(
      `SELECT ${CHECKPOINT_COLUMNS}, ${COLUMNS} FROM ${PRODUCT_SALES} WHERE product_id = $2`,
      [PRODUCT_SALES, productId],
    );
    return { checkpoint: checkpointOf(row), answer: row ? toResponse(row) : null };
  }

  async top(
    limit: number,
  ): Promise<{ checkpoint: ViewCheckpoint | null; answer: ProductSalesResponse[] }> {
    const rows = await this.db.query<ViewRow>(
      `SELECT ${CHECKPOINT_COLUMNS}, ${COLUMNS} FROM ${PRODUCT_SALES} WHERE units_sold > 0
        ORDER BY units_sold DESC, revenue_cents DESC, product_id DESC LIMIT $2`,
      [PRODUCT_SALES, limit],
    );
    return { checkpoint: checkpointOf(rows[0]), answer: rows.map(toResponse) };
  }
}

function toResponse(row: ViewRow): ProductSalesResponse {
  return {
    productId: row.product_id,
    productName: row.product_name,
    unitsSold: Number(row.units_sold),
    revenueCents: Number(row.revenue_cents),
    orders: Number(row.orders),
    cancelledUnits: Number(row.cancelled_units),
  };
}
