/**
 * Generators for the shape in docs/conventions.md (see README.md next to this file):
 *
 *   npm run g:module  -- <module>
 *   npm run g:command -- <module> <command> [--event <event>] [--access <rules>] [--path <path>]
 *   npm run g:query   -- <module> <get-...|list-...> [--access <rules>] [--path <path>]
 *   npm run g:projection -- <module> <view> [--events <event>,...]   (projection.mjs)
 *
 * Everything is planned first (new files, the edited module or app module, all formatted
 * with the project's prettier), then written: an invalid name, a missing module, a file
 * that exists already or a module file the edit cannot place its line in stops it before
 * anything is written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import console from 'node:console';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import {
  addAppModuleImport,
  addImport,
  addNamedImport,
  addProvider,
  addRoute,
} from './edit-source.mjs';
import { camel, GeneratorError, kebab, pascal, withoutRoleSuffix } from './names.mjs';
import { planProjection } from './projection.mjs';
import * as commandTemplates from './templates/command.mjs';
import * as moduleTemplates from './templates/module.mjs';
import * as queryTemplates from './templates/query.mjs';
import * as routeTemplates from './templates/route.mjs';

/** The project root: generators always write into the checkout they belong to. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODULES = 'src/modules';
const APP_MODULE = 'src/app.module.ts';
/** The rules of @Access (src/shared/auth/access.decorator.ts). */
const ACCESS_RULES = ['public', 'staff', 'customer', 'customer:self'];
/** Who may call a generated route unless --access says otherwise: the safe choice. */
const DEFAULT_ACCESS = 'staff';

const USAGE = `Usage:
  npm run g:module  -- <module>                              e.g. invoices
  npm run g:command -- <module> <command> [--event <event>]  e.g. orders apply-discount --event discount-applied
  npm run g:query   -- <module> <get-...|list-...>           e.g. orders get-order-totals
  npm run g:projection -- <module> <view> [--events <e>,...] e.g. orders order-counts --events order-placed

Names are kebab-case. A command records one event, in its module's contracts/; name it in
the past tense with --event (default: <command>-done).

g:command and g:query write the route into the module's controller:
  --access <rules>  who may call it, comma-separated: ${ACCESS_RULES.join(', ')}
                    (default: staff; see src/shared/auth/access.decorator.ts)
  --path <path>     its full path, e.g. orders/:id/discount (default: <prefix or module>/:id/<command>,
                    <...>/:id/<thing> for get-<thing>, <...>/<things> for list-<things>)`;

/**
 * @typedef {object} Plan
 * @property {Map<string, string>} create new files (root-relative path -> content)
 * @property {Map<string, string>} update changed files (root-relative path -> content)
 * @property {string[]} directories created even when empty (with a .gitkeep)
 * @property {string[]} remove placeholder files to delete (.gitkeep of a folder that gets a file)
 * @property {string[]} notes printed after the list of files
 */

/** @returns {Plan} */
const emptyPlan = () => ({
  create: new Map(),
  update: new Map(),
  directories: [],
  remove: [],
  notes: [],
});

/** @param {string} relative */
const abs = (relative) => path.join(ROOT, relative);

/** @param {string} relative */
const read = (relative) => readFileSync(abs(relative), 'utf8');

/** The existing modules: folders of src/modules with a <name>.module.ts. */
function existingModules() {
  return readdirSync(abs(MODULES), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => existsSync(abs(`${MODULES}/${name}/${name}.module.ts`)))
    .sort();
}

/**
 * The module name, which must name an existing module.
 * @param {string | undefined} name
 */
function existingModule(name) {
  const module = kebab('module', name);
  if (!existingModules().includes(module)) {
    throw new GeneratorError(
      `there is no module "${module}" (${MODULES}/${module}/${module}.module.ts); modules: ${existingModules().join(', ')}. Create it with: npm run g:module -- ${module}`,
    );
  }
  return module;
}

