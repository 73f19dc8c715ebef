import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyRepository, ROOT, run } from './support/repository-copy.js';
import { TEST_DB } from './support/test-database.js';

/**
 * docs/walkthrough-add-a-command.md, followed literally in a copy of the repository: its
 * `npm` commands run in order (the generator must print what the page shows), and each code
 * block that names a file (```ts path=<file> ...) is applied to that file as the page says:
 *
 * - `at=file`: the whole file;
 * - `at=end`: added at the end;
 * - `at=class-end`: added at the end of the (last) class;
 * - `at=imports`: its import statements merged into the file's;
 * - `before="<text>"`: added before the first line containing the text;
 * - `replace="<text>"`: replaces the member whose first line contains the text, through its
 *   closing brace at the same indentation;
 * - `line="<text>"`: replaces the one line containing the text.
 *
 * The page's last commands format, test and lint the result: they must all pass.
 */
const WALKTHROUGH = 'docs/walkthrough-add-a-command.md';

interface Block {
  lang: string;
  attributes: Record<string, string>;
  body: string;
}

/** The fenced blocks of a markdown text, in order, with the attributes of their info string. */
function blocksOf(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(\S*)([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    lang: match[1],
    attributes: Object.fromEntries(
      [...match[2].matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)].map((a) => [a[1], a[2] ?? a[3]]),
    ),
    body: match[3],
  }));
}

/** The `npm ...` commands of a sh block, comments left off. */
const npmCommands = (body: string) =>
  body
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npm '));

/** What a script printed, without npm's own `> package@version script` lines. */
const withoutNpmBanner = (output: string) =>
  output
    .split('\n')
    .filter((line) => !line.startsWith('> '))
    .join('\n')
    .trim();

const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)';$/gm;

/** Merges the import statements of `block` into `source`'s: names into a statement from the same path. */
function mergeImports(source: string, block: string): string {
  let result = source;
  for (const [, type = '', names, from] of block.matchAll(IMPORT)) {
    const existing = [...result.matchAll(IMPORT)].find(
      (match) => match[3] === from && (match[1] ?? '') === type,
    );
    if (existing) {
      const merged = `import ${type}{ ${existing[2].trim().replace(/,$/, '')}, ${names.trim().replace(/,$/, '')} } from '${from}';`;
      result = result.replace(existing[0], merged);
    } else {
      const imports = [...result.matchAll(/^import [\s\S]*? from '[^']+';$/gm)];
      const last = imports[imports.length - 1];
      const at = last.index + last[0].length;
      result = `${result.slice(0, at)}\nimport ${type}{ ${names.trim()} } from '${from}';${result.slice(at)}`;
    }
  }
  return result;
}

/** Applies one file block to its file, as its attributes say. */
function applyBlock(dir: string, { attributes, body }: Block): void {
  const file = path.join(dir, attributes.path);
  if (attributes.at === 'file') return writeFileSync(file, body);
  const source = readFileSync(file, 'utf8');
  const lines = source.split('\n');
  const lineWith = (text: string) => {
    const index = lines.findIndex((line) => line.includes(text));
    if (index === -1) throw new Error(`${attributes.path} has no line with ${text}`);
    return index;
  };
  let result: string;
  if (attributes.at === 'end') {
    result = `${source.trimEnd()}\n\n${body}`;
  } else if (attributes.at === 'class-end') {
    const close = source.lastIndexOf('}');
    result = `${source.slice(0, close).trimEnd()}\n\n${body}${source.slice(close)}`;
  } else if (attributes.at === 'imports') {
    result = mergeImports(source, body);
  } else if (attributes.before !== undefined) {
    const at = lineWith(attributes.before);
    lines.splice(at, 0, body.trimEnd());
    result = lines.join('\n');
  } else if (attributes.line !== undefined) {
    lines.splice(lineWith(attributes.line), 1, body.trimEnd());
    result = lines.join('\n');
  } else if (attributes.replace !== undefined) {
    const start = lineWith(attributes.replace);
    const indent = /^\s*/.exec(lines[start])?.[0] ?? '';
    const end = lines.findIndex((line, i) => i > start && line === `${indent}}`);
    if (end === -1) throw new Error(`${attributes.path}: no closing brace after line ${start + 1}`);
    // A member's decorators and JSDoc stay above the line named, unless the block has them.
    lines.splice(start, end - start + 1, body.trimEnd());
    result = lines.join('\n');
  } else {
    throw new Error(`${attributes.path}: a block without at=, before=, line= or replace=`);
  }
  writeFileSync(file, result);
}

// Nothing here depends on the database: the page's own tests run on SQLite, like every
// handler spec. Under TEST_DB=postgres it would only repeat itself.
const describeOnSqlite = TEST_DB === 'postgres' ? describe.skip : describe;

describeOnSqlite(`the walkthrough (${WALKTHROUGH}), followed literally`, () => {
  let dir: string;
  let remove = () => {};
  const blocks = blocksOf(readFileSync(path.join(ROOT, WALKTHROUGH), 'utf8'));

  beforeAll(() => {
    ({ dir, remove } = copyRepository('nest-cqrs-walkthrough-'));
  });
  afterAll(() => remove());

  it('has commands to run and file blocks to apply', () => {
    const commands = blocks.filter((b) => b.lang === 'sh').flatMap((b) => npmCommands(b.body));
    expect(commands).toEqual(
      expect.arrayContaining([expect.stringMatching(/^npm run g:command -- /), 'npm run lint']),
    );
    expect(blocks.filter((b) => b.attributes.path).length).toBeGreaterThan(10);
  });

  it('runs: the generator prints what the page shows, and the result formats, passes its tests and lints', async () => {
    for (const [i, block] of blocks.entries()) {
      if (block.attributes.path) {
        applyBlock(dir, block);
        continue;
      }
      if (block.lang !== 'sh') continue;
      for (const command of npmCommands(block.body)) {
        const [, ...args] = command.split(/\s+/);
        const result = await run(dir, 'npm', args);
        const failure = result.code === 0 ? '' : result.output;
        expect({ command, code: result.code, failure }).toEqual({ command, code: 0, failure: '' });
        // A generator's output is shown in the text block right after its command.
        const next = blocks[i + 1];
        if (command.startsWith('npm run g:') && next?.lang === 'text') {
          expect(withoutNpmBanner(result.output)).toBe(next.body.trim());
        }
      }
    }
  }, 900_000);
});
