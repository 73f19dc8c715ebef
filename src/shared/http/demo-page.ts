import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** Where the page is served: /demo redirects to /demo/, the page. */
export const DEMO_PAGE_PATH = '/demo';

/**
 * The live teaching page (DEMO=true only): its HTML and CSS from web/demo/public, its
 * scripts as `npm run build` compiles them from web/demo/src into dist/web/demo. Plain
 * ES modules from this origin, so helmet's Content-Security-Policy (`script-src 'self'`)
 * needs no exception.
 */
export async function serveDemoPage(app: NestFastifyApplication): Promise<void> {
  const root = packageRoot() ?? process.cwd();
  await app.register(fastifyStatic, {
    root: [join(root, 'web/demo/public'), join(root, 'dist/web/demo')],
    prefix: DEMO_PAGE_PATH,
    redirect: true,
    index: 'index.html',
  });
}
