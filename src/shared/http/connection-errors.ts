import { randomUUID } from 'node:crypto';
import {
  type IncomingMessage,
  maxHeaderSize,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { errorResponse } from '../errors/error-response.js';
import { edgeHeaders, requestIdOf } from './every-answer.js';

/**
 * The answers Node's HTTP server gives itself, before Fastify has a request: to bytes it
 * cannot parse (Fastify's `clientErrorHandler`), to an `Expect` other than `100-continue`, and
 * to `CONNECT`. Node wrote them bare (no body, or Fastify's, and none of our headers), or
 * closed the connection without a word; here they come in the usual error shape, with the
 * headers every answer carries, and never as a 5xx.
 */

/** Node's parse errors, by code, as its own answers map them to a status. */
function clientErrorOf(code: string | undefined): [statusCode: number, message: string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, `the request line and headers are larger than ${maxHeaderSize} bytes`];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'the chunk extensions of the body are too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'the request was not received in time'];
    default:
      return [400, 'the request is not well-formed HTTP/1.1'];
  }
}

/** Sockets being answered: Node may report the same broken request again meanwhile. */
const answering = new WeakSet<Duplex>();

/** Fastify's `clientErrorHandler`: a request Node's parser refused (too large, malformed). */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || answering.has(socket)) return;
  const [statusCode, message] = clientErrorOf(error.code);
  // No request was parsed, so no X-Request-Id was read: a new one.
  answerRaw(socket, statusCode, message, randomUUID());
}

/** Node's other answers of its own, given here instead. */
export function answerUnsupportedRequests(server: Server): void {
  // Node answers `100-continue` itself; any other expectation cannot be met.
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const body = JSON.stringify(errorResponse(417, 'only Expect: 100-continue is supported'));
    response
      .writeHead(417, {
        ...edgeHeaders(requestIdOf(request)),
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      })
      .end(body);
  });
  // Node closed the connection without an answer.
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    answerRaw(socket, 400, 'CONNECT is not supported: this is not a proxy', requestIdOf(request));
  });
}

/**
 * A minimal, well-formed HTTP/1.1 response written on the socket, then the connection closed:
 * there is no response object to write it with.
 */
function answerRaw(socket: Duplex, statusCode: number, message: string, requestId: string): void {
  // Not into a response already under way on this connection (pipelined requests): it
  // would corrupt it. The same check as Node's own answer.
  const underWay = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || underWay?.headersSent) {
    socket.destroy();
    return;
  }
  answering.add(socket);
  const body = JSON.stringify(errorResponse(statusCode, message));
  const headers = {
    ...edgeHeaders(requestId),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n${head.join('')}\r\n${body}`,
    () => socket.destroy(),
  );
}
