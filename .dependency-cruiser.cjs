// @ts-check
/**
 * Module and layer boundaries, enforced: `npm run lint:boundaries` (part of `npm run lint`,
 * so of CI) fails on any of these. docs/conventions.md ("Who may import what") is the prose version;
 * test/architecture.e2e-spec.ts shows every rule firing on a deliberate violation.
 *
 * Paths are matched relative to the repository root, e.g. `src/modules/orders/domain/...`.
 * Specs next to the code are held to the module rules too, with one allowance: a spec of the
 * read side sets up its data by sending the module's commands (`*.command.ts`) on the bus.
 */

/** A module folder: group 1 is the module's name. */
const MODULE = '^src/modules/([^/]+)/';
const CONTRACTS = '^src/modules/[^/]+/contracts/';
const SPEC = '\\.spec\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-internals-are-private',
      comment:
        "A module's internals are private to it: another module may import only its " +
        '`contracts/` (events, public queries, errors, response types). Everything else ' +
        '(entities, handlers, read models, the Nest module) can change without notice. ' +
        'To use another module, send its public query on the QueryBus.',
      severity: 'error',
      from: { path: MODULE },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', CONTRACTS] },
    },
    {
      name: 'contracts-are-self-contained',
      comment:
        'contracts/ is what other modules compile against, so it may import only other ' +
        'contracts (any module), src/shared and packages. Importing its own domain, commands, ' +
        'queries or read model would leak internals through the public surface.',
      severity: 'error',
      from: { path: CONTRACTS },
      to: {
        pathNot: [CONTRACTS, '^src/shared/', '(^|/)node_modules/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'query-side-not-command-side',
      comment:
        'The query side reads straight from the database (its read model or plain SQL): it ' +
        'never imports the command side (`commands/`) or the write model (`domain/`), so ' +
        'either can change, or be split out, without touching the other.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/queries/', pathNot: SPEC },
      to: { path: '^src/modules/[^/]+/(commands|domain)/' },
    },
    {
      name: 'projection-reads-only-events',
      comment:
        'A projection runner (projections/) builds its view from the events in contracts/ only: it ' +
        'never imports the write model (`domain/`), the command side (`commands/`) or the ' +
        'query handlers (`queries/`), so a view can be rebuilt from the event log alone.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/projections/', pathNot: SPEC },
      to: { path: '^src/modules/[^/]+/(domain|commands|queries)/' },
    },
    {
      name: 'read-side-specs-write-through-the-bus',
      comment:
        'Specs of queries and projections may set up data by sending the real commands ' +
        '(`*.command.ts`) on the CommandBus, but never reach into handlers, request DTOs or ' +
        'the write model (`domain/`) directly.',
      severity: 'error',
      from: { path: `^src/modules/[^/]+/(queries|projections)/.+${SPEC}` },
      to: {
        path: '^src/modules/[^/]+/(commands|domain)/',
        pathNot: '\\.command\\.ts$',
      },
    },
    {
      name: 'controller-talks-to-buses-only',
      comment:
        'A controller maps HTTP to commands and queries on the two buses, nothing else: it ' +
        'never imports entities or repositories (`domain/`) nor handlers (`*.handler.ts`), ' +
        'so every use case goes through the bus (and its logging, idempotency, transactions).',
      severity: 'error',
      from: { path: '^src/modules/.+\\.controller\\.ts$' },
      to: { path: ['^src/modules/[^/]+/domain/', '\\.handler\\.ts$'] },
    },
    {
      name: 'shared-knows-no-module',
      comment:
        'src/shared is framework glue every module builds on; it knows no module. It must ' +
        'not import src/modules, the composition roots (app.module.ts, main.ts, cli/, demo/) or ' +
        'the migrations: those are handed in by the app (e.g. DatabaseModule.forRoot(config, ' +
        "migrations), the demo's PROJECTION_FAULTS provider).",
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(modules/|migrations/|cli/|demo/|app\\.module\\.ts$|main\\.ts$)' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles (type-only ones included): a cycle ties its files into one unit ' +
        'that can only be understood, tested and moved as a whole, and at runtime it gives ' +
        'ESM half-initialised modules (undefined classes in decorators and DI).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-dev-dependencies-in-src',
      comment:
        'Production code must not import devDependencies: `npm ci --omit=dev` would leave ' +
        'them out and the app would fail at start. Specs may (they are test code), and so ' +
        'may type-only imports, which are erased at compile time.',
      severity: 'error',
      from: { path: '^src/', pathNot: SPEC },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import resolves to a file or package. This also guards the rules above: an ' +
        'import dependency-cruiser cannot resolve (e.g. a `.js` suffix not mapped back to ' +
        'its `.ts` file) would otherwise slip past every path-based rule unnoticed.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-orphans',
      comment:
        'A source file nothing imports and that imports nothing is dead code (or forgotten ' +
        'wiring): delete it or use it.',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [SPEC, '\\.e2e-spec\\.ts$', '\\.d\\.ts$', '(^|/)\\.[^/]+\\.(js|cjs|mjs|ts|json)$'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too (`import type { Order } from '../domain/...'`
    // in a query is still a query leaning on the write model).
    tsPreCompilationDeps: true,
    // Resolves the `.js` suffixes of our NodeNext imports to the `.ts` sources.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
