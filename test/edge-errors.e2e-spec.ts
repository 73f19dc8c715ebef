import { STATUS_CODES } from 'node:http';
import { aProduct } from './support/builders.js';
import { rawRequest } from './support/raw-http.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** helmet's headers (its defaults): an ordinary answer's values are the reference. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];
const A_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Every answer goes through the same edge, whoever gives it: a route, Fastify, its router,
 * or Node's HTTP server before Fastify has a request. Each comes in the error shape, with the
 * security headers and an X-Request-Id, never as a 5xx, and never echoes the raw request.
 */
describe('every answer goes through the same edge', () => {
  let t: TestApp;
  /** The security headers of an ordinary answer, by name. */
  let securityHeaders: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    const ordinary = (await t.anonymous.get('/health').expect(200)).headers;
    securityHeaders = Object.fromEntries(SECURITY_HEADERS.map((name) => [name, ordinary[name]]));
    expect(securityHeaders['x-content-type-options']).toBe('nosniff');
    expect(securityHeaders['content-security-policy']).toContain("default-src 'self'");
  });
  afterAll(() => t.close());

  /** What every answer carries: the same security headers, a request id, and JSON. */
  function expectTheEdge(headers: Record<string, string>, requestId: RegExp = A_UUID) {
    expect(headers).toMatchObject(securityHeaders);
    expect(headers['x-request-id']).toMatch(requestId);
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
  }

  describe("the router's errors, before any hook runs", () => {
    it.each(['/products/%', '/products/%zz?limit=1', '/customers/%C3%28/orders'])(
      'answers a path that is not percent-encoded UTF-8 (%s) 400, without echoing it',
      async (path) => {
        const response = await t.anonymous.get(path).set('x-request-id', 'edge-42').expect(400);
        expect(response.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: 'the URL path is not valid percent-encoded UTF-8',
        });
        expect(response.text).not.toContain('%');
        expectTheEdge(response.headers, /^edge-42$/);
      },
    );

    it('answers an over-long path parameter 414, without echoing it', async () => {
      const response = await t.anonymous.get(`/products/${'a'.repeat(150)}`).expect(414);
      expect(response.body).toEqual({
        statusCode: 414,
        error: 'URI Too Long',
        message: 'a path parameter is longer than 100 characters',
      });
      expectTheEdge(response.headers);
    });
  });

  describe("Fastify's own errors, before any route runs", () => {
    it.each([
      ['malformed JSON', 'application/json', '{"sku": ', 400, /JSON/],
      ['an empty JSON body', 'application/json', '', 400, /empty/],
      ['another media type', 'text/plain', 'sku=A', 415, /^content-type must be/],
      [
        'a body over 100 kB',
        'application/json',
        JSON.stringify(aProduct({ name: 'x'.repeat(101 * 1024) })),
        413,
        /too large/,
      ],
    ])('answers %s in the error shape', async (_what, contentType, body, status, message) => {
      const response = await t.http
        .post('/products')
        .set('content-type', contentType)
        .send(body)
        .expect(status);
      expect(response.body).toEqual({
        statusCode: status,
        error: expect.any(String),
        message: expect.stringMatching(message),
      });
      expectTheEdge(response.headers);
    });
  });

  describe("Node's own answers, before Fastify has a request", () => {
    const HOST = 'Host: localhost\r\n';
    // Refused before a request is parsed: a raw response, a new request id, then a close.
    const refusedRaw = [
      [
        'headers over Node’s limit',
        431,
        `GET /products HTTP/1.1\r\n${HOST}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        'the request line and headers are larger than 16384 bytes',
      ],
      [
        'a request Node cannot parse (Content-Length and chunked)',
        400,
        `POST /auth/token HTTP/1.1\r\n${HOST}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        'the request is not well-formed HTTP/1.1',
      ],
      [
        'CONNECT (Node closed the connection without a word)',
        400,
        'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n',
        'CONNECT is not supported: this is not a proxy',
      ],
    ] as const;

    it.each(refusedRaw)(
      'answers %s %i with a raw response, and closes the connection',
      async (_what, status, bytes, message) => {
        const response = await rawRequest(t.app, bytes);
        expect(response.statusCode).toBe(status);
        expect(JSON.parse(response.body)).toEqual({
          statusCode: status,
          error: STATUS_CODES[status],
          message,
        });
        expectTheEdge(response.headers);
        expect(response.headers.connection).toBe('close');
        expect(response.closed).toBe(true);
      },
    );

    // Parsed, but answered by Node before it emits the request: the caller's id is kept.
    it.each([
      ['an HTTP/1.1 request without Host', 400, '', 'the Host header is required'],
      [
        'an Expect other than 100-continue',
        417,
        `${HOST}Expect: coffee\r\n`,
        'only Expect: 100-continue is supported',
      ],
    ])('answers %s %i, keeping the connection', async (_what, status, headers, message) => {
      const response = await rawRequest(
        t.app,
        `GET /products HTTP/1.1\r\n${headers}X-Request-Id: edge-node\r\n\r\n`,
      );
      expect(response.statusCode).toBe(status);
      expect(JSON.parse(response.body)).toEqual({
        statusCode: status,
        error: STATUS_CODES[status],
        message,
      });
      expectTheEdge(response.headers, /^edge-node$/);
      expect(response.closed).toBe(false);
    });

    it('goes on serving after them', async () => {
      await Promise.all(refusedRaw.map(([, , bytes]) => rawRequest(t.app, bytes)));
      await t.anonymous.get('/health').expect(200);
    });
  });
});
