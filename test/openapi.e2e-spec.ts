import { readFileSync } from 'node:fs';
import { CONTRACT_ENDPOINTS } from './support/contract-endpoints.js';
import { ROOT } from './support/repository-copy.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
   the OpenAPI document is walked as plain JSON, as the other specs walk response bodies */
type Doc = any;

/** Follows a `$ref` (or an `allOf` of one, as nullable references are written) to its schema. */
function resolve(doc: Doc, schema: Doc): Doc {
  const ref: string | undefined = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
  if (!ref) return schema;
  return doc.components.schemas[ref.replace('#/components/schemas/', '')];
}

const bodySchema = (doc: Doc, method: string, path: string) =>
  resolve(doc, doc.paths[path][method].requestBody.content['application/json'].schema);

const ERROR_REF = { $ref: '#/components/schemas/ErrorResponseSchema' };

/** Failures the README says once for all routes, not in each row. */
const SAID_ONCE = [401, 403, 413, 415, 429, 503];

/** A route's own failures: the client errors not in SAID_ONCE, each once, in order. */
const own = (codes: number[]) =>
  [...new Set(codes)].filter((s) => s >= 400 && !SAID_ONCE.includes(s)).sort();

interface ReadmeRoute {
  route: string;
  who: string;
  statuses: number[];
}

/**
 * The README's API table (the one headed `| method | path | who ...`): one entry per method
 * and path, paths as OpenAPI writes them (`:id` -> `{id}`, no query string), with the status
 * codes its success and failures columns name. The API docs themselves are left out.
 */
