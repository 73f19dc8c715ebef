import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { copyRepository, jest, node, ROOT, run } from './support/repository-copy.js';
import { TEST_DB } from './support/test-database.js';

/**
 * The generators (tools/generators/) run in a copy of the repository, never in this one:
 * g:module, g:command and g:query through their npm scripts, in a new module and in an
 * existing one; the result must type-check, lint, be formatted, keep the module boundaries
 * and pass its generated specs. (test/walkthrough.e2e-spec.ts follows the walkthrough.)
 */

/** The files a generator reports as created or updated. */
const reported = (output: string, verb: 'created' | 'updated') =>
  [...output.matchAll(new RegExp(`^${verb} (\\S+)$`, 'gm'))].map((match) => match[1]);

/** Every file under `dir` with its content, to show that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = readFileSync(file, 'utf8');
  }
  return files;
}

// Nothing here touches a database but the generated specs, which run on SQLite like every
// handler spec: under TEST_DB=postgres the same run would only repeat itself.
const describeOnSqlite = TEST_DB === 'postgres' ? describe.skip : describe;

const DEPCRUISE_CONFIG = '.dependency-cruiser.cjs';
const DEPCRUISE_CLI = 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs';
// Skipped, visibly, in a checkout without boundary rules.
const itWithBoundaries =
  existsSync(path.join(ROOT, DEPCRUISE_CONFIG)) && existsSync(path.join(ROOT, DEPCRUISE_CLI))
    ? it
    : it.skip;

describeOnSqlite('generators: g:module, g:command, g:query', () => {
  let copy: string;
  let remove = () => {};
  const created: string[] = [];
  const updated = new Set<string>();
  const outputs: Record<string, string> = {};

  beforeAll(async () => {
    ({ dir: copy, remove } = copyRepository('nest-cqrs-generators-'));

    for (const args of [
      ['g:module', 'foo'],
      ['g:command', 'foo', 'do-something'],
      ['g:query', 'foo', 'get-something', '--access', 'customer:self'],
      ['g:command', 'orders', 'apply-discount', '--event', 'discount-applied'],
      ['g:query', 'orders', 'list-discounts', '--access', 'customer,staff'],
    ]) {
      const [script, ...rest] = args;
      const result = await run(copy, 'npm', ['run', '--silent', script, '--', ...rest]);
      expect(result).toEqual({ code: 0, output: expect.stringContaining('created ') });
      outputs[args.join(' ')] = result.output;
      created.push(...reported(result.output, 'created'));
      for (const file of reported(result.output, 'updated')) updated.add(file);
    }
  }, 60_000);

  afterAll(() => remove());

  it('creates one folder per use case, files named by role, and says what it created', () => {
    expect(created).toEqual([
      'src/modules/foo/foo.module.ts',
      'src/modules/foo/foo.controller.ts',
      'src/modules/foo/contracts/',
      'src/modules/foo/domain/',
      'src/modules/foo/commands/',
      'src/modules/foo/queries/',
      'src/modules/foo/contracts/do-something-done.event.ts',
      'src/modules/foo/commands/do-something/do-something.command.ts',
      'src/modules/foo/commands/do-something/do-something.handler.ts',
      'src/modules/foo/commands/do-something/do-something.request.ts',
      'src/modules/foo/commands/do-something/do-something.handler.spec.ts',
      'src/modules/foo/queries/get-something/get-something.query.ts',
      'src/modules/foo/queries/get-something/get-something.handler.ts',
      'src/modules/foo/queries/get-something/get-something.handler.spec.ts',
      'src/modules/orders/contracts/discount-applied.event.ts',
      'src/modules/orders/commands/apply-discount/apply-discount.command.ts',
      'src/modules/orders/commands/apply-discount/apply-discount.handler.ts',
      'src/modules/orders/commands/apply-discount/apply-discount.request.ts',
      'src/modules/orders/commands/apply-discount/apply-discount.handler.spec.ts',
      'src/modules/orders/queries/list-discounts/list-discounts.query.ts',
      'src/modules/orders/queries/list-discounts/list-discounts.handler.ts',
      'src/modules/orders/queries/list-discounts/list-discounts.handler.spec.ts',
    ]);
    expect([...updated].sort()).toEqual([
      'src/app.module.ts',
      'src/modules/foo/foo.controller.ts',
      'src/modules/foo/foo.module.ts',
      'src/modules/orders/orders.controller.ts',
      'src/modules/orders/orders.module.ts',
    ]);
    for (const file of created) expect(existsSync(path.join(copy, file))).toBe(true);
    // The empty folders keep a .gitkeep until they get a file.
    expect(existsSync(path.join(copy, 'src/modules/foo/domain/.gitkeep'))).toBe(true);
    expect(existsSync(path.join(copy, 'src/modules/foo/commands/.gitkeep'))).toBe(false);
    expect(existsSync(path.join(copy, 'src/modules/foo/contracts/.gitkeep'))).toBe(false);
    // The default event name is called out: events are named in the past tense.
    expect(outputs['g:command foo do-something']).toContain('DoSomethingDoneEvent');
  });

  it('registers each handler under its comment in the providers list, and the module in AppModule', () => {
    const read = (file: string) => readFileSync(path.join(copy, file), 'utf8');

    expect(read('src/modules/foo/foo.module.ts')).toContain(
      `  providers: [
    // commands
    DoSomethingHandler,
    // queries
    GetSomethingHandler,
  ],`,
    );
    const orders = read('src/modules/orders/orders.module.ts');
    expect(orders).toContain(
      "import { ApplyDiscountHandler } from './commands/apply-discount/apply-discount.handler.js';",
    );
    const providers = orders.slice(orders.indexOf('providers: ['));
    const at = ['// commands', 'ApplyDiscountHandler,', '// queries', 'ListDiscountsHandler,'].map(
      (line) => providers.indexOf(line),
    );
    expect(at.every((position) => position !== -1)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));

    const app = read('src/app.module.ts');
    expect(app).toContain("import { FooModule } from './modules/foo/foo.module.js';");
    expect(app.indexOf('FooModule,')).toBeGreaterThan(app.indexOf('OrdersModule,'));
  });

  it('writes each route into the module controller: full path, @Access (staff unless --access says otherwise), the bus it needs', () => {
    const read = (file: string) => readFileSync(path.join(copy, file), 'utf8');
    const foo = read('src/modules/foo/foo.controller.ts');
    expect(foo).toContain('@Controller()\n');
    expect(foo).toMatch(
      /constructor\(\s*private readonly commandBus: CommandBus,\s*private readonly queryBus: QueryBus,?\s*\)/,
    );
    expect(foo).toContain(`  @Post('foo/:id/do-something')
  @Access('staff')
  @HttpCode(HttpStatus.OK)`);
    expect(foo).toContain('return this.commandBus.execute(new DoSomethingCommand(id, note));');
    expect(foo).toContain(`  @Get('foo/:id/something')
  @Access('customer:self')`);
    expect(foo).toContain('return this.queryBus.execute(new GetSomethingQuery(id));');

    const orders = read('src/modules/orders/orders.controller.ts');
    expect(orders).toContain(`  @Post('orders/:id/apply-discount')
  @Access('staff')`);
    // 'customer' lets any customer in: the route says what is left to narrow.
    expect(orders).toMatch(
      /@Get\('orders\/discounts'\)\n\s+@Access\('customer', 'staff'\)[\s\S]*TODO: 'customer' lets any customer in/,
    );
    expect(outputs['g:command foo do-something']).toContain(
      "POST /foo/:id/do-something, @Access('staff')",
    );
    expect(outputs['g:query orders list-discounts --access customer,staff']).toContain(
      'narrow the route to the caller',
    );
  });

  it('type-checks (tsc --noEmit over src and test)', async () => {
    const result = await node(copy, 'node_modules/typescript/bin/tsc', [
      '-p',
      'tsconfig.json',
      '--noEmit',
    ]);
    expect(result).toEqual({ code: 0, output: '' });
  }, 120_000);

  it('passes eslint and prettier, files created and edited', async () => {
    const files = [...created.filter((file) => file.endsWith('.ts')), ...updated];
    const eslint = await node(copy, 'node_modules/eslint/bin/eslint.js', files);
    expect(eslint).toEqual({ code: 0, output: '' });
    const prettier = await node(copy, 'node_modules/prettier/bin/prettier.cjs', [
      '--check',
      ...files,
    ]);
    expect(prettier).toEqual({ code: 0, output: expect.stringContaining('use Prettier') });
  }, 120_000);

  itWithBoundaries(
    'keeps the module boundaries (dependency-cruiser)',
    async () => {
      const config = path.join(copy, DEPCRUISE_CONFIG);
      const cli = path.join(copy, DEPCRUISE_CLI);
      const files = [...created.filter((file) => file.endsWith('.ts')), ...updated];
      const result = await node(copy, cli, ['--config', config, ...files]);
      expect(result).toEqual({
        code: 0,
        output: expect.stringContaining('no dependency violations'),
      });
    },
    120_000,
  );

  it('passes its generated specs, on real SQLite through the buses', async () => {
    const specs = created.filter((file) => file.endsWith('.spec.ts'));
    expect(specs).toHaveLength(4);
    const result = await jest(copy, specs);
    expect(result).toEqual({
      code: 0,
      output: expect.stringContaining('Test Suites: 4 passed, 4 total'),
    });
  }, 120_000);

  it('refuses bad input with a reason, writing nothing', async () => {
    const before = snapshot(path.join(copy, 'src'));
    const refusals: [string[], string][] = [
      [['command', 'foo', 'do-something'], 'commands/do-something exists already'],
      [['command', 'nope', 'do-it'], 'there is no module "nope"'],
      [['command', 'foo', 'DoIt'], 'is not kebab-case'],
      [['command', 'foo', 'do-it', '--event', 'discount-applied'], 'is taken by'],
      [['command', 'foo', 'do-it', '--evnt', 'x'], 'unknown option --evnt'],
      [['query', 'foo', 'something'], 'must start with get- (one thing) or list- (a list)'],
      [['query', 'foo', 'get-something'], 'queries/get-something exists already'],
      [['module', 'orders'], 'src/modules/orders exists already'],
      [['command', 'foo', 'do-it', '--access', 'admin'], '--access "admin" is not a rule'],
      [['command', 'foo', 'do-it', '--access', 'public,staff'], 'takes no other rule'],
      [['command', 'foo', 'do-it', '--path', 'foo/do-it'], 'has no :id'],
      [['query', 'foo', 'list-things', '--path', 'foo/:id/things'], 'takes no :id'],
      [['command', 'foo', 'do-it', '--path', 'foo/:id/do-something'], 'route already'],
      [
        ['command', 'catalog', 'do-it', '--path', 'items/:id/do-it'],
        'the controller\'s prefix "products/"',
      ],
      [['command', 'foo', 'do-it', '--path', 'Foo/:id'], 'kebab-case segments'],
      [['module', 'invoice-module'], 'ends in "module"'],
    ];
    for (const [args, reason] of refusals) {
      const result = await node(copy, 'tools/generators/generate.mjs', args);
      expect({ args, ...result }).toEqual({
        args,
        code: 1,
        output: expect.stringContaining(reason),
      });
    }
    expect(snapshot(path.join(copy, 'src'))).toEqual(before);
  }, 60_000);
});
