import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  aCustomer,
  aMissingId,
  anAddress,
  registerCustomer,
  rowCounts,
  withoutPosition,
} from './support/builders.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A well-formed email address of exactly `length` characters, unique to each call. */
function anEmailOfLength(length: number): string {
  const local = `e${randomUUID().slice(0, 8)}`;
  let domain = 'org';
  while (local.length + 1 + domain.length < length) {
    const room = length - local.length - 1 - domain.length - 1;
    domain = `${'d'.repeat(Math.min(63, room))}.${domain}`;
  }
  return `${local}@${domain}`;
}

describe('customers over HTTP', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** Everything a customer command writes: a rejected one must leave all of it as it was. */
  const written = () => rowCounts(db, ['customers', 'event_log']);

  describe('POST /customers', () => {
    it('registers a customer without an address, and answers it with address null and its position', async () => {
      const customer = aCustomer({ name: 'Grace Hopper', email: 'grace-1@example.org' });
      const response = await t.http.post('/customers').send(customer).expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        name: 'Grace Hopper',
        email: 'grace-1@example.org',
        address: null,
        position: expect.any(Number),
      });
      await t.http
        .get(`/customers/${response.body.id}`)
        .expect(200, withoutPosition(response.body));
    });

    it('registers a customer with an address', async () => {
      const address = anAddress({
        street: '1 Loom Lane',
        city: 'Paris',
        postalCode: '75001',
        country: 'FR',
      });
      const response = await t.http.post('/customers').send(aCustomer({ address })).expect(201);
      expect(response.body.address).toEqual(address);
      await t.http
        .get(`/customers/${response.body.id}`)
        .expect(200)
        .expect((r) => expect(r.body.address).toEqual(address));
    });

    it('stores the email lower-cased', async () => {
      const customer = await registerCustomer(t.http, { email: 'Ada.King@Example.ORG' });
      expect(customer.email).toBe('ada.king@example.org');
      await t.http
        .get(`/customers/${customer.id}`)
        .expect((r) => expect(r.body.email).toBe('ada.king@example.org'));
    });

    it('gives each customer its own id and a later position', async () => {
      const first = await registerCustomer(t.http);
      const second = await registerCustomer(t.http);
      expect(second.id).not.toBe(first.id);
      expect(second.position).toBeGreaterThan(first.position);
    });

    it('accepts a name of 200 characters and an email of 254', async () => {
      const email = anEmailOfLength(254);
      const customer = await registerCustomer(t.http, { name: 'n'.repeat(200), email });
      expect(customer).toMatchObject({ name: 'n'.repeat(200), email });
    });

    it('answers 409 when the email is taken, and changes nothing', async () => {
      const first = await registerCustomer(t.http, { name: 'First', email: 'taken@example.org' });
      const before = await written();
      const response = await t.http
        .post('/customers')
        .send(aCustomer({ name: 'Second', email: 'taken@example.org' }))
        .expect(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: 'this email is already registered',
      });
      // The address is not echoed: the answer confirms nothing a prober did not send.
      expect(response.text).not.toContain('taken@example.org');
      expect(await written()).toEqual(before);
      await t.http.get(`/customers/${first.id}`).expect(200, withoutPosition(first));
    });

    it('answers 409 when the email is taken in another case', async () => {
      await registerCustomer(t.http, { email: 'Ada@x.org' });
      const before = await written();
      await t.http
        .post('/customers')
        .send(aCustomer({ email: 'ada@x.org' }))
        .expect(409);
      await t.http
        .post('/customers')
        .send(aCustomer({ email: 'ADA@X.ORG' }))
        .expect(409);
      expect(await written()).toEqual(before);
    });

    it.each([
      ['a missing name', { name: undefined }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a name over 200 characters', { name: 'n'.repeat(201) }, 'name'],
      ['a name that is not a string', { name: 42 }, 'name'],
      ['a missing email', { email: undefined }, 'email'],
      ['an email without @', { email: 'ada.example.org' }, 'email'],
      ['an email without a domain', { email: 'ada@' }, 'email'],
      ['an email over 254 characters', { email: anEmailOfLength(255) }, 'email'],
      ['an address without a street', { address: anAddress({ street: undefined }) }, 'street'],
      ['an address without a city', { address: anAddress({ city: undefined }) }, 'city'],
      [
        'an address without a postal code',
        { address: anAddress({ postalCode: undefined }) },
        'postalCode',
      ],
      ['an address without a country', { address: anAddress({ country: undefined }) }, 'country'],
      ['an address with an empty city', { address: anAddress({ city: '' }) }, 'city'],
      [
        'a street over 200 characters',
        { address: anAddress({ street: 's'.repeat(201) }) },
        'street',
      ],
      ['a city over 100 characters', { address: anAddress({ city: 'c'.repeat(101) }) }, 'city'],
      [
        'a postal code over 20 characters',
        { address: anAddress({ postalCode: '9'.repeat(21) }) },
        'postalCode',
      ],
      [
        'a country over 100 characters',
        { address: anAddress({ country: 'k'.repeat(101) }) },
        'country',
      ],
      ['an address that is a string', { address: '12 Analytical Row, London' }, 'address'],
      ['an address that is an empty array', { address: [] }, 'address'],
      ['an address wrapped in an array', { address: [anAddress()] }, 'address'],
      ['an unknown field', { phone: '+44 20 7946 0000' }, 'phone'],
      ['an unknown field in the address', { address: anAddress({ floor: 3 }) }, 'floor'],
    ])(
      'answers 400 for %s, naming the field, and registers nothing',
      async (_case, overrides, field) => {
        const before = await written();
        const request = aCustomer(overrides);
        const response = await t.http.post('/customers').send(request).expect(400);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(JSON.stringify(response.body.message)).toContain(field);
        expect(await written()).toEqual(before);
      },
    );

    it('lists every failing field at once', async () => {
      const response = await t.http.post('/customers').send({ address: {} }).expect(400);
      const messages = (response.body.message as string[]).join(' ');
      for (const field of [
        'name',
        'email',
        'password',
        'street',
        'city',
        'postalCode',
        'country',
      ]) {
        expect(messages).toContain(field);
      }
    });

    it('leaves the email free after a rejected registration', async () => {
      const email = 'rejected-then-registered@example.org';
      await t.http
        .post('/customers')
        .send(aCustomer({ email, name: '' }))
        .expect(400);
      await t.http.post('/customers').send(aCustomer({ email })).expect(201);
    });
  });

  describe('GET /customers/:id', () => {
    it('answers 404 for an unknown customer', async () => {
      const id = aMissingId();
      await t.http
        .get(`/customers/${id}`)
        .expect(404, { statusCode: 404, error: 'Not Found', message: `customer ${id} not found` });
    });

    it('answers 400 when the id is not a UUID', async () => {
      await t.http
        .get('/customers/not-a-uuid')
        .expect(400, { statusCode: 400, error: 'Bad Request', message: 'id must be a UUID' });
    });
  });

  describe('PUT /customers/:id/address', () => {
    it('sets the address of a customer who had none, and answers the customer with its position', async () => {
      const customer = await registerCustomer(t.http);
      const address = anAddress();
      const response = await t.http
        .put(`/customers/${customer.id}/address`)
        .send(address)
        .expect(200);
      expect(response.body).toEqual({
        ...withoutPosition(customer),
        address,
        position: expect.any(Number),
      });
      expect(response.body.position).toBeGreaterThan(customer.position);
      await t.http.get(`/customers/${customer.id}`).expect(200, withoutPosition(response.body));
    });

    it('replaces an existing address', async () => {
      const customer = await registerCustomer(t.http, { address: anAddress() });
      const moved = anAddress({
        street: '7 Difference Street',
        city: 'Manchester',
        postalCode: 'M1 1AE',
      });
      await t.http.put(`/customers/${customer.id}/address`).send(moved).expect(200);
      await t.http
        .get(`/customers/${customer.id}`)
        .expect((r) => expect(r.body).toEqual({ ...withoutPosition(customer), address: moved }));
    });

    it('answers 404 for an unknown customer, and changes nothing', async () => {
      const id = aMissingId();
      const before = await written();
      await t.http
        .put(`/customers/${id}/address`)
        .send(anAddress())
        .expect(404, { statusCode: 404, error: 'Not Found', message: `customer ${id} not found` });
      expect(await written()).toEqual(before);
    });

    it('answers 400 when the id is not a UUID', async () => {
      await t.http
        .put('/customers/not-a-uuid/address')
        .send(anAddress())
        .expect(400, { statusCode: 400, error: 'Bad Request', message: 'id must be a UUID' });
    });

    it.each([
      ['a missing street', { street: undefined }, 'street'],
      ['a missing city', { city: undefined }, 'city'],
      ['a missing postal code', { postalCode: undefined }, 'postalCode'],
      ['a missing country', { country: undefined }, 'country'],
      ['an empty street', { street: '' }, 'street'],
      ['a street over 200 characters', { street: 's'.repeat(201) }, 'street'],
      ['a city over 100 characters', { city: 'c'.repeat(101) }, 'city'],
      ['a postal code over 20 characters', { postalCode: '9'.repeat(21) }, 'postalCode'],
      ['a country over 100 characters', { country: 'k'.repeat(101) }, 'country'],
      ['a country that is not a string', { country: 44 }, 'country'],
      ['an unknown field', { floor: 3 }, 'floor'],
    ])(
      'answers 400 for %s, naming the field, and keeps the old address',
      async (_case, overrides, field) => {
        const address = anAddress();
        const customer = await registerCustomer(t.http, { address });
        const before = await written();
        const response = await t.http
          .put(`/customers/${customer.id}/address`)
          .send(anAddress(overrides))
          .expect(400);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(JSON.stringify(response.body.message)).toContain(field);
        expect(await written()).toEqual(before);
        await t.http
          .get(`/customers/${customer.id}`)
          .expect((r) => expect(r.body.address).toEqual(address));
      },
    );

    it('lists every failing field at once', async () => {
      const customer = await registerCustomer(t.http);
      const response = await t.http.put(`/customers/${customer.id}/address`).send({}).expect(400);
      const messages = (response.body.message as string[]).join(' ');
      for (const field of ['street', 'city', 'postalCode', 'country'])
        expect(messages).toContain(field);
    });
  });
});
