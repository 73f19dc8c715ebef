import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../auth/access.decorator.js';
import { closeRequestBodies } from './openapi-closed-bodies.js';
import { MAX_BODY_DEPTH, MAX_BODY_ENTRIES, MAX_OBJECT_KEYS } from './malformed-input.hook.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** Swagger UI is served here, and the OpenAPI document as JSON at `${DOCS_PATH}-json`. */
export const DOCS_PATH = 'docs';

/** The nearest package.json above this file: the same from src/ (tests) and dist/src/. */
function packageJson(): { name?: string; version?: string; description?: string } {
  const root = packageRoot();
  if (root === null) return {};
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as object;
}

/**
 * The OpenAPI document, generated from the controllers' and DTOs' decorators (by hand: the
 * Swagger CLI plugin needs Nest's compiler, and we build with plain tsc). Swagger UI at
 * /docs, the JSON at /docs-json.
 */
export function setupOpenApi(app: NestFastifyApplication): void {
  const { version = '0.0.0', description = '' } = packageJson();
  const config = new DocumentBuilder()
    .setTitle('nest-cqrs-starter')
    .setDescription(
      `${description}\n\n` +
        'Errors come as `{ statusCode, error, message }`; a validation error lists every ' +
        'failing field in `message`. Unknown JSON fields are rejected (400); bodies are JSON ' +
        'only (415) and at most 100 kB (413). Before validation, a body nested more than ' +
        `${MAX_BODY_DEPTH} levels deep, with an object of more than ${MAX_OBJECT_KEYS} keys, ` +
        `with more than ${MAX_BODY_ENTRIES} keys and array items in all, or with a key named ` +
        'like an `Object.prototype` member (`toString`, `constructor`, ...) at any depth gets ' +
        '400, with one message saying why. String lengths (`minLength`, `maxLength`, passwords ' +
        'included) count Unicode code points, as JSON Schema does. Any request may also get, ' +
        'in the same shape: 400 for a path that is not valid percent-encoded UTF-8, 414 for a ' +
        'path parameter over 100 characters, 431 for headers over 16 kB. Every answer, errors ' +
        'included, carries `X-Request-Id`. A command answers with what it changed plus ' +
        '`position`, the event log position of its event: pass it as `minPosition` to ' +
        'GET /customers/{id}/orders to read your own write.\n\n' +
        'Authentication: POST /auth/token with `{ email, password }` answers an access ' +
        'token; send it as `Authorization: Bearer <token>`. Registration, login, product ' +
        'reads, /health and these docs are public; everything else needs a token (401 ' +
        'without one, 403 when its role is not allowed). A customer sees only its own data: ' +
        "another customer's order answers 404.",
    )
    .setVersion(version)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An access token from POST /auth/token. Each operation lists who may call it in ' +
          '`x-access` (public, staff, customer: its own data only, customer:self: the ' +
          'customer of the path `id`), and in its 403 description.',
      },
      BEARER_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  closeRequestBodies(document);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    customSiteTitle: 'nest-cqrs-starter API',
  });
}
