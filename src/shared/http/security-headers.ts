import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';

/**
 * helmet's security headers on every response, its middleware built once, here.
 * @fastify/helmet 13 built it again for every request, parsing the Content-Security-Policy
 * directives each time: 4% of a read's CPU in the profile (bench/), for the same headers.
 *
 * All of helmet's defaults but the CSP's `upgrade-insecure-requests`: the app itself speaks
 * plain HTTP, and with it a browser fetches every asset of /docs over https from any address
 * but localhost (a VM, a dev box, the LAN), and Swagger UI is a blank page. A TLS-terminating
 * proxy in front of the app can add it back.
 */
export function useSecurityHeaders(app: NestFastifyApplication): void {
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
    });
}
