import { aMissingId, aProduct, createProduct } from './support/builders.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('catalog over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('POST /products', () => {
    it('creates a product and answers it with the log position of ProductCreated', async () => {
      const product = aProduct({ name: 'Teapot', priceCents: 4200 });
      const response = await t.http.post('/products').send(product).expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        ...product,
        position: expect.any(Number),
      });
      await t.http.get(`/products/${response.body.id}`).expect(200, {
        id: response.body.id,
        ...product,
      });
    });

    it('answers 409 when the sku is taken, and creates nothing', async () => {
      const first = await createProduct(t.http);
      const before = await t.http.get('/products?limit=100').expect(200);
      const response = await t.http
        .post('/products')
        .send(aProduct({ sku: first.sku }))
        .expect(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: `sku ${String(first.sku)} is already taken`,
      });
      const after = await t.http.get('/products?limit=100').expect(200);
      expect(after.body.items).toHaveLength(before.body.items.length);
    });

    it.each([
      ['a missing sku', { sku: undefined }, 'sku'],
      ['a sku with spaces', { sku: 'a b' }, 'sku'],
      ['a sku over 64 characters', { sku: 'x'.repeat(65) }, 'sku'],
      ['an empty name', { name: '' }, 'name'],
      ['a name over 200 characters', { name: 'n'.repeat(201) }, 'name'],
      ['a fractional price', { priceCents: 1.5 }, 'priceCents'],
      ['a negative price', { priceCents: -1 }, 'priceCents'],
      ['a price as a string', { priceCents: '100' }, 'priceCents'],
      ['an unknown field', { colour: 'red' }, 'colour'],
    ])('answers 400 for %s, naming the field', async (_case, overrides, field) => {
      const response = await t.http.post('/products').send(aProduct(overrides)).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(response.body.message)).toContain(field);
    });

    it('lists every failing field at once', async () => {
      const response = await t.http.post('/products').send({}).expect(400);
      const messages = (response.body.message as string[]).join(' ');
      for (const field of ['sku', 'name', 'priceCents']) expect(messages).toContain(field);
    });
  });

  describe('GET /products/:id', () => {
    it('answers 404 for an unknown product', async () => {
      const id = aMissingId();
      await t.http
        .get(`/products/${id}`)
        .expect(404, { statusCode: 404, error: 'Not Found', message: `product ${id} not found` });
    });

    it('answers 400 when the id is not a UUID', async () => {
      await t.http
        .get('/products/not-a-uuid')
        .expect(400, { statusCode: 400, error: 'Bad Request', message: 'id must be a UUID' });
    });
  });

  describe('GET /products', () => {
    it('pages through every product in sku order, each exactly once', async () => {
      const fresh = await createTestApp();
      try {
        for (const sku of ['C-3', 'A-1', 'E-5', 'B-2', 'D-4'])
          await createProduct(fresh.http, { sku });
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
          const page = await fresh.http.get(`/products${query}`).expect(200);
          expect(page.body.items.length).toBeLessThanOrEqual(2);
          seen.push(...(page.body.items as { sku: string }[]).map((item) => item.sku));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect(seen).toEqual(['A-1', 'B-2', 'C-3', 'D-4', 'E-5']);
      } finally {
        await fresh.close();
      }
    });

    it('defaults to 20 items per page', async () => {
      for (let i = 0; i < 21; i++) await createProduct(t.http);
      const page = await t.http.get('/products').expect(200);
      expect(page.body.items).toHaveLength(20);
      expect(page.body.nextCursor).toEqual(expect.any(String));
    });

    it.each([
      ['limit=0'],
      ['limit=101'],
      ['limit=abc'],
      ['limit=1.5'],
      ['cursor=%25%25%25'],
      ['cursor=bm90LWpzb24'], // base64url of "not-json"
      ['unknown=1'],
    ])('answers 400 for ?%s', async (query) => {
      const response = await t.http.get(`/products?${query}`).expect(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.anything(),
      });
    });
  });

  describe('PATCH /products/:id/price', () => {
    it('changes the price and answers the product with its new position', async () => {
      const product = await createProduct(t.http, { priceCents: 100 });
      const response = await t.http
        .patch(`/products/${product.id}/price`)
        .send({ priceCents: 250 })
        .expect(200);
      expect(response.body).toEqual({ ...product, priceCents: 250, position: expect.any(Number) });
      expect(response.body.position).toBeGreaterThan(product.position);
      await t.http
        .get(`/products/${product.id}`)
        .expect(200)
        .expect((r) => expect(r.body.priceCents).toBe(250));
    });

    it('answers 404 for an unknown product', async () => {
      await t.http.patch(`/products/${aMissingId()}/price`).send({ priceCents: 250 }).expect(404);
    });

    it('answers 400 for a bad price or id, and changes nothing', async () => {
      const product = await createProduct(t.http, { priceCents: 100 });
      await t.http.patch(`/products/${product.id}/price`).send({ priceCents: -5 }).expect(400);
      await t.http.patch(`/products/${product.id}/price`).send({}).expect(400);
      await t.http.patch('/products/nope/price').send({ priceCents: 5 }).expect(400);
      await t.http
        .get(`/products/${product.id}`)
        .expect((r) => expect(r.body.priceCents).toBe(100));
    });
  });
});
