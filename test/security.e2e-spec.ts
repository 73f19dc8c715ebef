import { ConsoleLogger } from '@nestjs/common';
import { GetProductHandler } from '../src/modules/catalog/queries/get-product/get-product.handler.js';
import { aMissingId } from './support/builders.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A query handler that fails the way a bug or a lost database connection would. */
class BrokenGetProductHandler extends GetProductHandler {
  override async execute(): Promise<never> {
    throw new Error('SQLITE_CORRUPT: SELECT secret FROM products WHERE id = 42');
  }
}

/** Collects what the app logs, to check what an operator would see. */
/** Keeps the errors to look at; the rest (the buses' `log` lines) is dropped, not printed. */
class RecordingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  override error(message: unknown, ...rest: unknown[]): void {
    this.lines.push(JSON.stringify([message, ...rest]));
  }
  override log(): void {}
  override warn(): void {}
}

describe('security basics', () => {
  describe('by default', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('sends security headers', async () => {
      const response = await t.http.get('/products').expect(200);
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.any(String),
        'content-security-policy': expect.any(String),
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('allows no cross-origin caller', async () => {
      const response = await t.http
        .get('/products')
        .set('origin', 'https://evil.example')
        .expect(200);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('gives every response an X-Request-Id, keeping a well-formed incoming one', async () => {
      const generated = await t.http.get('/products').expect(200);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const kept = await t.http.get('/products').set('x-request-id', 'trace-42.abc').expect(200);
      expect(kept.headers['x-request-id']).toBe('trace-42.abc');
      const replaced = await t.http
        .get('/products')
        .set('x-request-id', 'bad id\twith spaces')
        .expect(200);
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('with CORS_ORIGINS and RATE_LIMIT_PER_MINUTE set', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ CORS_ORIGINS: 'https://shop.example', RATE_LIMIT_PER_MINUTE: '5' });
    });
    afterAll(() => t.close());

    it('answers CORS for the configured origin only', async () => {
      const allowed = await t.http.get('/health').set('origin', 'https://shop.example').expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
      const other = await t.http.get('/health').set('origin', 'https://evil.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers 429 past the limit, in the usual error shape, and keeps /health reachable', async () => {
      // createTestApp's staff login (POST /auth/token) spent the first of the 5.
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await t.http.get('/products')).status);
      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      const limited = await t.http.get('/products').expect(429);
      expect(limited.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.any(String),
      });
      expect(limited.headers['retry-after']).toBeDefined();
      // /metrics counts too (its OpenAPI entry lists 429); only /health is exempt.
      await t.http.get('/metrics').expect(429);
      await t.http.get('/health').expect(200);
    });
  });

  describe('an unexpected error', () => {
    let t: TestApp;
    const logger = new RecordingLogger();
    beforeAll(async () => {
      t = await createTestApp({}, (builder) =>
        builder.overrideProvider(GetProductHandler).useClass(BrokenGetProductHandler),
      );
      t.app.useLogger(logger);
    });
    afterAll(() => t.close());

    it('answers a bare 500 that leaks no SQL or stack, and logs it with the request id', async () => {
      const response = await t.http
        .get(`/products/${aMissingId()}`)
        .set('x-request-id', 'req-500')
        .expect(500);
      expect(response.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal server error',
      });
      expect(JSON.stringify(response.body)).not.toMatch(/SQLITE|SELECT|at /);
      expect(logger.lines.join('\n')).toContain('req-500');
      expect(logger.lines.join('\n')).toContain('SQLITE_CORRUPT');
    });
  });
});