/**
 * Event types in use, by every module: a type names a kind of entry in the shared log.
 * @returns {Map<string, string>} type -> file
 */
function eventTypesInUse() {
  /** @type {Map<string, string>} */
  const types = new Map();
  for (const module of existingModules()) {
    const contracts = `${MODULES}/${module}/contracts`;
    if (!existsSync(abs(contracts))) continue;
    for (const file of readdirSync(abs(contracts))) {
      if (!file.endsWith('.ts')) continue;
      const source = read(`${contracts}/${file}`);
      for (const match of source.matchAll(/static\s+readonly\s+type\s*=\s*['"]([^'"]+)['"]/g)) {
        types.set(match[1], `${contracts}/${file}`);
      }
    }
  }
  return types;
}

/**
 * Whether the module has a projector (its handler specs then turn the read view off).
 * @param {string} module
 */
function hasProjector(module) {
  return readdirSync(abs(`${MODULES}/${module}`), { recursive: true }).some((file) =>
    String(file).endsWith('.projection.ts'),
  );
}

/**
 * Adds a new file to the plan, and the .gitkeep files of its folders to remove.
 * @param {Plan} plan
 * @param {string} file
 * @param {string} content
 */
function create(plan, file, content) {
  if (existsSync(abs(file)))
    throw new GeneratorError(`${file} exists already; nothing was written`);
  plan.create.set(file, content);
  // g:module keeps its empty folders with a .gitkeep: gone once a folder has a file.
  for (let dir = path.posix.dirname(file); dir.startsWith(`${MODULES}/`);) {
    const keep = `${dir}/.gitkeep`;
    if (existsSync(abs(keep)) && !plan.remove.includes(keep)) plan.remove.push(keep);
    dir = path.posix.dirname(dir);
  }
}

/**
 * @param {string} module
 * @param {string} folder the handler's folder under the module, e.g. `commands/apply-discount`
 */
function refuseExisting(module, folder) {
  const dir = `${MODULES}/${module}/${folder}`;
  if (existsSync(abs(dir))) throw new GeneratorError(`${dir} exists already; nothing was written`);
}

/**
 * @param {string[]} positional
 * @param {Record<string, string>} options
 * @returns {Plan}
 */
function planCommand([moduleArg, nameArg], options) {
  const module = existingModule(moduleArg);
  const name = withoutRoleSuffix('command', kebab('command', nameArg), 'command');
  const event = withoutRoleSuffix(
    'event',
    kebab('event', options.event ?? `${name}-done`),
    'event',
  );
  refuseExisting(module, `commands/${name}`);
  const eventType = pascal(event);
  const inUse = eventTypesInUse().get(eventType);
  if (inUse) {
    throw new GeneratorError(
      `event type "${eventType}" is taken by ${inUse}: every kind of log entry has its own name; pass another --event`,
    );
  }

  const n = { module, name, event, hasProjector: hasProjector(module) };
  const dir = `${MODULES}/${module}/commands/${name}`;
  const plan = emptyPlan();
  create(plan, `${MODULES}/${module}/contracts/${event}.event.ts`, commandTemplates.eventFile(n));
  create(plan, `${dir}/${name}.command.ts`, commandTemplates.commandFile(n));
  create(plan, `${dir}/${name}.handler.ts`, commandTemplates.handlerFile(n));
  create(plan, `${dir}/${name}.request.ts`, commandTemplates.requestFile(n));
  create(plan, `${dir}/${name}.handler.spec.ts`, commandTemplates.handlerSpecFile(n));
  const handler = `${pascal(name)}Handler`;
  registerHandler(plan, module, handler, `./commands/${name}/${name}.handler.js`, 'commands');
  planRoute(plan, module, 'command', name, options);

  if (options.event === undefined) {
    plan.notes.push(
      `The event got the default name ${pascal(event)}Event: events are named in the past tense, so rename it or run again with --event <past-tense-name> (after deleting what was created).`,
    );
  }
  plan.notes.push(
    `Fill in the TODOs: the command's input, the domain change, the event's payload, the spec's rules.`,
    `Run its spec: npm test -- ${dir}`,
  );
  return plan;
}

