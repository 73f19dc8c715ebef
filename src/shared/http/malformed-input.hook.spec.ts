import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_BODY_ENTRIES, MAX_OBJECT_KEYS, rejectMalformedInput } from './malformed-input.hook.js';

/** The hook's answer: undefined when it lets the request through, else its 400's message. */
function problemWith(input: { body?: unknown; query?: unknown }): string | undefined {
  let sent: { statusCode: number; message: string } | undefined;
  let passed = false;
  const reply = {
    code: (statusCode: number) => ({
      send: (body: { message: string }) => (sent = { statusCode, message: body.message }),
    }),
  };
  rejectMalformedInput(
    { query: input.query ?? {}, body: input.body } as FastifyRequest,
    reply as unknown as FastifyReply,
    () => (passed = true),
  );
  if (passed === (sent !== undefined)) throw new Error('the hook must either pass or answer');
  if (sent) expect(sent.statusCode).toBe(400);
  return sent?.message;
}

const manyKeys = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 1]));

/** Every name an object inherits: `constructor`, `toString`, `__proto__`, `__defineGetter__`, ... */
const PROTOTYPE_MEMBERS = Object.getOwnPropertyNames(Object.prototype);

describe('rejectMalformedInput', () => {
  it('lets an ordinary body and query through', () => {
    const order = {
      customerId: 'b7c1c6a4-6a55-4f3e-9d1c-2f1d6f1b3a10',
      lines: Array.from({ length: 100 }, () => ({ productId: 'p', quantity: 1 })),
    };
    expect(problemWith({ body: order, query: { limit: '20', cursor: 'abc' } })).toBeUndefined();
    // Names that only look like them are left to the validation whitelist.
    expect(problemWith({ body: { prototype: 1, ToString: 1, proto: 1 } })).toBeUndefined();
  });

  it.each(PROTOTYPE_MEMBERS)('refuses a body key %s at any depth, naming it', (member) => {
    // As JSON.parse builds them: `__proto__` becomes an own key like any other.
    const at = (json: string) => problemWith({ body: JSON.parse(json) });
    const key = JSON.stringify(member);
    expect(at(`{"name":"a",${key}:1}`)).toBe(`body field ${member} is not allowed`);
    expect(at(`{"address":{"city":"x",${key}:"x"}}`)).toBe(
      `body field address.${member} is not allowed`,
    );
    expect(at(`{"lines":[{"quantity":1},{${key}:{"a":1}}]}`)).toBe(
      `body field lines.1.${member} is not allowed`,
    );
  });

  it('refuses a query parameter named like a prototype member', () => {
    for (const member of PROTOTYPE_MEMBERS) {
      expect(problemWith({ query: { [member]: '1' } })).toBe(
        `query parameter ${member} is not allowed`,
      );
    }
  });

  it(`refuses an object of more than ${MAX_OBJECT_KEYS} keys, at any depth, saying the limit`, () => {
    expect(problemWith({ body: manyKeys(MAX_OBJECT_KEYS) })).toBeUndefined();
    expect(problemWith({ body: manyKeys(MAX_OBJECT_KEYS + 1) })).toBe(
      `body has more than ${MAX_OBJECT_KEYS} keys`,
    );
    expect(problemWith({ body: { address: manyKeys(5000) } })).toBe(
      `body field address has more than ${MAX_OBJECT_KEYS} keys`,
    );
    expect(problemWith({ body: { lines: [{}, manyKeys(MAX_OBJECT_KEYS + 1)] } })).toBe(
      `body field lines.1 has more than ${MAX_OBJECT_KEYS} keys`,
    );
    expect(problemWith({ query: manyKeys(MAX_OBJECT_KEYS) })).toBeUndefined();
    expect(problemWith({ query: manyKeys(MAX_OBJECT_KEYS + 1) })).toBe(
      `query string has more than ${MAX_OBJECT_KEYS} parameters`,
    );
  });

  it(`refuses more than ${MAX_BODY_ENTRIES} keys and array items in all`, () => {
    const tooMany = `body has more than ${MAX_BODY_ENTRIES} keys and array items in all`;
    // One key (`lines`) plus the array's items.
    const lines = (count: number) => ({ lines: Array.from({ length: count }, () => 1) });
    expect(problemWith({ body: lines(MAX_BODY_ENTRIES - 1) })).toBeUndefined();
    expect(problemWith({ body: lines(MAX_BODY_ENTRIES) })).toBe(tooMany);
    // Objects each within their own limit, too many together.
    const spread = { lines: Array.from({ length: 20 }, () => manyKeys(60)) };
    expect(problemWith({ body: spread })).toBe(tooMany);
  });
});
