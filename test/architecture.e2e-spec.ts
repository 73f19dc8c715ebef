import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The boundary rules of .dependency-cruiser.cjs (`npm run lint:boundaries`), each shown firing
 * on a deliberate violation, plus the allowances that must not fire, plus the real src/ clean.
 *
 * The violating files go into a throwaway copy of src/ in the OS temp dir (never into src/,
 * where a concurrent lint, build or watcher could see them), with node_modules linked in.
 * Starting dependency-cruiser costs a few seconds, so it runs once over all the fixture files
 * (only those, and what they import) and each test looks at the violations of its own file.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  type: string;
  from: string;
  to: string;
  rule: { name: string; severity: string };
}
interface CruiseResult {
  summary: { violations: Violation[]; error: number; totalCruised: number };
  modules: { source: string; dependencies: { resolved: string; couldNotResolve: boolean }[] }[];
}

/** Runs the CLI in `cwd`; it exits non-zero when it finds errors, and prints the JSON anyway. */
function depcruise(cwd: string, targets: string[]): Promise<CruiseResult> {
  const args = [DEPCRUISE, ...targets, '--config', CONFIG, '--output-type', 'json'];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as CruiseResult);
        } catch {
          reject(new Error(`dependency-cruiser failed: ${error?.message ?? ''}\n${stderr}`));
        }
      },
    );
  });
}

interface Fixture {
  /** Path of the file to write, relative to the repository root. */
  file: string;
  source: string;
}
interface ViolatingFixture extends Fixture {
  /** The rule it must break, and what it breaks it with: for our files the `.ts` source. */
  breaks: { rule: string; to: string | RegExp };
}

