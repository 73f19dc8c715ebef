import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from '../shared/config/app-config.js';
import { InvalidConfigError } from '../shared/config/invalid-config.error.js';
import { safeErrorText } from '../shared/observability/safe-error.js';
import { ProjectionRebuilder } from '../shared/projections/projection-rebuilder.js';
import { ProjectionRunner } from '../shared/projections/projection-runner.js';
import { CliModule } from './cli.module.js';
import { projectionClasses } from './projection-classes.js';
import { rebuildSummary } from './rebuild-summary.js';

/**
 * `npm run projections:rebuild [-- <name>]`: rebuilds one projection (or all) from the
 * event log, with a progress bar, and prints how long it took (and the rate, for a long one). Safe while the app runs: readers
 * use the write model until the rebuilt view reaches the head (see ProjectionRebuilder).
 */
async function main(): Promise<void> {
  const requested = process.argv[2];
  // This process only rebuilds: its own runner stays idle.
  const config = Object.assign(loadConfig(process.env), { READ_VIEW: false });
  const app = await NestFactory.createApplicationContext(
    CliModule.forRoot(config, { providers: await projectionClasses() }),
    {
      logger: ['error', 'warn'],
    },
  );
  try {
    const runner = app.get(ProjectionRunner);
    const projections = runner.projections.filter(
      (p) => requested === undefined || p.name === requested,
    );
    if (projections.length === 0) {
      const known = runner.projections.map((p) => p.name).join(', ');
      throw new UsageError(`unknown projection "${requested}"; known: ${known}`);
    }
    for (const projection of projections) {
      const bar = new SingleBar(
        {
          format: `${projection.name} [{bar}] {percentage}% | {value}/{total} events | {eta}s left`,
        },
        Presets.shades_classic,
      );
      const started = performance.now();
      bar.start(0, 0);
      const applied = await app
        .get(ProjectionRebuilder)
        .rebuild(projection, ({ applied, total }) => {
          bar.setTotal(total);
          bar.update(applied);
        });
      bar.stop();
      console.log(rebuildSummary(projection.name, applied, performance.now() - started));
    }
  } finally {
    await app.close();
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) console.error(`Invalid configuration: ${error.message}`);
  else if (error instanceof UsageError) console.error(error.message);
  else console.error(safeErrorText(error));
  process.exit(1);
});
