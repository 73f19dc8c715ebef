import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Each checkpoint records the version of the projection that built its view. A projection
 * whose version differs (it was bumped, or it is new: version 0) gets its view rebuilt from
 * the log at start-up (ProjectionReset). The views that exist already were built by
 * version 1 of their projection.
 */
export class ProjectionVersions1764215000000 implements MigrationInterface {
  name = 'ProjectionVersions1764215000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'projection_checkpoints',
      new TableColumn({ name: 'version', type: 'integer', default: 1 }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('projection_checkpoints', 'version');
  }
}
