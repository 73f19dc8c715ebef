import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Presets, SingleBar } from 'cli-progress';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../shared/config/app-config.js';
import { InvalidConfigError } from '../shared/config/invalid-config.error.js';
import { ProjectionRebuilder } from '../shared/projections/projection-rebuilder.js';
import { ProjectionRunner } from '../shared/projections/projection-runner.js';

/**
 * `npm run projections:rebuild [-- <name>]`: rebuilds one projection (or all) from the
 * event log, with a progress bar, and prints the rate. Safe while the app runs: readers
 * use the write model until the rebuilt view reaches the head (see ProjectionRebuilder).
 */
async function main(): Promise<void> {
  const requested = process.argv[2];
  // This process only rebuilds: its own runner stays idle.
  const config = Object.assign(loadConfig(process.env), { READ_VIEW: false });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
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
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `rebuilt ${projection.name}: ${applied} events in ${seconds.toFixed(2)} s (${Math.round(applied / Math.max(seconds, 1e-6))} events/s)`,
      );
    }
  } finally {
    await app.close();
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) console.error(`Invalid configuration: ${error.message}`);
  else if (error instanceof UsageError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
