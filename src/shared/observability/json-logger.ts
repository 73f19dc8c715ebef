import { Logger, PinoLogger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';
import { pinoHttpOptions } from './observability.module.js';

/**
 * The app's JSON-lines logger, for main.ts to hand to NestFactory.create: everything is
 * logged through it from the first line, so a start that fails (the database down: TypeORM's
 * retries, then the final error) logs JSON lines like a running app, not Nest's coloured text.
 * It is the same pino instance the LoggerModule then uses (nestjs-pino keeps one).
 */
export function jsonLogger(config: AppConfig): Logger {
  return new Logger(new PinoLogger({ pinoHttp: pinoHttpOptions(config) }), {});
}
