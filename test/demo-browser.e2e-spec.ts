import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { eventually } from './support/builders.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The live demo page (/demo) in a real browser: Debian's Chromium driven by playwright-core,
 * as for Swagger UI (openapi-browser.e2e-spec.ts); skipped, saying why, without Chromium.
 * DEMO_SCREENSHOTS=<folder> saves a screenshot of each lesson there (the README's come
 * from `DEMO_SCREENSHOTS=docs/images npm test -- test/demo-browser`).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`demo browser test skipped: chromium not installed at ${CHROMIUM}`);
const describeIfChromium = hasChromium ? describe : describe.skip;
const SCREENSHOTS = process.env.DEMO_SCREENSHOTS;

describeIfChromium('the live demo page in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  beforeAll(async () => {
    // READ_WAIT_MS below the page's 2 s slow-down, so read-your-writes falls back.
    t = await createTestApp({ DEMO: 'true', READ_WAIT_MS: '300', PROJECTION_POLL_MS: '100' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // /health answers 503 while the projector is broken, on purpose: Chromium logs it.
      const expected = message.text().includes('status of 503');
      if (message.type() === 'error' && !expected) problems.push(`console: ${message.text()}`);
    });
    expect((await page.goto(`${await t.app.getUrl()}/demo`))?.status()).toBe(200);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const textOf = async (selector: string) => (await page.locator(selector).textContent()) ?? '';
  /**
   * Waits until `selector`'s text matches (the page polls every 0.5-1 s). Locators, not
   * waitForFunction: the page's CSP (script-src 'self') refuses the eval that needs.
   */
  const waitForText = (selector: string, pattern: RegExp, timeout = 10_000) =>
    page.locator(selector, { hasText: pattern }).first().waitFor({ timeout });
  /** Waits until "my orders" shows `count` rows. */
  const waitForRows = async (count: number, timeout = 10_000) => {
    const deadline = Date.now() + timeout;
    while ((await orderRows()) !== count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} rows, saw ${await orderRows()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const orderRows = () => page.locator('#orders tr').count();
  const screenshot = async (name: string) => {
    if (!SCREENSHOTS) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `demo-${name}.png`), fullPage: true });
  };

  it('shows the READ_VIEW level, the demo accounts and a healthy app', async () => {
    expect(await textOf('#read-view')).toContain('READ_VIEW=true: level 2');
    expect(await textOf('#accounts')).toContain('demo-customer@example.org');
    await waitForText('#health', /^200/);
  });

  it('places an order: its event appears in the log, and its row in the view', async () => {
    await page.click('#place');
    await page.waitForSelector('#events li[data-type="OrderPlaced"]');
    await waitForText('#command-log li', /POST \/orders → 201, position \d+/);
    await page.waitForSelector('#orders tr[data-status="placed"]');
    await waitForText('#read-source', /^view$/);
    await waitForText('#lag', /^0$/);
    await screenshot('1-order');
  });

  it('slowed down: the lag grows and read-your-writes falls back to the write model', async () => {
    await page.click('#slow');
    await waitForText('#slow-state', /slow: 2000 ms/);
    await page.click('#place');
    await Promise.all([
      // The lag, read over HTTP every 25 ms from the first order on: the view catches up once
      // the 2 s delay is over, and the page samples it only every 0.5 s (the page's own lag
      // display is checked while broken, when the lag stays).
      eventually(async () => {
        const response = await t.http.get('/ops/projections').expect(200);
        expect((response.body as { lag: number }[])[0].lag).toBeGreaterThan(0);
      }),
      (async () => {
        await page.click('#place');
        await waitForText('#ryw-result', /answered from write-model/);
      })(),
    ]);
    await screenshot('2-slow');
    await page.click('#slow');
    await waitForText('#slow-state', /full speed/);
    await waitForText('#lag', /^0$/);
    await waitForRows(3);
  });

  it('broken: the failure and /health 503 show; repaired: it recovers, nothing lost or doubled', async () => {
    await page.click('#break');
    await waitForText('#break-state', /broken/);
    await page.click('#place');
    await waitForText('#projector-error', /broke .* on purpose: event \d+/);
    await waitForText('#lag', /^[1-9]/);
    await waitForText('#health', /^503/);
    await waitForText('#backoff', /failed attempts; waits between them: \d+ ms, \d+ ms/);
    await screenshot('3-broken');
    await page.click('#break');
    await waitForText('#break-state', /working/);
    await waitForText('#projector-error', /^none$/, 20_000);
    await waitForText('#health', /^200/);
    await waitForRows(4);
    const ids = await page.locator('#orders tr').evaluateAll(
      // A string body would do too; this one is typed loosely on purpose (no DOM types here).
      (rows) =>
        rows.map((row) => (row as unknown as { dataset: { orderId: string } }).dataset.orderId),
    );
    expect(new Set(ids).size).toBe(4);
  });

  it('rebuilds the view from the log while orders keep coming, and the view is complete', async () => {
    await page.click('#rebuild');
    await page.click('#place');
    await waitForText('#rebuild-progress', /^complete: (\d+) of \1 events|^complete/, 20_000);
    await waitForText('#rebuilding', /^no$/);
    await waitForRows(5);
    expect(await orderRows()).toBe(5);
    await waitForText('#read-source', /^view$/);
    await screenshot('4-rebuild');
    expect(problems).toEqual([]);
  });
});
