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

  describe('with CORS_ORIGINS set', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ CORS_ORIGINS: 'https://shop.example' });
    });
    afterAll(() => t.close());

    const list = (header: unknown) =>
      String(header)
        .split(',')
        .map((item) => item.trim().toLowerCase())
        .sort();

    it.each([
      ['PUT', '/customers/:id/address'],
      ['PATCH', '/products/:id/price'],
      ['POST', '/orders'],
    ])('answers a preflight for %s %s: the API’s methods and headers', async (method, path) => {
      const response = await t.anonymous
        .options(path.replace(':id', aMissingId()))
        .set('origin', 'https://shop.example')
        .set('access-control-request-method', method)
        .set(
          'access-control-request-headers',
          'authorization, content-type, idempotency-key, x-request-id, x-not-ours',
        )
        .expect(204);
      expect(response.headers['access-control-allow-origin']).toBe('https://shop.example');
      expect(list(response.headers['access-control-allow-methods'])).toEqual(
        ['GET', 'HEAD', 'PATCH', 'POST', 'PUT'].map((m) => m.toLowerCase()),
      );
      // The headers the API reads, whatever the browser asks for: never one it does not.
      expect(list(response.headers['access-control-allow-headers'])).toEqual([
        'authorization',
        'content-type',
        'idempotency-key',
        'last-event-id',
        'x-request-id',
      ]);
    });

    it('lets the allowed origin read the headers the API answers with', async () => {
      const customer = await t.signUp();
      const response = await customer.http
        .get(`/customers/${customer.customer.id}/orders`)
        .set('origin', 'https://shop.example')
        .expect(200);
      expect(response.headers['access-control-allow-origin']).toBe('https://shop.example');
      expect(list(response.headers['access-control-expose-headers'])).toEqual([
        'retry-after',
        'x-read-position',
        'x-read-source',
        'x-request-id',
      ]);
      expect(response.headers['x-read-position']).toBeDefined();
      expect(response.headers['x-read-source']).toBeDefined();
    });

    it('answers no other origin, preflight or not', async () => {
      const preflight = await t.anonymous
        .options('/orders')
        .set('origin', 'https://evil.example')
        .set('access-control-request-method', 'POST')
        .expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const actual = await t.http
        .get('/products')
        .set('origin', 'https://evil.example')
        .expect(200);
      expect(actual.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers an OPTIONS request without Origin like any preflight, not a plain-text 400', async () => {
      const response = await t.anonymous.options('/products').expect(204);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
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
