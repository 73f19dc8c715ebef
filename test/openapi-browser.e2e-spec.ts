import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { type Browser, chromium } from 'playwright-core';
import { CONTRACT_ENDPOINTS } from './support/contract-endpoints.js';
import { startApp, stopApp } from './support/app-process.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase } from './support/test-database.js';

/** An IPv4 address of this machine that is not loopback, where browsers apply full security. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

/**
 * Swagger UI in a real browser: Debian's Chromium (`apt-get install chromium`), driven by
 * playwright-core. CI installs Chromium (.ci/run); on a machine without it this file skips,
 * saying why. CHROMIUM_PATH points it at another Chromium binary.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`Swagger UI browser test skipped: chromium not installed at ${CHROMIUM}`);
}
const describeIfChromium = hasChromium ? describe : describe.skip;

describeIfChromium(
  `Swagger UI at /docs in headless Chromium${hasChromium ? '' : ` (skipped: chromium not installed at ${CHROMIUM})`}`,
  () => {
    let t: TestApp;
    let browser: Browser;
    beforeAll(async () => {
      t = await createTestApp();
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('renders every endpoint of the contract', async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('requestfailed', (request) =>
        problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
      );

      const response = await page.goto(`${await t.app.getUrl()}/docs`);
      expect(response?.status()).toBe(200);
      try {
        // A string: it runs in the page, and our tsconfig has no DOM types.
        await page.waitForFunction(
          `document.querySelectorAll('.opblock').length >= ${CONTRACT_ENDPOINTS.length}`,
          undefined,
          { timeout: 20_000 },
        );
      } catch (error) {
        throw new Error(`Swagger UI did not render the endpoints: ${problems.join('; ')}`, {
          cause: error,
        });
      }

      const rendered: string[] = [];
      for (const block of await page.locator('.opblock').all()) {
        const method = (await block.locator('.opblock-summary-method').textContent()) ?? '';
        const path = block.locator('.opblock-summary-path');
        const text = (await path.getAttribute('data-path')) ?? (await path.textContent()) ?? '';
        // Swagger UI may put zero-width spaces after slashes so long paths wrap.
        rendered.push(`${method.trim().toUpperCase()} ${text.replace(/\u200b/g, '').trim()}`);
      }
      const expected = CONTRACT_ENDPOINTS.map(
        ({ method, path }) => `${method.toUpperCase()} ${path}`,
      );
      expect(rendered).toEqual(expect.arrayContaining(expected));
      expect(await page.title()).toBe('nest-cqrs-starter API');
      expect(await page.locator('.info .title').textContent()).toContain('nest-cqrs-starter');
      expect(problems).toEqual([]);
      await page.close();
    });

    // Browsers upgrade a page's requests to https only off localhost: served from a LAN
    // address, a CSP with upgrade-insecure-requests left Swagger UI blank.
    (lanAddress ? it : it.skip)(
      `renders from a non-loopback address over plain HTTP (${lanAddress ?? 'none on this machine'})`,
      async () => {
        const database = await createTestDatabase();
        const app = await startApp(database.env); // listens on 0.0.0.0, as `npm start` does
        try {
          const page = await browser.newPage();
          const failed: string[] = [];
          page.on('requestfailed', (request) =>
            failed.push(`${request.url()} ${request.failure()?.errorText}`),
          );
          const url = `${app.url.replace('127.0.0.1', lanAddress!)}/docs`;
          expect((await page.goto(url))?.status()).toBe(200);
          await page.waitForFunction(
            `document.querySelectorAll('.opblock').length > 0`,
            undefined,
            {
              timeout: 20_000,
            },
          );
          expect(failed).toEqual([]);
          await page.close();
        } finally {
          await stopApp(app);
          await database.drop();
        }
      },
    );
  },
);
