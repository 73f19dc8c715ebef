/**
 * Code samples in the docs are copied from the compiled, tested source, never typed in, so
 * they cannot drift. In a Markdown file, a fenced code block right after
 *
 *   <!-- sample: src/path/file.ts#name -->
 *
 * holds the lines between `// #region name` and `// #endregion` in that file (dedented), or
 * the whole file without `#name`.
 *
 *   node tools/docs/samples.mjs           rewrites the samples of docs/*.md from the source
 *   node tools/docs/samples.mjs --check   exits 1, naming each sample that differs
 */
import console from 'node:console';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = /<!-- sample: ([^#\s]+)(?:#([\w-]+))? -->\n\n?([ ]*)```(\w*)\n([\s\S]*?)\n\s*```/g;

/**
 * @param {string} file root-relative
 * @param {string | undefined} region
 */
export function sampleOf(file, region) {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  if (!region) return source.trimEnd();
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// #endregion');
  if (start === -1 || end === -1) throw new Error(`${file} has no region "${region}"`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(
    ...body.filter((line) => line.trim()).map((line) => /^ */.exec(line)[0].length),
  );
  return body.map((line) => line.slice(indent)).join('\n');
}

/** @returns {{ doc: string, text: string, updated: string, stale: string[] }[]} */
export function docsWithSamples() {
  const docs = readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));
  return docs.map((name) => {
    const doc = `docs/${name}`;
    const text = readFileSync(path.join(ROOT, doc), 'utf8');
    /** @type {string[]} */
    const stale = [];
    const updated = text.replace(
      SAMPLE,
      /** @type {(block: string, file: string, region: string | undefined, indent: string, lang: string, code: string) => string} */
      (block, file, region, indent, lang, code) => {
        const sample = sampleOf(file, region);
        const indented = sample
          .split('\n')
          .map((line) => (line ? indent + line : line))
          .join('\n');
        const current = code
          .split('\n')
          .map((line) => line.slice(indent.length))
          .join('\n');
        if (current !== sample) stale.push(`${doc}: ${file}${region ? `#${region}` : ''}`);
        const marker = `<!-- sample: ${file}${region ? `#${region}` : ''} -->`;
        return `${marker}\n\n${indent}\`\`\`${lang}\n${indented}\n${indent}\`\`\``;
      },
    );
    return { doc, text, updated, stale };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { doc, text, updated, stale: samples } of docsWithSamples()) {
    stale += samples.length;
    for (const sample of samples) console.log(`${check ? 'stale' : 'updated'} ${sample}`);
    if (!check && updated !== text) writeFileSync(path.join(ROOT, doc), updated);
  }
  if (check && stale > 0) {
    console.log('run `npm run docs:samples` to copy them from the source');
    process.exitCode = 1;
  }
}
