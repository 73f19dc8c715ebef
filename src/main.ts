import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { loadConfig } from './shared/config/app-config.js';
import { InvalidConfigError } from './shared/config/invalid-config.error.js';
import { configureApp } from './shared/http/configure-app.js';
import { createHttpAdapter } from './shared/http/http-adapter.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger)); // JSON lines, at LOG_LEVEL, with the request id
  await configureApp(app);
  await app.listen(config.PORT, '0.0.0.0');
  Logger.log(`listening on ${await app.getUrl()} (${config.database})`, 'Bootstrap');
  stopGracefullyOnSignals(app);
}

/**
 * SIGTERM / SIGINT: stop accepting connections, let in-flight requests finish, run the
 * modules' shutdown hooks (background work ends its batch, connections close), exit 0.
 * A stop that hangs past the deadline exits 1 rather than never.
 */
function stopGracefullyOnSignals(app: NestFastifyApplication, deadlineMs = 10_000): void {
  const stop = (signal: NodeJS.Signals) => {
    Logger.log(`${signal}: shutting down`, 'Bootstrap');
    setTimeout(() => {
      Logger.error(`still running ${deadlineMs} ms after ${signal}: exiting`, 'Bootstrap');
      process.exit(1);
    }, deadlineMs).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        Logger.error(error, 'Bootstrap');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) {
    // One line an operator can act on, not a stack trace.
    console.error(`Invalid configuration: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
