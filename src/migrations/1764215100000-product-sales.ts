import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The `product_sales` read view (per product: units sold, revenue, orders, cancelled units),
 * and `product_sales_lines`, the projection's memory of what each order contributed: an
 * OrderCancelled event carries no lines, and the projection reads events only, never the
 * write tables. No write-side table changes: the view is filled by replaying the log.
 */
export class ProductSales1764215100000 implements MigrationInterface {
  name = 'ProductSales1764215100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const position = queryRunner.connection.options.type === 'postgres' ? 'bigint' : 'integer';

    // #region view
    await queryRunner.createTable(
      new Table({
        name: 'product_sales',
        columns: [
          { name: 'product_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'product_name', type: 'varchar', length: '200' },
          { name: 'units_sold', type: 'integer' },
          { name: 'revenue_cents', type: 'bigint' },
          { name: 'orders', type: 'integer' },
          { name: 'cancelled_units', type: 'integer' },
          { name: 'position', type: position },
        ],
      }),
    );
    // #endregion
    // "Top sellers": the most units first; the id breaks ties.
    await queryRunner.createIndex(
      'product_sales',
      new TableIndex({
        name: 'product_sales_top_idx',
        columnNames: ['units_sold', 'revenue_cents', 'product_id'],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'product_sales_lines',
        columns: [
          { name: 'order_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'product_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'quantity', type: 'integer' },
          { name: 'revenue_cents', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('product_sales_lines');
    await queryRunner.dropTable('product_sales');
  }
}
