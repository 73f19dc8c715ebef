import { aProductResponse } from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { encodeCursor, InvalidCursorError } from '../../../../shared/pagination/cursor.js';
import type { Page } from '../../../../shared/pagination/page.js';
import { CatalogModule } from '../../catalog.module.js';
import { CreateProductCommand } from '../../commands/create-product/create-product.command.js';
import type { ProductResponse } from '../../contracts/product.response.js';
import { ListProductsQuery } from './list-products.query.js';

describe('ListProductsHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({ imports: [CatalogModule] });
    // Created out of sku order, so the answer's order comes from the query, not from insertion.
    for (const sku of ['P-05', 'P-02', 'P-07', 'P-01', 'P-04', 'P-06', 'P-03']) {
      const { name, priceCents } = aProductResponse();
      await t.commandBus.execute(new CreateProductCommand(sku, name, priceCents));
    }
  });
  afterAll(() => t.close());

  /** Follows nextCursor from the first page to the last. */
  const allPages = async (limit: number) => {
    const pages: Page<ProductResponse>[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.queryBus.execute(new ListProductsQuery(limit, cursor));
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 100);
    return pages;
  };

  it('answers products in sku order, each with every field', async () => {
    const page = await t.queryBus.execute(new ListProductsQuery(3, undefined));

    expect(page.items.map((product) => product.sku)).toEqual(['P-01', 'P-02', 'P-03']);
    const [row] = await t.sql<{ id: string; name: string; price_cents: number }>(
      'SELECT id, name, price_cents FROM products WHERE sku = ?',
      ['P-01'],
    );
    expect(page.items[0]).toEqual({
      id: row.id,
      sku: 'P-01',
      name: row.name,
      priceCents: row.price_cents,
    });
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it.each([1, 2, 3, 7, 100])(
    'with limit %i, following the cursors visits every product exactly once',
    async (limit) => {
      const pages = await allPages(limit);

      for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(limit);
      expect(pages.slice(0, -1).every((page) => page.items.length === limit)).toBe(true);
      expect(pages.at(-1)!.nextCursor).toBeNull();
      const visited = pages.flatMap((page) => page.items.map((product) => product.sku));
      const stored = await t.sql<{ sku: string }>('SELECT sku FROM products ORDER BY sku');
      expect(visited).toEqual(stored.map((row) => row.sku));
    },
  );

  it('answers no next cursor when the last page is exactly full', async () => {
    const count = await t.count('products');
    const page = await t.queryBus.execute(new ListProductsQuery(count, undefined));
    expect(page.items).toHaveLength(count);
    expect(page.nextCursor).toBeNull();
  });

  it('neither skips nor repeats when a product is added between pages', async () => {
    const first = await t.queryBus.execute(new ListProductsQuery(2, undefined));
    const seen = first.items.map((product) => product.sku);
    const { name, priceCents } = aProductResponse();
    // Sorts after the cursor: the pages still to come must show it, once.
    await t.commandBus.execute(new CreateProductCommand('P-035', name, priceCents));

    let cursor = first.nextCursor ?? undefined;
    while (cursor) {
      const page = await t.queryBus.execute(new ListProductsQuery(2, cursor));
      seen.push(...page.items.map((product) => product.sku));
      cursor = page.nextCursor ?? undefined;
    }
    const stored = await t.sql<{ sku: string }>('SELECT sku FROM products ORDER BY sku');
    expect(seen).toEqual(stored.map((row) => row.sku));
    expect(seen.filter((sku) => sku === 'P-035')).toHaveLength(1);
  });

  it('answers an empty page with no cursor when the catalog is empty', async () => {
    const empty = await createHandlerTestModule({ imports: [CatalogModule] });
    try {
      await expect(empty.queryBus.execute(new ListProductsQuery(20, undefined))).resolves.toEqual({
        items: [],
        nextCursor: null,
      });
    } finally {
      await empty.close();
    }
  });

  it.each([
    ['not base64 at all', '%%%'],
    ['base64 of text that is not JSON', Buffer.from('not-json').toString('base64url')],
    ['a JSON object instead of a key', Buffer.from('{"sku":"P-01"}').toString('base64url')],
    ['a key of the wrong type', encodeCursor([42])],
    ['a key with too many parts', encodeCursor(['P-01', 'extra'])],
    ['an empty key', encodeCursor([])],
  ])('throws InvalidCursorError for %s', async (_case, cursor) => {
    await expect(t.queryBus.execute(new ListProductsQuery(2, cursor))).rejects.toThrow(
      InvalidCursorError,
    );
  });
});
