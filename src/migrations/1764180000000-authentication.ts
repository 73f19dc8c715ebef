import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Authentication: customers get a password hash (null for customers registered before: they
 * cannot log in until one is set), and the identity module gets its staff accounts.
 */
export class Authentication1764180000000 implements MigrationInterface {
  name = 'Authentication1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'customers',
      new TableColumn({ name: 'password_hash', type: 'varchar', length: '200', isNullable: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'identity_staff_accounts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'password_hash', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [
          { name: 'identity_staff_accounts_email_key', columnNames: ['email'], isUnique: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_staff_accounts');
    await queryRunner.dropColumn('customers', 'password_hash');
  }
}