/** One deliberate violation per rule (two where the rule covers two kinds of target). */
const violations: ViolatingFixture[] = [
  {
    file: 'src/modules/orders/__violation__/peeks-into-catalog.ts',
    source: `import { Product } from '../../catalog/domain/product.entity.js';\nexport const peek = Product;\n`,
    breaks: {
      rule: 'module-internals-are-private',
      to: 'src/modules/catalog/domain/product.entity.ts',
    },
  },
  {
    file: 'src/modules/catalog/contracts/__violation__/leaks-domain.ts',
    source: `import { PRICE_CENTS_MAX } from '../../domain/product-fields.js';\nexport const max = PRICE_CENTS_MAX;\n`,
    breaks: {
      rule: 'contracts-are-self-contained',
      to: 'src/modules/catalog/domain/product-fields.ts',
    },
  },
  {
    file: 'src/modules/catalog/queries/__violation__/reads-domain-fields.ts',
    source: `import { PRICE_CENTS_MAX } from '../../domain/product-fields.js';\nexport const max = PRICE_CENTS_MAX;\n`,
    breaks: {
      rule: 'query-side-not-command-side',
      to: 'src/modules/catalog/domain/product-fields.ts',
    },
  },
  {
    file: 'src/modules/orders/queries/__violation__/uses-command.ts',
    source: `import { PlaceOrderCommand } from '../../commands/place-order/place-order.command.js';\nexport const command = PlaceOrderCommand;\n`,
    breaks: {
      rule: 'query-side-not-command-side',
      to: 'src/modules/orders/commands/place-order/place-order.command.ts',
    },
  },
  {
    // Type-only, to show that `import type` counts too (tsPreCompilationDeps).
    file: 'src/modules/orders/projections/__violation__/uses-entity.projection runner.ts',
    source: `import type { Order } from '../../domain/order.entity.js';\nexport type Row = Order;\n`,
    breaks: {
      rule: 'projection-reads-only-events',
      to: 'src/modules/orders/domain/order.entity.ts',
    },
  },
  {
    file: 'src/modules/orders/projections/__violation__/uses-query.projection runner.ts',
    source: `import { GetOrderQuery } from '../../queries/get-order/get-order.query.js';\nexport const query = GetOrderQuery;\n`,
    breaks: {
      rule: 'projection-reads-only-events',
      to: 'src/modules/orders/queries/get-order/get-order.query.ts',
    },
  },
  {
    file: 'src/modules/catalog/queries/__violation__/calls-handler.spec.ts',
    source: `import { CreateProductHandler } from '../../commands/create-product/create-product.handler.js';\nexport const handler = CreateProductHandler;\n`,
    breaks: {
      rule: 'read-side-specs-write-through-the-bus',
      to: 'src/modules/catalog/commands/create-product/create-product.handler.ts',
    },
  },
  {
    file: 'src/modules/orders/__violation__/uses-repository.controller.ts',
    source: `import { OrderRepository } from '../domain/order.repository.js';\nexport const repository = OrderRepository;\n`,
    breaks: {
      rule: 'controller-talks-to-buses-only',
      to: 'src/modules/orders/domain/order.repository.ts',
    },
  },
  {
    file: 'src/modules/orders/__violation__/uses-handler.controller.ts',
    source: `import { GetOrderHandler } from '../queries/get-order/get-order.handler.js';\nexport const handler = GetOrderHandler;\n`,
    breaks: {
      rule: 'controller-talks-to-buses-only',
      to: 'src/modules/orders/queries/get-order/get-order.handler.ts',
    },
  },
  {
    file: 'src/shared/__violation__/knows-a-module.ts',
    source: `import type { OrderResponse } from '../../modules/orders/contracts/order.response.js';\nexport type Known = OrderResponse;\n`,
    breaks: {
      rule: 'shared-knows-no-module',
      to: 'src/modules/orders/contracts/order.response.ts',
    },
  },
  {
    file: 'src/shared/__violation__/knows-the-migrations.ts',
    source: `import { migrations } from '../../migrations/migrations.js';\nexport const known = migrations;\n`,
    breaks: { rule: 'shared-knows-no-module', to: 'src/migrations/migrations.ts' },
  },
  {
    file: 'src/shared/__violation__/knows-the-demo.ts',
    source: `import { DemoFaults } from '../../demo/demo-faults.js';\nexport const known = DemoFaults;\n`,
    breaks: { rule: 'shared-knows-no-module', to: 'src/demo/demo-faults.ts' },
  },
  {
    file: 'src/shared/__violation__/cycle-a.ts',
    source: `import { b } from './cycle-b.js';\nexport const a = () => b();\n`,
    breaks: { rule: 'no-circular', to: 'src/shared/__violation__/cycle-b.ts' },
  },
  {
    file: 'src/shared/__violation__/uses-dev-dependency.ts',
    source: `import { Test } from '@nestjs/testing';\nexport const test = Test;\n`,
    // node_modules is a symlink in the sandbox, so this resolves to the repository's copy.
    breaks: { rule: 'no-dev-dependencies-in-src', to: /(^|\/)node_modules\/@nestjs\/testing\// },
  },
  {
    file: 'src/shared/__violation__/imports-nothing-there.ts',
    source: `import { nothing } from './does-not-exist.js';\nexport const something = nothing;\n`,
    breaks: { rule: 'not-to-unresolvable', to: './does-not-exist.js' },
  },
  {
    file: 'src/shared/__violation__/orphan.ts',
    source: `export const unused = 1;\n`,
    breaks: { rule: 'no-orphans', to: 'src/shared/__violation__/orphan.ts' },
  },
];

/** The other half of the cycle (a cycle is reported once, from where it was found). */
const helpers: Fixture[] = [
  {
    file: 'src/shared/__violation__/cycle-b.ts',
    source: `import { a } from './cycle-a.js';\nexport const b = () => a();\n`,
  },
];

/** What the rules deliberately allow: none of these may fire. */
const allowed: Fixture[] = [
  {
    // Another module's contracts: its public query, sent on the QueryBus.
    file: 'src/modules/orders/__allowed__/uses-catalog-contract.ts',
    source: `import { ListProductsByIdsQuery } from '../../catalog/contracts/list-products-by-ids.query.js';\nexport const query = ListProductsByIdsQuery;\n`,
  },
  {
    // Contracts may use other modules' contracts, src/shared and packages.
    file: 'src/modules/orders/contracts/__allowed__/uses-contracts-and-shared.ts',
    source: [
      `import { Query } from '@nestjs/cqrs';`,
      `import type { CustomerResponse } from '../../../customers/contracts/customer.response.js';`,
      `import { DomainEvent } from '../../../../shared/event-log/domain-event.js';`,
      `export type Used = [typeof Query, CustomerResponse, typeof DomainEvent];`,
      ``,
    ].join('\n'),
  },
  {
    // A query spec sets up its data by sending the real command on the bus.
    file: 'src/modules/catalog/queries/__allowed__/sends-a-command.spec.ts',
    source: `import { CreateProductCommand } from '../../commands/create-product/create-product.command.js';\nexport const command = CreateProductCommand;\n`,
  },
  {
    // Type-only imports of devDependencies are erased at compile time.
    file: 'src/shared/__allowed__/types-from-dev-dependency.ts',
    source: `import type { TestingModule } from '@nestjs/testing';\nexport type Module = TestingModule;\n`,
  },
];

describe('module boundaries (dependency-cruiser)', () => {
  let sandbox: string | undefined;
  let result: CruiseResult;

  beforeAll(async () => {
    sandbox = mkdtempSync(join(tmpdir(), 'architecture-'));
    cpSync(join(ROOT, 'src'), join(sandbox, 'src'), { recursive: true });
    for (const file of ['package.json', 'tsconfig.json']) {
      cpSync(join(ROOT, file), join(sandbox, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(sandbox, 'node_modules'), 'dir');
    for (const { file, source } of [...violations, ...helpers, ...allowed]) {
      mkdirSync(dirname(join(sandbox, file)), { recursive: true });
      writeFileSync(join(sandbox, file), source);
    }
    result = await depcruise(
      sandbox,
      [...violations, ...helpers, ...allowed].map(({ file }) => file),
    );
  }, 30_000);

  afterAll(() => {
    if (sandbox) rmSync(sandbox, { recursive: true, force: true });
  });

  const rulesBrokenBy = (file: string) =>
    result.summary.violations.filter((violation) => violation.from === file);

  it.each(violations.map((fixture) => [fixture.breaks.rule, fixture.file, fixture] as const))(
    '%s fires on %s',
    (_rule, _file, { file, breaks }) => {
      // Exactly this rule, with the import resolved to its `.ts` source: rules match on
      // resolved paths, so a failure to resolve `.js` to `.ts` would make this fail.
      expect(rulesBrokenBy(file)).toEqual([
        expect.objectContaining({
          from: file,
          to: typeof breaks.to === 'string' ? breaks.to : expect.stringMatching(breaks.to),
          rule: { name: breaks.rule, severity: 'error' },
        }),
      ]);
    },
  );

  it.each(allowed.map((fixture) => [fixture.file, fixture] as const))(
    'allows %s',
    (_file, { file }) => {
      const cruised = result.modules.find((module) => module.source === file);
      expect(cruised?.dependencies.length).toBeGreaterThan(0);
      expect(cruised?.dependencies.filter((dependency) => dependency.couldNotResolve)).toEqual([]);
      expect(rulesBrokenBy(file)).toEqual([]);
    },
  );

  it('finds no violation in the real src/', async () => {
    const real = await depcruise(ROOT, ['src']);
    expect(real.summary.violations).toEqual([]);
    expect(real.summary.error).toBe(0);
    // Not vacuous: the whole tree was cruised, and `.js` imports resolved to `.ts` sources.
    expect(real.summary.totalCruised).toBeGreaterThan(100);
    const orders = real.modules.find(
      (module) => module.source === 'src/modules/orders/orders.module.ts',
    );
    expect(orders?.dependencies.map((dependency) => dependency.resolved)).toContain(
      'src/modules/orders/domain/order.entity.ts',
    );
  }, 30_000);
});
