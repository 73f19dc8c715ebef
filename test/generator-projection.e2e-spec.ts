import { readFileSync } from 'node:fs';
import path from 'node:path';
import { copyRepository, jest, node, run } from './support/repository-copy.js';
import { TEST_DB } from './support/test-database.js';

/**
 * `npm run g:projection` runs in a copy of the repository, never in this one: a projection
 * in a module that has projections (orders) and in one that has none (catalog). The result
 * must type-check, lint, keep the module boundaries and pass its generated given/when/then
 * specs through the real projection runner, its migration run.
 */

// Only the generated specs touch a database, on SQLite like every handler spec.
const describeOnSqlite = TEST_DB === 'postgres' ? describe.skip : describe;

describeOnSqlite('generator: g:projection', () => {
  let repository: { dir: string; remove(): void } | undefined;
  let copy: string;
  const created: string[] = [];
  const updated = new Set<string>();

  beforeAll(async () => {
    repository = copyRepository('nest-cqrs-g-projection-');
    copy = repository.dir;
    for (const args of [
      ['orders', 'order-counts', '--events', 'order-placed,order-cancelled'],
      ['catalog', 'product-changes'],
    ]) {
      const result = await run(copy, 'npm', ['run', '--silent', 'g:projection', '--', ...args]);
      expect(result).toEqual({ code: 0, output: expect.stringContaining('created ') });
      for (const [, verb, file] of result.output.matchAll(/^(created|updated) (\S+)$/gm)) {
        if (verb === 'created') created.push(file);
        else updated.add(file);
      }
    }
  }, 60_000);

  afterAll(() => {
    repository?.remove();
  });

  const read = (file: string) => readFileSync(path.join(copy, file), 'utf8');

  it('creates the view, the projection, its spec and its migration, and registers them', () => {
    expect(created.map((file) => file.replace(/\d{13}/, '<time>'))).toEqual([
      'src/modules/orders/projections/order-counts.view.ts',
      'src/modules/orders/projections/order-counts.projection.ts',
      'src/modules/orders/projections/order-counts.projection.spec.ts',
      'src/migrations/<time>-order-counts.ts',
      'src/modules/catalog/projections/product-changes.view.ts',
      'src/modules/catalog/projections/product-changes.projection.ts',
      'src/modules/catalog/projections/product-changes.projection.spec.ts',
      'src/migrations/<time>-product-changes.ts',
    ]);
    expect([...updated].sort()).toEqual([
      'src/migrations/migrations.ts',
      'src/modules/catalog/catalog.module.ts',
      'src/modules/orders/orders.module.ts',
    ]);
    const migrations = read('src/migrations/migrations.ts');
    expect(migrations.indexOf('OrderCounts')).toBeGreaterThan(migrations.indexOf('ProductSales'));
    expect(read('src/modules/catalog/catalog.module.ts')).toMatch(
      /providers: \[\n\s+\/\/ projections\n\s+ProductChangesProjection,\n\s+\/\/ commands/,
    );
    expect(read('src/modules/orders/orders.module.ts')).toMatch(
      /\/\/ projections\n(\s+\w+Projection,\n)+\s+OrderCountsProjection,\n/,
    );
    // Typed over the events it handles, with no cast; the catalog's own events by default.
    const orderCounts = read('src/modules/orders/projections/order-counts.projection.ts');
    expect(orderCounts).toContain(
      'type Handles = typeof OrderPlacedEvent | typeof OrderCancelledEvent;',
    );
    expect(orderCounts).not.toContain(' as ');
    expect(read('src/modules/catalog/projections/product-changes.projection.ts')).toContain(
      'readonly handles = [ProductCreatedEvent, ProductPriceChangedEvent];',
    );
  });

  it('type-checks, lints, is formatted and keeps the module boundaries', async () => {
    const files = [...created, ...updated];
    expect(
      await node(copy, 'node_modules/typescript/bin/tsc', ['-p', 'tsconfig.json', '--noEmit']),
    ).toEqual({
      code: 0,
      output: '',
    });
    expect(await node(copy, 'node_modules/eslint/bin/eslint.js', files)).toEqual({
      code: 0,
      output: '',
    });
    const prettier = await node(copy, 'node_modules/prettier/bin/prettier.cjs', [
      '--check',
      ...files,
    ]);
    expect(prettier).toEqual({ code: 0, output: expect.stringContaining('use Prettier') });
    const depcruise = await node(
      copy,
      'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
      ['--config', '.dependency-cruiser.cjs', 'src'],
    );
    expect(depcruise).toEqual({
      code: 0,
      output: expect.stringContaining('no dependency violations'),
    });
  }, 180_000);

  it('passes its generated given/when/then specs, through the real runner on SQLite', async () => {
    const specs = created.filter((file) => file.endsWith('.spec.ts'));
    const result = await jest(copy, specs);
    expect(result).toEqual({
      code: 0,
      output: expect.stringContaining('Test Suites: 2 passed, 2 total'),
    });
  }, 120_000);

  it('refuses bad input with a reason', async () => {
    const refusals: [string[], string][] = [
      [['projection', 'orders', 'order-counts'], 'order-counts.view.ts exists already'],
      [
        ['projection', 'orders', 'sales', '--events', 'order-lost'],
        'there is no event "order-lost"',
      ],
      [['projection', 'orders', 'sales-projection'], 'ends in "projection"'],
      [['projection', 'nope', 'sales'], 'there is no module "nope"'],
    ];
    for (const [args, reason] of refusals) {
      const result = await node(copy, 'tools/generators/generate.mjs', args);
      expect({ args, ...result }).toEqual({
        args,
        code: 1,
        output: expect.stringContaining(reason),
      });
    }
  }, 60_000);
});