/**
 * @param {string[]} positional
 * @param {Record<string, string>} options
 * @returns {Plan}
 */
function planQuery([moduleArg, nameArg], options) {
  const module = existingModule(moduleArg);
  const name = withoutRoleSuffix('query', kebab('query', nameArg), 'query');
  if (!/^(get|list)-./.test(name)) {
    throw new GeneratorError(
      `query name "${name}" must start with get- (one thing) or list- (a list), e.g. get-order-totals`,
    );
  }
  refuseExisting(module, `queries/${name}`);

  const n = { module, name };
  const dir = `${MODULES}/${module}/queries/${name}`;
  const plan = emptyPlan();
  create(plan, `${dir}/${name}.query.ts`, queryTemplates.queryFile(n));
  create(plan, `${dir}/${name}.handler.ts`, queryTemplates.handlerFile(n));
  create(plan, `${dir}/${name}.handler.spec.ts`, queryTemplates.handlerSpecFile(n));
  const handler = `${pascal(name)}Handler`;
  registerHandler(plan, module, handler, `./queries/${name}/${name}.handler.js`, 'queries');
  planRoute(plan, module, name.startsWith('list-') ? 'list' : 'get', name, options);

  plan.notes.push(
    `Fill in the TODOs: read this module's own table or view instead of the event log, and the spec.`,
    `Run its spec: npm test -- ${dir}`,
  );
  return plan;
}

/**
 * @param {string[]} positional
 * @returns {Plan}
 */
function planModule([nameArg]) {
  const name = withoutRoleSuffix('module', kebab('module', nameArg), 'module');
  const dir = `${MODULES}/${name}`;
  if (existsSync(abs(dir))) throw new GeneratorError(`${dir} exists already; nothing was written`);

  const plan = emptyPlan();
  create(plan, `${dir}/${name}.module.ts`, moduleTemplates.moduleFile(name));
  create(plan, `${dir}/${name}.controller.ts`, moduleTemplates.controllerFile(name));
  plan.directories.push(`${dir}/contracts`, `${dir}/domain`, `${dir}/commands`, `${dir}/queries`);
  const moduleClass = `${pascal(name)}Module`;
  plan.update.set(
    APP_MODULE,
    addAppModuleImport(
      read(APP_MODULE),
      moduleClass,
      `./modules/${name}/${name}.module.js`,
      APP_MODULE,
    ),
  );
  plan.notes.push(
    `${moduleClass} is imported by AppModule. Add its first command and query:
      npm run g:command -- ${name} <command> --event <event>
      npm run g:query -- ${name} get-<thing>`,
    `Its tables carry the module's prefix (${name.replace(/-/g, '_')}_...), created by a migration in src/migrations/.`,
  );
  return plan;
}

/**
 * The `@Access` rules of `--access` (comma-separated), staff when it is left out.
 * @param {string | undefined} option
 */
function accessRules(option = DEFAULT_ACCESS) {
  const rules = option.split(',').map((rule) => rule.trim());
  for (const rule of rules) {
    if (!ACCESS_RULES.includes(rule)) {
      throw new GeneratorError(
        `--access "${rule}" is not a rule; the rules are ${ACCESS_RULES.join(', ')} (comma-separated for several)`,
      );
    }
  }
  if (rules.includes('public') && rules.length > 1) {
    throw new GeneratorError(`--access public lets anyone in: it takes no other rule`);
  }
  return [...new Set(rules)];
}

/**
 * The path prefix of the controller, `''` for `@Controller()`.
 * @param {string} source
 * @param {string} file
 */
