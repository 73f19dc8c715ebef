import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * helmet's security headers, taken from its middleware once, at start-up: with its defaults
 * they are the same for every request, so every answer (see every-answer.ts) gets this one
 * record, the ones Node or the router write before any hook runs included.
 * @fastify/helmet 13 built the middleware again for every request, parsing the
 * Content-Security-Policy directives each time: 4% of a read's CPU in the profile (bench/).
 *
 * All of helmet's defaults but the CSP's `upgrade-insecure-requests`: the app itself speaks
 * plain HTTP, and with it a browser fetches every asset of /docs over https from any address
 * but localhost (a VM, a dev box, the LAN), and Swagger UI is a blank page. A TLS-terminating
 * proxy in front of the app can add it back.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = helmetHeaders();

function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => (headers[name] = value),
    removeHeader: () => undefined, // X-Powered-By: Fastify never sends it
  };
  helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } })(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error) => {
      if (error) throw error as Error;
    },
  );
  return headers;
}
