import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SECURITY_HEADERS } from './security-headers.js';

/** An incoming X-Request-Id is kept only if it is short and plain (it ends up in logs). */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

type RequestWithId = IncomingMessage & { id?: string };

/**
 * The request's id: the caller's X-Request-Id if it is well-formed, else a new UUID. Chosen
 * once and kept on the raw request, where Fastify (genReqId) and request-scoped middleware,
 * which see the raw request only, read it.
 */
export function requestIdOf(request: IncomingMessage): string {
  const withId = request as RequestWithId;
  if (withId.id === undefined) {
    const incoming = request.headers['x-request-id'];
    withId.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  }
  return withId.id;
}

/** What every answer carries, whoever writes it: the security headers and X-Request-Id. */
export function edgeHeaders(requestId: string): Record<string, string> {
  return { ...SECURITY_HEADERS, 'X-Request-Id': requestId };
}

const SECURITY_HEADER_LIST = Object.entries(SECURITY_HEADERS);

/**
 * Sets them on the response before Fastify sees the request, from a listener ahead of
 * Fastify's own: the answers no hook runs for (the router's to a malformed URL, a CORS
 * preflight's) carry them too, and Fastify merges them into every response it sends, a
 * route's own values winning. (`app.inject()` skips the server, and so this.)
 */
export function stampEveryAnswer(server: Server): void {
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of SECURITY_HEADER_LIST) response.setHeader(name, value);
    response.setHeader('X-Request-Id', requestIdOf(request));
  });
}
