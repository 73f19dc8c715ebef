/**
 * Textual edits of a module file and of app.module.ts. They find their place by the shape
 * prettier leaves (`providers: [`, the `// commands` / `// queries` comments, `imports: [`),
 * fail with a GeneratorError instead of guessing, and leave layout to prettier afterwards.
 */
import { GeneratorError } from './names.mjs';

/** One `import ... from '...';` statement (several lines allowed; side-effect imports skipped). */
const IMPORT = /^import\s(?:[^;'"]|\n)*?from\s+(['"])([^'"]+)\1;?[ \t]*(?:\n|$)/gm;

/**
 * The import statements of a file, in order.
 * @param {string} source
 */
function importsOf(source) {
  return [...source.matchAll(IMPORT)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    text: match[0],
    from: match[2],
  }));
}

/**
 * Adds `import { name } from 'from';` in path order among its kind (packages first, then
 * relative paths: the order the files keep).
 * @param {string} source
 * @param {string} name
 * @param {string} from
 */
export function addImport(source, name, from) {
  const statement = `import { ${name} } from '${from}';\n`;
  const imports = importsOf(source);
  const isRelative = (/** @type {string} */ path) => path.startsWith('.');
  const sameKind = imports.filter((i) => isRelative(i.from) === isRelative(from));
  const after = sameKind.find((i) => i.from > from);
  let at = 0;
  if (after) at = after.start;
  else if (sameKind.length > 0) at = sameKind[sameKind.length - 1].end;
  else if (!isRelative(from) && imports.length > 0) at = imports[0].start;
  else if (imports.length > 0) at = imports[imports.length - 1].end;
  return source.slice(0, at) + statement + source.slice(at);
}

/**
 * If a comment or string literal starts at `i`, the index of its last character; else `i`.
 * @param {string} source
 * @param {number} i
 */
function skipCommentOrString(source, i) {
  const c = source[i];
  if (c === '/' && source[i + 1] === '/') {
    const eol = source.indexOf('\n', i);
    return eol === -1 ? source.length : eol - 1;
  }
  if (c === '/' && source[i + 1] === '*') {
    const close = source.indexOf('*/', i + 2);
    return close === -1 ? source.length : close + 1;
  }
  if (c === "'" || c === '"' || c === '`') {
    let j = i + 1;
    for (; j < source.length && source[j] !== c; j++) if (source[j] === '\\') j++;
    return j;
  }
  return i;
}

/**
 * Where the bracket opened at `open` closes, skipping strings and comments.
 * @param {string} source
 * @param {number} open index of `[`, `(` or `{`
 */
