import { ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * What every HTTP entry point shares, used by main.ts and by the end-to-end tests alike:
 * request bodies and query strings are validated against their DTO classes, unknown fields
 * are rejected (400, naming them), and every failing field is listed.
 */
export function configureApp(app: NestFastifyApplication): void {
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
    }),
  );
}
