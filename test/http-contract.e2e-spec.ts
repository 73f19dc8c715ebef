import { aProduct } from './support/builders.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** What every endpoint shares: JSON only, bounded bodies, one error shape, never a 500 for bad input. */
describe('HTTP contract', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const productCount = async () =>
    (await t.http.get('/products?limit=100').expect(200)).body.items.length as number;

  it('answers 413 for a body over 100 kB, and creates nothing', async () => {
    const before = await productCount();
    const response = await t.http
      .post('/products')
      .set('content-type', 'application/json')
      .send(JSON.stringify(aProduct({ name: 'x'.repeat(101 * 1024) })))
      .expect(413);
    expect(response.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: expect.any(String),
    });
    expect(await productCount()).toBe(before);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'answers 415 for a %s body',
    async (contentType) => {
      const response = await t.http
        .post('/products')
        .set('content-type', contentType)
        .send('sku=A&name=B&priceCents=1')
        .expect(415);
      expect(response.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'content-type must be application/json',
      });
    },
  );

  it('answers 400 for malformed JSON', async () => {
    const response = await t.http
      .post('/products')
      .set('content-type', 'application/json')
      .send('{"sku": ')
      .expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringContaining('JSON'),
    });
  });

  it.each([
    ['__proto__', '{"sku":"P-1","name":"n","priceCents":1,"__proto__":{"admin":true}}'],
    [
      'constructor',
      '{"sku":"P-1","name":"n","priceCents":1,"constructor":{"prototype":{"admin":true}}}',
    ],
  ])('rejects a body with a %s key with 400', async (_key, body) => {
    await t.http.post('/products').set('content-type', 'application/json').send(body).expect(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it.each([
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"product"'],
    ['a number', '42'],
  ])('answers 400 when the body is %s', async (_what, body) => {
    const response = await t.http
      .post('/products')
      .set('content-type', 'application/json')
      .send(body)
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('answers 400 for a POST without a body', async () => {
    await t.http.post('/products').expect(400);
  });

  it('answers 404 in the same shape for an unknown route', async () => {
    await t.http
      .get('/nowhere')
      .expect(404, { statusCode: 404, error: 'Not Found', message: 'Cannot GET /nowhere' });
  });
});
