import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { STATUS_CODES } from 'node:http';
import { exitOnceLogged } from '../observability/exit-once-logged.js';

/** Past this, a stop that hangs exits 1 rather than never. */
const DEADLINE_MS = 10_000;

/**
 * SIGTERM / SIGINT, in two steps:
 *
 * 1. **Drain** (`drainMs`): keep serving. /health answers 503 (`shutting down`) so a load
 *    balancer stops sending, and every response says `Connection: close` so keep-alive
 *    clients reconnect elsewhere. Why not stop listening at once: under load, connections the
 *    kernel has accepted wait in the backlog, or have been accepted but not yet read; closing
 *    the server resets them (Node closes every connection without a request in progress),
 *    and their clients get ECONNRESET for requests they sent before the signal.
 * 2. **Close**: stop listening, let the requests in progress finish, run the modules'
 *    shutdown hooks (background work ends its batch, connections close), exit 0.
 */
export function stopGracefullyOnSignals(app: NestFastifyApplication, drainMs: number): void {
  let draining = false;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!draining) return done();
    void reply.header('connection', 'close');
    if (request.url.split('?')[0] !== '/health') return done();
    void reply
      .status(503)
      .header('retry-after', '1')
      .send({ statusCode: 503, error: STATUS_CODES[503], message: ['shutting down'] });
  });

  const stop = (signal: NodeJS.Signals) => {
    Logger.log(`${signal}: draining for ${drainMs} ms, then shutting down`, 'Bootstrap');
    draining = true;
    setTimeout(() => {
      Logger.error(`still running ${DEADLINE_MS} ms after ${signal}: exiting`, 'Bootstrap');
      exitOnceLogged(1);
    }, drainMs + DEADLINE_MS).unref();
    setTimeout(() => {
      app.close().then(
        () => exitOnceLogged(0),
        (error: unknown) => {
          Logger.error(error, 'Bootstrap');
          exitOnceLogged(1);
        },
      );
    }, drainMs);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
