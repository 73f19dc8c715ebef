import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export interface RawResponse {
  statusCode: number;
  /** By lower-cased name. */
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection after answering. */
  closed: boolean;
}

/** How long a connection that stays open is watched after the answer, to tell it from a close. */
const CLOSE_WAIT_MS = 300;

/**
 * Sends these bytes as they are, on a new connection, and reads one response: what supertest
 * cannot send (a request without Host, headers over Node's limit, bytes that are not HTTP).
 */
export function rawRequest(app: NestFastifyApplication, bytes: string): Promise<RawResponse> {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let received = Buffer.alloc(0);
    let response: Omit<RawResponse, 'closed'> | undefined;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      if (response) resolve({ ...response, closed });
      else reject(new Error(`no complete response, got: ${received.toString('latin1')}`));
    };
    let timer = setTimeout(() => finish(false), 5000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (response) return;
      response = parse(received);
      if (response) {
        clearTimeout(timer);
        timer = setTimeout(() => finish(false), CLOSE_WAIT_MS);
      }
    });
    // A reset once the server answered and closed (it did not read all we sent): 'close' follows.
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
  });
}

/** One complete response at the start of these bytes, or undefined while it is incomplete. */
function parse(bytes: Buffer): Omit<RawResponse, 'closed'> | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (bytes.length < end + 4 + length) return undefined;
  return {
    statusCode: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]),
    headers,
    body: bytes.subarray(end + 4, end + 4 + length).toString('utf8'),
  };
}
