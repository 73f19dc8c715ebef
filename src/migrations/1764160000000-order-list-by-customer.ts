import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The read side's own tables: one checkpoint per projection, and the denormalized
 * `order_list_by_customer` view (one row per order, lines inlined as JSON text) that
 * answers "my latest orders" from a single index range scan.
 */
export class OrderListByCustomer1764160000000 implements MigrationInterface {
  name = 'OrderListByCustomer1764160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const position = queryRunner.connection.options.type === 'postgres' ? 'bigint' : 'integer';

    await queryRunner.createTable(
      new Table({
        name: 'projection_checkpoints',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'position', type: position, default: 0 },
          { name: 'updated_at', type: 'varchar', length: '24' },
          { name: 'last_error', type: 'text', isNullable: true },
          // 1 while a rebuild refills the view from position 0: readers use the write model.
          { name: 'rebuilding', type: 'integer', default: 0 },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'order_list_by_customer',
        columns: [
          { name: 'order_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'customer_id', type: 'varchar', length: '36' },
          { name: 'placed_at', type: 'varchar', length: '24' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'total_cents', type: 'bigint' },
          { name: 'item_count', type: 'integer' },
          { name: 'lines', type: 'text' },
          { name: 'position', type: position },
        ],
      }),
    );
    await queryRunner.createIndex(
      'order_list_by_customer',
      new TableIndex({
        name: 'order_list_by_customer_latest_idx',
        columnNames: ['customer_id', 'placed_at', 'order_id'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('order_list_by_customer');
    await queryRunner.dropTable('projection_checkpoints');
  }
}
