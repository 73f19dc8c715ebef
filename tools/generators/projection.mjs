/**
 * `npm run g:projection -- <module> <view> [--events <event>,<event>...]`: a projection in
 * the house shape (see templates/projection.mjs), its migration registered in
 * src/migrations/migrations.ts, and the projection under `// projections` in the module's
 * providers (the comment is added when the module has none yet).
 */
import { existsSync, readdirSync } from 'node:fs';
import { addImport, addProvider } from './edit-source.mjs';
import { GeneratorError, kebab, withoutRoleSuffix } from './names.mjs';
import * as templates from './templates/projection.mjs';

const MIGRATIONS = 'src/migrations';
const MIGRATION_LIST = `${MIGRATIONS}/migrations.ts`;

/**
 * @typedef {object} Helpers what generate.mjs shares with every generator
 * @property {string} MODULES
 * @property {(relative: string) => string} abs
 * @property {(relative: string) => string} read
 * @property {(name: string | undefined) => string} existingModule
 * @property {() => import('./generate.mjs').Plan} emptyPlan
 * @property {(plan: any, file: string, content: string) => void} create
 */

/**
 * @param {string[]} positional
 * @param {Record<string, string>} options
 * @param {Helpers} h
 */
export function planProjection([moduleArg, nameArg], options, h) {
  const module = h.existingModule(moduleArg);
  const name = withoutRoleSuffix(
    'view',
    withoutRoleSuffix('view', kebab('view', nameArg), 'projection'),
    'view',
  );
  const dir = `${h.MODULES}/${module}/projections`;
  const events = handledEvents(module, options.events, h);
  const timestamp = Date.now();
  const n = { module, name, events, timestamp };
  const c = templates.classes(n);

  const plan = h.emptyPlan();
  h.create(plan, `${dir}/${name}.view.ts`, templates.viewFile(n));
  h.create(plan, `${dir}/${name}.projection.ts`, templates.projectionFile(n));
  h.create(plan, `${dir}/${name}.projection.spec.ts`, templates.specFile(n));
  const migration = `${timestamp}-${name}`;
  h.create(plan, `${MIGRATIONS}/${migration}.ts`, templates.migrationFile(n));

  const list = addMigration(h.read(MIGRATION_LIST), c.migration);
  plan.update.set(MIGRATION_LIST, addImport(list, c.migration, `./${migration}.js`));
  const moduleFile = `${h.MODULES}/${module}/${module}.module.ts`;
  const withProvider = addProvider(
    withProjectionsSection(h.read(moduleFile)),
    c.projection,
    'projections',
    moduleFile,
  );
  plan.update.set(
    moduleFile,
    addImport(withProvider, c.projection, `./projections/${name}.projection.js`),
  );

  plan.notes.push(
    `Fill in the TODOs: the view's columns (in the view file and the migration), apply for each event, the spec's story.`,
    `On the next start the runner replays the whole log into ${c.table} (version 0 -> 1); readers use the write model until it reaches the head.`,
    `Read it from a query through ViewOrWriteModel (see queries/get-product-sales in orders), and run its spec: npm test -- ${dir}/${name}`,
  );
  return plan;
}

/**
 * The events to handle: `--events a,b` (kebab names of `<name>.event.ts` in any module's
 * contracts/), or every event of the module's own contracts/.
 * @param {string} module
 * @param {string | undefined} list
 * @param {Helpers} h
 */
function handledEvents(module, list, h) {
  /** @type {Map<string, string>} event name -> module */
  const known = new Map();
  const modules = readdirSync(h.abs(h.MODULES), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  for (const other of [module, ...modules.filter((m) => m !== module)]) {
    const contracts = `${h.MODULES}/${other}/contracts`;
    if (!existsSync(h.abs(contracts))) continue;
    for (const file of readdirSync(h.abs(contracts))) {
      const match = /^(.+)\.event\.ts$/.exec(file);
      if (match && !known.has(match[1])) known.set(match[1], other);
    }
  }
  const names = list
    ? list.split(',').map((event) => kebab('event', event.trim()))
    : [...known].filter(([, owner]) => owner === module).map(([event]) => event);
  if (names.length === 0) {
    throw new GeneratorError(
      `module "${module}" has no events in contracts/: name the events to handle with --events <event>,<event>`,
    );
  }
  return names.map((event) => {
    const owner = known.get(event);
    if (!owner) {
      throw new GeneratorError(
        `there is no event "${event}" (a contracts/${event}.event.ts in some module); events: ${[...known.keys()].sort().join(', ')}`,
      );
    }
    const source = h.read(`${h.MODULES}/${owner}/contracts/${event}.event.ts`);
    const className = /export class (\w+) extends DomainEvent/.exec(source)?.[1];
    if (!className) throw new GeneratorError(`${event}.event.ts declares no DomainEvent class`);
    const from =
      owner === module
        ? `../contracts/${event}.event.js`
        : `../../${owner}/contracts/${event}.event.js`;
    return { className, from, fromSpec: from };
  });
}

/**
 * Appends `className` to the `migrations` array: they run in list order, the newest last.
 * @param {string} source
 * @param {string} className
 */
function addMigration(source, className) {
  const start = source.indexOf('export const migrations = [');
  const end = start === -1 ? -1 : source.indexOf('];', start);
  if (end === -1) throw new GeneratorError(`${MIGRATION_LIST}: found no "migrations = [...]"`);
  const body = source.slice(0, end).trimEnd();
  const comma = body.endsWith(',') || body.endsWith('[') ? '' : ',';
  return `${body}${comma}\n  ${className},\n${source.slice(end)}`;
}

/**
 * A module's providers list gets a `// projections` comment, first, if it has none.
 * @param {string} source
 */
function withProjectionsSection(source) {
  if (/^\s*\/\/\s*projections\b/m.test(source)) return source;
  return source.replace(/(providers:\s*\[)/, '$1\n    // projections');
}
