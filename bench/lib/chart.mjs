// Renders the read chart from a results object with vega-lite -> vega -> SVG (no browser).
import { writeFileSync } from 'node:fs';
import * as vega from 'vega';
import { compile } from 'vega-lite';

const LABELS = {
  view: 'read view (CQRS)',
  join: 'join (READ_VIEW=false)',
  baseline: 'plain TypeORM + Express',
};

/** The ceiling for the page (raw driver, no framework) is in the table, not the bars: it would dwarf them. */
function rawViewRange(results) {
  const rps = results.reads.map((row) => row.rawView?.rps).filter((value) => value !== undefined);
  return rps.length ? `; raw view page: ${Math.min(...rps)} to ${Math.max(...rps)} req/s` : '';
}

export async function renderReadsChart(results, path) {
  const values = results.reads.flatMap((row) =>
    Object.keys(LABELS).map((variant) => ({
      shape: `${row.ordersPerCustomer} x ${row.linesPerOrder}`,
      variant: LABELS[variant],
      rps: row[variant].rps,
    })),
  );
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `GET /customers/:id/orders on ${results.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: requests/s by data shape`,
      subtitle: `${results.date.slice(0, 10)}, ${results.machine.cpus} cores, Node ${results.machine.node}, ${results.readConnections} connections, page of ${results.pageSize}; bare route: ${results.bare.rps} req/s${rawViewRange(results)}`,
    },
    width: 110,
    height: 260,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      column: {
        field: 'shape',
        type: 'nominal',
        title: 'orders per customer x lines per order',
        sort: [...new Set(values.map((v) => v.shape))],
      },
      x: {
        field: 'variant',
        type: 'nominal',
        axis: { labels: false, ticks: false, title: null },
        sort: Object.values(LABELS),
      },
      y: { field: 'rps', type: 'quantitative', title: 'requests/s' },
      color: {
        field: 'variant',
        type: 'nominal',
        title: null,
        sort: Object.values(LABELS),
        legend: { orient: 'bottom', labelLimit: 400 },
      },
    },
    config: { font: 'sans-serif' },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  writeFileSync(path, await view.toSVG());
  await view.finalize();
}
