// Re-renders the chart and the markdown summary of results files:
// node bench/chart.mjs bench/results/<date>-<db>.json [...]
import { readFileSync, writeFileSync } from 'node:fs';
import { renderReadsChart } from './lib/chart.mjs';
import { evaluateTargets, markdown } from './lib/report.mjs';

for (const path of process.argv.slice(2)) {
  const results = JSON.parse(readFileSync(path, 'utf8'));
  results.targets = evaluateTargets(results);
  writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
  const svg = path.replace(/\.json$/, '-reads.svg');
  await renderReadsChart(results, svg);
  writeFileSync(path.replace(/\.json$/, '.md'), markdown(results, svg.split('/').at(-1)));
  console.log(`wrote ${svg} and the .md`);
}
