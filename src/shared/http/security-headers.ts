import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';

/**
 * helmet's security headers on every response, its middleware built once, here.
 * @fastify/helmet 13 built it again for every request, parsing the Content-Security-Policy
 * directives each time: 4% of a read's CPU in the profile (bench/), for the same headers.
 */
export function useSecurityHeaders(app: NestFastifyApplication): void {
  const securityHeaders = helmet();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
    });
}
