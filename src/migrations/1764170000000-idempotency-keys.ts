import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Answers of commands sent with an Idempotency-Key, stored in the command's own transaction. */
export class IdempotencyKeys1764170000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { name: 'key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'answer', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'idempotency_keys_created_at_idx', columnNames: ['created_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_keys');
  }
}
