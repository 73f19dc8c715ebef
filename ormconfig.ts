import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from './src/migrations/migrations.js';
import { loadConfig } from './src/shared/config/app-config.js';
import { writeDataSourceOptions } from './src/shared/database/data-source-options.js';

/**
 * The DataSource the TypeORM CLI uses (`npm run migration:run` / `migration:revert`):
 * the same configuration and migrations as the app, from the same environment variables.
 */
export default new DataSource({
  ...writeDataSourceOptions(loadConfig(process.env), migrations),
  migrationsRun: false,
});