function readmeApiTable(): ReadmeRoute[] {
  const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
  const start = readme.search(/^\| method \| path\s+\| who/m);
  const table = readme.slice(start).split('\n\n')[0].split('\n').slice(2);
  return table.flatMap((row) => {
    const [, method, paths, who, , success, failures] = row.split('|').map((c) => c.trim());
    const statuses = [...`${success} ${failures}`.matchAll(/\b[1-5]\d\d\b/g)].map(Number);
    return [...paths.matchAll(/`([^`]+)`/g)]
      .map(([, path]) => path.split('?')[0].replace(/:(\w+)/g, '{$1}'))
      .filter((path) => !path.startsWith('/docs'))
      .map((path) => ({ route: `${method} ${path}`, who, statuses }));
  });
}

describe('OpenAPI document (GET /docs-json)', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestApp();
    const response = await t.http.get('/docs-json').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    doc = response.body;
  });
  afterAll(() => t.close());

  it('is OpenAPI 3 with a title and the version of package.json', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: 'nest-cqrs-starter', version: expect.any(String) });
    expect(doc.info.version).not.toBe('0.0.0');
    expect(typeof doc.paths).toBe('object');
  });

  it('lists every endpoint of the contract', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = CONTRACT_ENDPOINTS.map(
      ({ method, path }) => `${method.toUpperCase()} ${path}`,
    );
    expect(documented).toEqual(expect.arrayContaining(expected));
    // The documentation does not document itself.
    expect(documented.filter((route) => route.includes('/docs'))).toEqual([]);
  });

  it.each(CONTRACT_ENDPOINTS.map((e) => [`${e.method.toUpperCase()} ${e.path}`, e] as const))(
    '%s: has a summary, a tag and every status code of the contract',
    (_route, { method, path, statuses }) => {
      const operation = doc.paths[path][method];
      expect(operation.summary).toEqual(expect.any(String));
      expect(operation.tags).toEqual([expect.any(String)]);
      expect(Object.keys(operation.responses).map(Number).sort()).toEqual([...statuses].sort());
      for (const status of statuses.filter((s) => s >= 400)) {
        expect(operation.responses[status].content['application/json'].schema).toEqual(ERROR_REF);
        expect(operation.responses[status].description).not.toBe('');
      }
    },
  );

  it("agrees with the README's API table: the same routes, every status it names, who may call each", () => {
    const table = readmeApiTable();
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(table.map((row) => row.route).sort()).toEqual([...documented].sort());
    const disagreements = table.flatMap(({ route, who, statuses }) => {
      const [method, path] = route.split(' ');
      const operation = doc.paths[path][method.toLowerCase()];
      const listed = Object.keys(operation.responses).map(Number);
      const access = [...(operation['x-access'] as string[])].sort().join(', ');
      const expectedAccess = [
        ...(/^anyone/.test(who) ? ['public'] : []),
        ...(/the customer itself/.test(who) ? ['customer:self'] : []),
        ...(/customer/.test(who) && !/the customer itself/.test(who) ? ['customer'] : []),
        ...(/staff/.test(who) ? ['staff'] : []),
      ]
        .sort()
        .join(', ');
      return [
        ...(own(statuses).join() === own(listed).join()
          ? []
          : [`${route}: README failures ${own(statuses).join()}, OpenAPI ${own(listed).join()}`]),
        ...statuses
          .filter((status) => !listed.includes(status))
          .map((status) => `${route}: README names ${status}, OpenAPI does not`),
        ...(access === expectedAccess ? [] : [`${route}: README "${who}", x-access ${access}`]),
      ];
    });
    expect(disagreements).toEqual([]);
  });

  it('documents the bearer scheme, and on every route who may call it', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    for (const { method, path, access } of CONTRACT_ENDPOINTS) {
      const operation = doc.paths[path][method];
      expect([`${method} ${path}`, operation['x-access']]).toEqual([`${method} ${path}`, access]);
      if (access.includes('public')) {
        expect(operation.security).toBeUndefined();
      } else {
        expect(operation.security).toEqual([{ bearer: [] }]);
        expect(operation.responses[403].description).toMatch(
          /^The token is valid but not allowed here\. Allowed: /,
        );
      }
    }
    expect(doc.paths['/customers/{id}'].get.responses[403].description).toContain(
      'the customer itself, staff',
    );
  });

  it('documents POST /auth/token: email and password in, accessToken and expiresIn out', () => {
    const body = bodySchema(doc, 'post', '/auth/token');
    expect(body.required.sort()).toEqual(['email', 'password']);
    const answer = resolve(
      doc,
      doc.paths['/auth/token'].post.responses[200].content['application/json'].schema,
    );
    expect(Object.keys(answer.properties).sort()).toEqual(['accessToken', 'expiresIn']);
    expect(answer.properties.expiresIn.type).toBe('integer');
  });

  it('documents the error shape { statusCode, error, message }', () => {
    const schema = doc.components.schemas.ErrorResponseSchema;
    expect(schema.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message']));
    expect(schema.properties.statusCode.type).toBe('integer');
    expect(schema.properties.error.type).toBe('string');
    expect(schema.properties.message.oneOf).toEqual([
      { type: 'string' },
      { type: 'array', items: { type: 'string' } },
    ]);
  });

  it('documents the Retry-After header of 429', () => {
    expect(doc.paths['/products'].get.responses[429].headers['Retry-After']).toBeDefined();
    for (const path of ['/auth/token', '/customers']) {
      const limited = doc.paths[path].post.responses[429];
      expect(limited.description).toMatch(/AUTH_LIMIT_PER_MINUTE.*per_email|PER_EMAIL/i);
      expect(limited.headers['Retry-After']).toBeDefined();
    }
  });

  it('documents the path parameter id as a UUID wherever it appears', () => {
    for (const { method, path } of CONTRACT_ENDPOINTS.filter((e) => e.path.includes('{id}'))) {
      expect(doc.paths[path][method].parameters).toContainEqual(
        expect.objectContaining({
          name: 'id',
          in: 'path',
          required: true,
          schema: { type: 'string', format: 'uuid' },
        }),
      );
    }
  });

  it('documents the optional Idempotency-Key header on the three creating POSTs only', () => {
    const withKey = CONTRACT_ENDPOINTS.filter(({ method, path }) =>
      (doc.paths[path][method].parameters ?? []).some(
        (p: Doc) => p.in === 'header' && p.name === 'Idempotency-Key',
      ),
    ).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(withKey).toEqual(['POST /products', 'POST /customers', 'POST /orders']);
    const header = doc.paths['/orders'].post.parameters.find(
      (p: Doc) => p.name === 'Idempotency-Key',
    );
    expect(header).toMatchObject({ required: false, schema: { minLength: 1, maxLength: 200 } });
    // Keys are per caller (ADR 0026): with a token, a reuse is a 422; without one (registration),
    // only the very same request replays and another one runs as new, so there is no 422.
    expect(header.description).toContain('per caller');
    expect(doc.paths['/orders'].post.responses['422'].description).toMatch(/Idempotency-Key/);
    const registration = doc.paths['/customers'].post;
    const registrationHeader = registration.parameters.find(
      (p: Doc) => p.name === 'Idempotency-Key',
    );
    expect(registrationHeader.description).toContain('the password included');
    expect(registration.responses['422']).toBeUndefined();
  });

  it('documents the query parameters with their limits', () => {
    const query = (path: string) =>
      Object.fromEntries(
        doc.paths[path].get.parameters
          .filter((p: Doc) => p.in === 'query')
          .map((p: Doc) => [p.name, p]),
      );
    const products = query('/products');
    expect(Object.keys(products).sort()).toEqual(['cursor', 'limit']);
    expect(products.limit).toMatchObject({
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    });
    expect(products.cursor).toMatchObject({ required: false, schema: { maxLength: 1000 } });
    const orders = query('/customers/{id}/orders');
    expect(Object.keys(orders).sort()).toEqual(['cursor', 'limit', 'minPosition']);
    expect(orders.minPosition).toMatchObject({
      required: false,
      schema: { type: 'integer', minimum: 0 },
    });
  });

  it('documents POST /orders: required fields, 1 to 100 lines, quantity 1 to 1000', () => {
    const body = bodySchema(doc, 'post', '/orders');
    expect(body.required.sort()).toEqual(['lines']); // a customer orders for itself
    expect(body.properties.customerId).toMatchObject({ type: 'string', format: 'uuid' });
    expect(body.properties.lines).toMatchObject({ type: 'array', minItems: 1, maxItems: 100 });
    const line = resolve(doc, body.properties.lines.items);
    expect(line.required.sort()).toEqual(['productId', 'quantity']);
    expect(line.properties.productId).toMatchObject({ type: 'string', format: 'uuid' });
    expect(line.properties.quantity).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
  });

  it('documents POST /products: sku pattern, name length, price range', () => {
    const body = bodySchema(doc, 'post', '/products');
    expect(body.required.sort()).toEqual(['name', 'priceCents', 'sku']);
    expect(body.properties.sku).toMatchObject({ type: 'string', maxLength: 64 });
    const sku = new RegExp(body.properties.sku.pattern);
    expect(['A', 'mug-1.b_2', 'x'.repeat(64)].every((s) => sku.test(s))).toBe(true);
    expect(['', '-a', 'a b', 'x'.repeat(65)].some((s) => sku.test(s))).toBe(false);
    expect(body.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(body.properties.priceCents).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 100_000_000,
    });
    const price = bodySchema(doc, 'patch', '/products/{id}/price');
    expect(price.required).toEqual(['priceCents']);
    expect(price.properties.priceCents).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 100_000_000,
    });
  });

  it('documents POST /customers with an optional address, and PUT /customers/{id}/address', () => {
    const body = bodySchema(doc, 'post', '/customers');
    expect(body.required.sort()).toEqual(['email', 'name', 'password']);
    expect(body.properties.password).toMatchObject({
      type: 'string',
      format: 'password',
      writeOnly: true,
      minLength: 8,
      maxLength: 200,
    });
    expect(body.properties.email).toMatchObject({ format: 'email', maxLength: 254 });
    expect(body.properties.name).toMatchObject({ minLength: 1, maxLength: 200 });
    const address = resolve(doc, body.properties.address);
    expect(address).toBe(bodySchema(doc, 'put', '/customers/{id}/address'));
    expect(address.required.sort()).toEqual(['city', 'country', 'postalCode', 'street']);
    expect(address.properties.postalCode).toMatchObject({ minLength: 1, maxLength: 20 });
  });

  it('closes every request body to unknown fields, nested objects included, as the app does (400)', () => {
    const open: string[] = [];
    const check = (schema: Doc, where: string): void => {
      const resolved = resolve(doc, schema);
      if (resolved?.items) return check(resolved.items, `${where}[]`);
      if (resolved?.type !== 'object' && !resolved?.properties) return;
      if (resolved.additionalProperties !== false) open.push(where);
      for (const [name, property] of Object.entries(resolved.properties ?? {}))
        check(property, `${where}.${name}`);
    };
    let bodies = 0;
    for (const [path, operations] of Object.entries<Doc>(doc.paths)) {
      for (const [method, operation] of Object.entries<Doc>(operations)) {
        const body = operation.requestBody?.content?.['application/json']?.schema;
        if (!body) continue;
        bodies += 1;
        check(body, `${method.toUpperCase()} ${path}`);
      }
    }
    expect(bodies).toBeGreaterThanOrEqual(6);
    expect(open).toEqual([]);
    // The nested ones the issue named: an order's lines and a customer's address.
    expect(resolve(doc, bodySchema(doc, 'post', '/orders').properties.lines.items)).toMatchObject({
      additionalProperties: false,
    });
    expect(resolve(doc, bodySchema(doc, 'post', '/customers').properties.address)).toMatchObject({
      additionalProperties: false,
    });
    // Answers stay open: a client must accept fields added later.
    expect(doc.components.schemas.ErrorResponseSchema.additionalProperties).toBeUndefined();
  });

  it('states the limits the app enforces before validation, and that lengths count code points', () => {
    expect(doc.info.description).toContain('nested more than 32 levels deep');
    expect(doc.info.description).toContain('an object of more than 100 keys');
    expect(doc.info.description).toContain('more than 1000 keys and array items in all');
    expect(doc.info.description).toContain('`Object.prototype` member');
    expect(doc.info.description).toContain('count Unicode code points');
  });

  it('states the login lengths and the email rule the app enforces', () => {
    const login = bodySchema(doc, 'post', '/auth/token');
    expect(login.properties.email).toMatchObject({ minLength: 1, maxLength: 254 });
    expect(login.properties.password).toMatchObject({ minLength: 1, maxLength: 200 });
    const email = bodySchema(doc, 'post', '/customers').properties.email;
    expect(email.description).toContain('IsEmail');
    expect(email.description).toContain('top-level domain required');
  });

  it('documents the answers: the resources, `position` on every command, the pages', () => {
    const ok = (method: string, path: string) => {
      const responses = doc.paths[path][method].responses;
      const response = responses[201] ?? responses[200];
      return resolve(doc, response.content['application/json'].schema);
    };
    const fields = (schema: Doc) => Object.keys(schema.properties).sort();

    const commands: [string, string][] = [
      ['post', '/products'],
      ['patch', '/products/{id}/price'],
      ['post', '/customers'],
      ['put', '/customers/{id}/address'],
      ['post', '/orders'],
      ['post', '/orders/{id}/cancel'],
      ['post', '/orders/{id}/ship'],
    ];
    for (const [method, path] of commands) {
      const schema = ok(method, path);
      expect(schema.required).toContain('position');
      expect(schema.properties.position.type).toBe('integer');
    }

    expect(fields(ok('get', '/products/{id}'))).toEqual(['id', 'name', 'priceCents', 'sku']);
    expect(fields(ok('get', '/customers/{id}'))).toEqual(['address', 'email', 'id', 'name']);
    expect(ok('get', '/customers/{id}').properties.address.nullable).toBe(true);
    const order = ok('get', '/orders/{id}');
    expect(fields(order)).toEqual(
      ['customerId', 'id', 'lines', 'placedAt', 'status', 'totalCents', 'version'].sort(),
    );
    expect(resolve(doc, order.properties.status).enum).toEqual(['placed', 'cancelled', 'shipped']);
    expect(fields(resolve(doc, order.properties.lines.items))).toEqual(
      ['productId', 'productName', 'quantity', 'unitPriceCents'].sort(),
    );

    for (const path of ['/products', '/customers/{id}/orders']) {
      const page = ok('get', path);
      expect(page.required.sort()).toEqual(['items', 'nextCursor']);
      expect(page.properties.nextCursor.nullable).toBe(true);
    }
    const item = resolve(doc, ok('get', '/customers/{id}/orders').properties.items.items);
    expect(fields(item)).toEqual(
      ['itemCount', 'lines', 'orderId', 'placedAt', 'status', 'totalCents'].sort(),
    );

    const projections =
      doc.paths['/ops/projections'].get.responses[200].content['application/json'].schema;
    expect(projections.type).toBe('array');
    expect(fields(resolve(doc, projections.items))).toEqual(
      expect.arrayContaining(['headPosition', 'lag', 'lastError', 'name', 'position', 'updatedAt']),
    );
  });

  it('documents X-Read-Position and X-Read-Source on GET /customers/{id}/orders', () => {
    const { headers } = doc.paths['/customers/{id}/orders'].get.responses[200];
    expect(headers['X-Read-Position'].schema).toEqual({ type: 'integer' });
    expect(headers['X-Read-Source'].schema).toEqual({
      type: 'string',
      enum: ['view', 'write-model'],
    });
  });

  it('serves Swagger UI at /docs', async () => {
    const page = await t.http.get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui');
  });
});

describe('the API docs switch (API_DOCS)', () => {
  const docsStatuses = async (env: Record<string, string>) => {
    const t = await createTestApp(env);
    try {
      const json = await t.anonymous.get('/docs-json');
      const ui = await t.anonymous.get('/docs');
      return [json.status, ui.status];
    } finally {
      await t.close();
    }
  };

  it('serves no docs in production (NODE_ENV in any letter case), unless API_DOCS=true', async () => {
    expect(await docsStatuses({ NODE_ENV: 'Production' })).toEqual([404, 404]);
    expect(await docsStatuses({ NODE_ENV: 'production', API_DOCS: 'true' })).toEqual([200, 200]);
  });

  it('serves them elsewhere, unless API_DOCS=false', async () => {
    expect(await docsStatuses({ NODE_ENV: 'development' })).toEqual([200, 200]);
    expect(await docsStatuses({ API_DOCS: 'false' })).toEqual([404, 404]);
  });
});