function closingBracket(source, open) {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const skipped = skipCommentOrString(source, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = source[i];
    if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new GeneratorError(`unbalanced brackets after offset ${open}`);
}

/**
 * The `name: [ ... ]` array after `after` (the part between the brackets).
 * @param {string} source
 * @param {string} name e.g. `providers`
 * @param {string} file for messages
 * @param {number} [after]
 */
function arrayProperty(source, name, file, after = 0) {
  const match = new RegExp(`\\b${name}\\s*:\\s*\\[`).exec(source.slice(after));
  if (!match) throw new GeneratorError(`${file}: found no "${name}: [" list`);
  const open = after + match.index + match[0].length - 1;
  return { start: open + 1, end: closingBracket(source, open) };
}

/**
 * Registers `className` in the `@Module` providers list, as the last entry under the
 * `// commands` or `// queries` comment (a section ends at the next comment line or at `]`).
 * @param {string} source the module file
 * @param {string} className
 * @param {'commands' | 'queries'} section
 * @param {string} file for messages
 */
export function addProvider(source, className, section, file) {
  const decorator = source.indexOf('@Module(');
  if (decorator === -1) throw new GeneratorError(`${file}: found no @Module(...)`);
  const { start, end } = arrayProperty(source, 'providers', file, decorator);
  const list = source.slice(start, end);
  if (new RegExp(`(^|[^\\w$])${className}([^\\w$]|$)`).test(list)) {
    throw new GeneratorError(`${file}: ${className} is registered already`);
  }
  const lines = list.split('\n');
  const marker = lines.findIndex((line) => new RegExp(`^\\s*//\\s*${section}\\b`).test(line));
  if (marker === -1) {
    throw new GeneratorError(
      `${file}: the providers list has no "// ${section}" comment; add it where ${section} go, then run the generator again`,
    );
  }
  const indent = /^\s*/.exec(lines[marker])?.[0] ?? '';
  let next = marker + 1;
  while (next < lines.length && !/^\s*\/\//.test(lines[next])) next++;
  // The section's last entry: its last non-blank line (the list's own last line is the
  // indentation before `]`).
  let last = next - 1;
  while (last > marker && lines[last].trim() === '') last--;
  if (last > marker) {
    const [code, comment = ''] = splitLineComment(lines[last]);
    if (!code.trimEnd().endsWith(',')) lines[last] = `${code.trimEnd()},${comment}`;
  } else {
    // An empty section; the entry before the marker (another section's last) needs a comma too.
    let previous = marker - 1;
    while (previous >= 0 && (lines[previous].trim() === '' || /^\s*\/\//.test(lines[previous])))
      previous--;
    if (previous >= 0 && lines[previous].trim() !== '') {
      const [code, comment = ''] = splitLineComment(lines[previous]);
      if (!code.trimEnd().endsWith(',')) lines[previous] = `${code.trimEnd()},${comment}`;
    }
  }
  lines.splice(last + 1, 0, `${indent}${className},`);
  return source.slice(0, start) + lines.join('\n') + source.slice(end);
}

/**
 * `Foo, // why` -> [`Foo,`, ` // why`]; a line without a comment -> [line].
 * @param {string} line
 * @returns {[string, string?]}
 */
function splitLineComment(line) {
  const at = line.indexOf('//');
  return at === -1 ? [line] : [line.slice(0, at), ` ${line.slice(at)}`];
}

/**
 * Adds `moduleName` to the AppModule's `imports: [...]`, after the last feature module
 * (one imported from `./modules/`), or at the end of the list if there is none yet.
 * @param {string} source app.module.ts
 * @param {string} moduleName e.g. `FooModule`
 * @param {string} from e.g. `./modules/foo/foo.module.js`
 * @param {string} file for messages
 */
export function addAppModuleImport(source, moduleName, from, file) {
  if (new RegExp(`\\b${moduleName}\\b`).test(source)) {
    throw new GeneratorError(`${file}: ${moduleName} is there already`);
  }
  const featureModules = new Set(
    importsOf(source)
      .filter((i) => i.from.startsWith('./modules/'))
      .flatMap((i) => /\{([^}]*)\}/.exec(i.text)?.[1].split(',') ?? [])
      .map((name) => name.replace(/^\s*type\s+/, '').trim())
      .filter(Boolean),
  );
  const decorator = source.search(/@Module\(|\bmodule:\s*AppModule\b/);
  const { start, end } = arrayProperty(source, 'imports', file, Math.max(decorator, 0));

  // Find the last entry of the list that is a feature module.
  let insertAt = -1;
  let indent = '';
  let depth = 0;
  for (let i = start; i < end; i++) {
    const skipped = skipCommentOrString(source, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = source[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && /[A-Za-z_$]/.test(c) && !/[\w$.]/.test(source[i - 1])) {
      const name = /^[\w$]+/.exec(source.slice(i))?.[0] ?? '';
      if (featureModules.has(name)) {
        // The end of the entry: the comma after it at depth 0 (or `end` for a last entry
        // without one); `XModule.forRoot(...)` over several lines included.
        let j = i + name.length;
        for (let d = 0; j < end; j++) {
          const s = skipCommentOrString(source, j);
          if (s !== j) {
            j = s;
            continue;
          }
          const cj = source[j];
          if (cj === '(' || cj === '[' || cj === '{') d++;
          else if (cj === ')' || cj === ']' || cj === '}') d--;
          else if (cj === ',' && d === 0) break;
        }
        insertAt = j;
        indent = /[ \t]*$/.exec(source.slice(0, i))?.[0] ?? '';
      }
      i += name.length - 1;
    }
  }

  let result;
  if (insertAt !== -1 && insertAt < end) {
    result = `${source.slice(0, insertAt + 1)}\n${indent}${moduleName},${source.slice(insertAt + 1)}`;
  } else if (insertAt === end) {
    result = `${source.slice(0, end).trimEnd()},\n${indent}${moduleName},\n${source.slice(end)}`;
  } else {
    const body = source.slice(start, end);
    const sep = body.trim() === '' || body.trimEnd().endsWith(',') ? '' : ',';
    result = `${source.slice(0, start)}${body.trimEnd()}${sep}\n${moduleName},\n${source.slice(end)}`;
  }
  return addImport(result, moduleName, from);
}

/**
 * Adds `name` to the `import { ... } from 'from'` statement of the file (a value import,
 * not `import type`), or a new statement when there is none; nothing when it is there.
 * @param {string} source
 * @param {string} name
 * @param {string} from
 */
export function addNamedImport(source, name, from) {
  const existing = importsOf(source).find(
    (i) => i.from === from && !/^import\s+type\s/.test(i.text) && /\{[^}]*\}/.test(i.text),
  );
  if (!existing) return addImport(source, name, from);
  const names = (/\{([^}]*)\}/.exec(existing.text)?.[1] ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.some((n) => n === name || n === `type ${name}`)) return source;
  // In alphabetical order, as the files keep their names.
  const key = (/** @type {string} */ n) => n.replace(/^type\s+/, '').toLowerCase();
  const at = names.findIndex((n) => key(n) > key(name));
  names.splice(at === -1 ? names.length : at, 0, name);
  const text = existing.text.replace(/\{[^}]*\}/, `{ ${names.join(', ')} }`);
  return source.slice(0, existing.start) + text + source.slice(existing.end);
}

/**
 * Adds a route method at the end of the controller class, and the bus it uses to the
 * constructor (creating the constructor if the class has none). Refuses a route that is
 * there already (same verb and path) or a method name in use.
 * @param {string} source the controller file
 * @param {{ method: string, bus: 'commandBus' | 'queryBus', verb: string, route: string, methodName: string }} route
 * @param {string} file for messages
 */
export function addRoute(source, route, file) {
  const decorator = source.indexOf('@Controller(');
  if (decorator === -1) throw new GeneratorError(`${file}: found no @Controller(...)`);
  const classMatch = /\bclass\s+\w+[^{]*\{/.exec(source.slice(decorator));
  if (!classMatch) throw new GeneratorError(`${file}: found no class after @Controller`);
  const open = decorator + classMatch.index + classMatch[0].length - 1;
  const close = closingBracket(source, open);
  const body = source.slice(open + 1, close);

  const verbAndPath = new RegExp(
    `@${route.verb}\\(\\s*${route.route === '' ? '' : `['"]${route.route}['"]`}\\s*\\)`,
  );
  if (verbAndPath.test(body)) {
    throw new GeneratorError(
      `${file}: it has a @${route.verb}(${route.route === '' ? '' : `'${route.route}'`}) route already; pass another --path`,
    );
  }
  if (new RegExp(`^\\s*(async\\s+)?${route.methodName}\\s*\\(`, 'm').test(body)) {
    throw new GeneratorError(`${file}: the controller has a method ${route.methodName} already`);
  }

  const busType = route.bus === 'commandBus' ? 'CommandBus' : 'QueryBus';
  const injected = new RegExp(`(\\w+)\\s*:\\s*${busType}\\b`).exec(body);
  let method = route.method;
  let newBody = body;
  if (injected) {
    // The controller names its bus differently: use its name.
    method = method.replaceAll(`this.${route.bus}.`, `this.${injected[1]}.`);
  } else {
    const parameter = `private readonly ${route.bus}: ${busType}`;
    const constructor = /\bconstructor\s*\(/.exec(body);
    if (constructor) {
      // After the parameters it has: the command bus stays first, as in every controller.
      const openParen = constructor.index + constructor[0].length - 1;
      const closeParen = closingBracket(body, openParen);
      const parameters = body.slice(openParen + 1, closeParen).trimEnd();
      const separator = parameters.trim() === '' || parameters.endsWith(',') ? '' : ',';
      newBody = `${body.slice(0, openParen + 1)}${parameters}${separator} ${parameter}${body.slice(closeParen)}`;
    } else {
      newBody = `\n  constructor(${parameter}) {}\n${body}`;
    }
  }
  const result = `${source.slice(0, open + 1)}${newBody.trimEnd()}\n${method}${source.slice(close)}`;
  return injected ? result : addNamedImport(result, busType, '@nestjs/cqrs');
}
