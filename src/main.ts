import 'reflect-metadata';
import { Logger, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { type AppConfig, loadConfig } from './shared/config/app-config.js';
import { InvalidConfigError } from './shared/config/invalid-config.error.js';
import { configureApp } from './shared/http/configure-app.js';
import { stopGracefullyOnSignals } from './shared/http/graceful-shutdown.js';
import { createHttpAdapter } from './shared/http/http-adapter.js';
import { exitOnceLogged } from './shared/observability/exit-once-logged.js';
import { jsonLogger } from './shared/observability/json-logger.js';

async function bootstrap(config: AppConfig, logger: LoggerService): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(),
    // JSON lines, at LOG_LEVEL, from the first line: a failed start logs like a running app.
    // abortOnError false: on a failed start Nest would log the error and exit at once, before
    // the asynchronous logger wrote that line (seen in CI); it throws it to start() instead.
    { bodyParser: false, logger, abortOnError: false },
  );
  await configureApp(app);
  stopGracefullyOnSignals(app, config.SHUTDOWN_DRAIN_MS); // its hook must be in before listen
  if (!config.JWT_SECRET) {
    // Here, not in AccessTokenService: only the server issues tokens, the CLIs do not.
    Logger.warn(
      'JWT_SECRET is not set: signing tokens with a random key generated at start-up. ' +
        'Tokens will not survive a restart nor work across instances; set JWT_SECRET.',
      'Auth',
    );
  }
  await app.listen(config.PORT, '0.0.0.0');
  // Every interface, not only the loopback one app.getUrl() would name (PORT=0 picks one).
  const { port } = app.getHttpServer().address() as AddressInfo;
  Logger.log(
    `listening on 0.0.0.0:${port} (http://localhost:${port}, ${config.database})`,
    'Bootstrap',
  );
}

function start(): void {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    // One line an operator can act on, not a stack trace (nor JSON: LOG_LEVEL may be the bad value).
    if (!(error instanceof InvalidConfigError)) throw error;
    console.error(`Invalid configuration: ${error.message}`);
    process.exit(1);
  }
  const logger = jsonLogger(config);
  bootstrap(config, logger).catch((error: unknown) => {
    logger.error(error, 'Bootstrap');
    exitOnceLogged(1);
  });
}

start();