function controllerPrefix(source, file) {
  const match = /@Controller\(\s*(?:(['"])([^'"]*)\1)?\s*\)/.exec(source);
  if (!match) {
    throw new GeneratorError(
      `${file}: found no @Controller() or @Controller('<prefix>') to place the route under`,
    );
  }
  return (match[2] ?? '').replace(/^\/+|\/+$/g, '');
}

/**
 * The route's full path (`--path`, or the default) and the part that goes into the route
 * decorator (the controller's prefix left off).
 * @param {string} prefix the controller's prefix
 * @param {string} module
 * @param {'command' | 'get' | 'list'} kind
 * @param {string} name kebab-case
 * @param {string | undefined} option `--path`
 */
function routePath(prefix, module, kind, name, option) {
  const base = prefix || module;
  const thing = name.replace(/^(get|list)-/, '');
  const fallback = {
    command: `${base}/:id/${name}`,
    get: `${base}/:id/${thing}`,
    list: `${base}/${thing}`,
  }[kind];
  const full = (option ?? fallback).replace(/^\/+|\/+$/g, '');
  const segments = full.split('/');
  if (full === '' || !segments.every((segment) => /^([a-z0-9-]+|:id)$/.test(segment))) {
    throw new GeneratorError(
      `--path "${option}" is not a path of kebab-case segments and :id, e.g. ${fallback}`,
    );
  }
  const hasId = segments.includes(':id');
  if (kind !== 'list' && !hasId) {
    throw new GeneratorError(`--path "${full}" has no :id, which the ${kind} takes`);
  }
  if (kind === 'list' && hasId) {
    throw new GeneratorError(`--path "${full}": a list- query takes no :id`);
  }
  if (prefix && full !== prefix && !full.startsWith(`${prefix}/`)) {
    throw new GeneratorError(
      `--path "${full}" does not start with the controller's prefix "${prefix}/" (@Controller('${prefix}'))`,
    );
  }
  return { full, route: prefix ? full.slice(prefix.length + 1) : full };
}

/**
 * Plans the controller edit: the route (who may call it, its path, its OpenAPI decorators)
 * at the end of the module's controller class, its imports, and the bus it needs.
 * @param {Plan} plan
 * @param {string} module
 * @param {'command' | 'get' | 'list'} kind
 * @param {string} name
 * @param {Record<string, string>} options
 */
function planRoute(plan, module, kind, name, options) {
  const file = `${MODULES}/${module}/${module}.controller.ts`;
  if (!existsSync(abs(file))) {
    throw new GeneratorError(`${file} does not exist: the route goes into the module's controller`);
  }
  const source = read(file);
  const access = accessRules(options.access);
  const { full, route } = routePath(
    controllerPrefix(source, file),
    module,
    kind,
    name,
    options.path,
  );
  const n = { module, name, route, access };
  const generated =
    kind === 'command' ? routeTemplates.commandRoute(n) : routeTemplates.queryRoute(n);
  const verb = kind === 'command' ? 'Post' : 'Get';
  let edited = addRoute(source, { ...generated, verb, route, methodName: camel(name) }, file);
  for (const { name: imported, from } of generated.imports) {
    edited = addNamedImport(edited, imported, from);
  }
  plan.update.set(file, edited);
  plan.notes.push(
    `The route is in ${file}: ${verb.toUpperCase()} /${full}, @Access(${access.map((rule) => `'${rule}'`).join(', ')}). Fill in its TODO (the OpenAPI description and statuses), and add it to the README's API table.`,
  );
  if (access.includes('customer')) {
    plan.notes.push(
      `--access customer lets every customer in: narrow the route to the caller's own data (ownerScope or actingCustomer, as OrdersController does).`,
    );
  }
}

/**
 * Plans the module file edit: the handler's import and its line in the providers list.
 * @param {Plan} plan
 * @param {string} module
 * @param {string} handler
 * @param {string} from
 * @param {'commands' | 'queries'} section
 */
function registerHandler(plan, module, handler, from, section) {
  const file = `${MODULES}/${module}/${module}.module.ts`;
  const source = addProvider(read(file), handler, section, file);
  plan.update.set(file, addImport(source, handler, from));
}

/**
 * Formats every TypeScript file of the plan with the project's prettier and its config.
 * @param {Plan} plan
 */
async function format(plan) {
  const prettier = await import('prettier');
  for (const files of [plan.create, plan.update]) {
    for (const [file, content] of files) {
      if (!file.endsWith('.ts')) continue;
      const config = (await prettier.resolveConfig(abs(file))) ?? {};
      files.set(file, await prettier.format(content, { ...config, filepath: abs(file) }));
    }
  }
}

/**
 * Writes the plan: new files refuse to overwrite (`wx`), even one that appeared meanwhile.
 * @param {Plan} plan
 */
function write(plan) {
  for (const [file, content] of plan.create) {
    mkdirSync(path.dirname(abs(file)), { recursive: true });
    writeFileSync(abs(file), content, { flag: 'wx' });
    console.log(`created ${file}`);
  }
  for (const dir of plan.directories) {
    mkdirSync(abs(dir), { recursive: true });
    writeFileSync(abs(`${dir}/.gitkeep`), '', { flag: 'wx' });
    console.log(`created ${dir}/`);
  }
  for (const file of plan.remove) {
    rmSync(abs(file));
    console.log(`removed ${file} (its folder has a file now)`);
  }
  for (const [file, content] of plan.update) {
    writeFileSync(abs(file), content);
    console.log(`updated ${file}`);
  }
  if (plan.notes.length > 0)
    console.log(`\nNext:\n${plan.notes.map((note) => `- ${note}`).join('\n')}`);
}

/**
 * `<kind> <positional...> [--event <name> | --event=<name>]`
 * @param {string[]} argv
 */
function parseArgs(argv) {
  const [kind, ...rest] = argv;
  /** @type {string[]} */
  const positional = [];
  /** @type {Record<string, string>} */
  const options = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '-h' || arg === '--help') return { kind: 'help', positional, options };
    const option = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (option) {
      const [, key, inline] = option;
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith('--')) {
        throw new GeneratorError(`--${key} needs a value`);
      }
      options[key] = value;
    } else if (arg.startsWith('-')) {
      throw new GeneratorError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  return { kind, positional, options };
}

/** @type {Record<string, { arity: number, options: string[], plan: (positional: string[], options: Record<string, string>) => Plan }>} */
const GENERATORS = {
  command: { arity: 2, options: ['event', 'access', 'path'], plan: planCommand },
  query: { arity: 2, options: ['access', 'path'], plan: planQuery },
  module: { arity: 1, options: [], plan: planModule },
  projection: {
    arity: 2,
    options: ['events'],
    plan: (positional, options) =>
      planProjection(positional, options, {
        MODULES,
        abs,
        read,
        existingModule,
        emptyPlan,
        create,
      }),
  },
};

/** @param {string[]} argv */
async function main(argv) {
  const { kind, positional, options } = parseArgs(argv);
  if (kind === 'help' || kind === undefined) {
    console.log(USAGE);
    return;
  }
  const generator = GENERATORS[kind];
  if (!generator) throw new GeneratorError(`unknown generator "${kind}"`);
  if (positional.length > generator.arity) {
    throw new GeneratorError(`too many arguments: ${positional.slice(generator.arity).join(' ')}`);
  }
  for (const key of Object.keys(options)) {
    if (!generator.options.includes(key)) throw new GeneratorError(`unknown option --${key}`);
  }
  const plan = generator.plan(positional, options);
  await format(plan);
  write(plan);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof GeneratorError)) throw error;
  console.error(`error: ${error.message}\n\n${USAGE}`);
  process.exitCode = 1;
}
