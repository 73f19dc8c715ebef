import { FastifyAdapter } from '@nestjs/platform-fastify';
import { answerClientError, answerUnsupportedRequests } from './connection-errors.js';
import { requestIdOf, stampEveryAnswer } from './every-answer.js';
import { answerFrameworkError, MAX_PARAM_LENGTH } from './framework-errors.js';
import { requireHostHeader } from './host-header.hook.js';
import { rejectMalformedInput } from './malformed-input.hook.js';

/** Bodies larger than this get 413 before any of our code runs. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * Fastify, not Express: on this machine a bare route served 3.3x the requests/s of the
 * Express adapter. To run on Express, see the README ("Running on Express").
 *
 * The API speaks JSON only. Fastify parses `application/json` itself (rejecting
 * `__proto__` and `constructor` keys); its text/plain parser is removed, and the app is
 * created with `bodyParser: false` so Nest adds no form parser: any other media type gets 415.
 *
 * Every answer goes through the same edge, whoever gives it (a route, Fastify, its router,
 * Node's HTTP server): it carries the security headers and X-Request-Id (the caller's, or a
 * new UUID), and an error comes in the usual shape, never as a 5xx (see every-answer.ts,
 * framework-errors.ts, connection-errors.ts).
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestIdHeader: false,
    genReqId: requestIdOf,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Node would answer a Host-less HTTP/1.1 request itself, bare: requireHostHeader does.
    http: { requireHostHeader: false },
    // On close (SIGTERM), idle keep-alive connections are closed at once; a request that
    // already reached us on an open connection is served, not answered 503.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
  });
  const fastify = adapter.getInstance();
  stampEveryAnswer(fastify.server);
  answerUnsupportedRequests(fastify.server);
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', requireHostHeader);
  fastify.addHook('preValidation', rejectMalformedInput);
  return adapter;
}
