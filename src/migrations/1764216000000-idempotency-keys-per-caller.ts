import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Idempotency keys per caller (ADR 0026): the primary key becomes the key and its `scope`,
 * whose key it is, so the same key from two callers is two rows.
 *
 * The rows already there were stored when keys were global, the caller only inside their
 * fingerprint: they get the scope `legacy`, in which a request finds its row only by the old
 * fingerprint (IdempotencyStore), and the sweeper deletes them as they expire. `legacy`
 * stays the default: a row inserted without a scope comes from the previous version, still
 * running during a rolling deploy, and is one of those.
 */
export class IdempotencyKeysPerCaller1764216000000 implements MigrationInterface {
  name = 'IdempotencyKeysPerCaller1764216000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite rebuilds the table (copying its rows); PostgreSQL adds the column, filled with
    // the default, and replaces the primary key.
    await queryRunner.addColumn(
      'idempotency_keys',
      new TableColumn({
        name: 'scope',
        type: 'varchar',
        length: '100',
        isPrimary: true,
        default: "'legacy'",
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The previous version reads one row per key, in its own format: only the legacy rows stay.
    await queryRunner.query("DELETE FROM idempotency_keys WHERE scope <> 'legacy'");
    await queryRunner.dropColumn('idempotency_keys', 'scope');
  }
}
