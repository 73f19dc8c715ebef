// Targets of issue 5 as ratios of one run, and the markdown summary.
const pct = (x) => `${Math.round(x * 100)}%`;
const x = (r) => `${r.toFixed(2)}x`;

export function evaluateTargets(r) {
  const heaviest = r.reads.reduce((a, b) =>
    a.ordersPerCustomer * a.linesPerOrder >= b.ordersPerCustomer * b.linesPerOrder ? a : b,
  );
  const targets = [];
  const viewVsBaseline = heaviest.view.rps / heaviest.baseline.rps;
  targets.push({
    name: `read view >= 3x the plain-TypeORM baseline on the heaviest shape (${heaviest.shape})`,
    actual: `${x(viewVsBaseline)} (${heaviest.view.rps} vs ${heaviest.baseline.rps} req/s)`,
    met: viewVsBaseline >= 3,
  });
  const worstVsBare = Math.min(...r.reads.map((row) => row.view.rps / r.bare.rps));
  const bestVsBare = Math.max(...r.reads.map((row) => row.view.rps / r.bare.rps));
  targets.push({
    name: "read view >= 40% of the bare route's requests/s (every shape)",
    actual: `${pct(worstVsBare)} to ${pct(bestVsBare)} (bare ${r.bare.rps} req/s)`,
    met: worstVsBare >= 0.4,
  });
  const w64 = r.writes.app[64];
  const raw64 = r.writes.raw[64];
  targets.push({
    name: 'POST /orders >= 75% of the raw-driver write ceiling at concurrency 64, 0 non-2xx',
    actual: `${pct(w64.rps / raw64.rps)} (${w64.rps} vs ${raw64.rps} req/s), ${w64.non2xx} non-2xx, ${w64.errors} errors`,
    met: w64.rps / raw64.rps >= 0.75 && w64.non2xx === 0 && w64.errors === 0,
  });
  targets.push({
    name: 'projection lag p99 <= 50 ms with writes at concurrency 16',
    actual: `p50 ${r.lag.p50} ms, p99 ${r.lag.p99} ms (${r.lag.samples} writes)`,
    met: r.lag.p99 !== null && r.lag.p99 <= 50,
  });
  if (r.db === 'sqlite') {
    const full = r.writes.app[64];
    const normal = r.writes.appNormal[64];
    const rawFull = r.writes.raw[64];
    targets.push({
      name: 'SQLite: POST /orders with synchronous=FULL and group commit >= the raw driver with FULL (one transaction per request) at concurrency 64',
      actual: `${x(full.rps / rawFull.rps)} (${full.rps} vs ${rawFull.rps} req/s)`,
      met: full.rps >= rawFull.rps,
    });
    targets.push({
      name: 'SQLite: durability (FULL) costs <= 10% against the app with NORMAL at concurrency 64',
      actual: `${pct(1 - full.rps / normal.rps)} (${full.rps} vs ${normal.rps} req/s)`,
      met: full.rps >= 0.9 * normal.rps,
    });
    const health = r.overload.health;
    targets.push({
      name: 'SQLite: GET /health on fresh connections, p99 <= 100 ms while 256 writers run',
      actual: `p50 ${health.p50} ms, p99 ${health.p99} ms, max ${health.max} ms (${health.probes} probes over ${health.seconds} s, ${health.probesNot200} not 200)`,
      met: health.p99 !== null && health.p99 <= 100 && health.probesNot200 === 0,
    });
    targets.push({
      name: 'rebuild >= 20,000 events/s on SQLite',
      actual: `${r.rebuild.eventsPerSecond} events/s (${r.rebuild.events} events)`,
      met: r.rebuild.eventsPerSecond >= 20000,
    });
  }
  // Judged on the dispatch cost (a no-op handler via the bus minus called directly) as a share
  // of the real handler's time: the difference of two real-handler timings is below the noise.
  const bus = Math.max(r.bus.query.dispatchPct, r.bus.command.dispatchPct);
  targets.push({
    name: 'bus overhead <= 2%',
    actual: `dispatch ${r.bus.query.dispatchUs} µs = ${r.bus.query.dispatchPct}% of GetCustomerOrders (${r.bus.query.directUs} µs), ${r.bus.command.dispatchUs} µs = ${r.bus.command.dispatchPct}% of PlaceOrder (${r.bus.command.directUs} µs); real handlers via bus vs direct: ${r.bus.query.overheadPct}% / ${r.bus.command.overheadPct}% (noise)`,
    met: bus <= 2,
  });
  targets.push({
    name: 'start-up <= 1.5 s',
    actual: `${r.startup.appMs} ms (spawn to first HTTP answer; read apps: ${r.startup.viewAppMs.join(', ')} ms)`,
    met: Math.max(r.startup.appMs, ...r.startup.viewAppMs) <= 1500,
  });
  if (r.cliStart) {
    targets.push({
      name: 'a CLI starts in about a second (<= 1.2 s)',
      actual: `${r.cliStart.ms} ms (projections:rebuild on an empty log, spawn to exit, median of ${r.cliStart.runs.join(', ')} ms)`,
      met: r.cliStart.ms <= 1200,
    });
  }
  const small = r.writes.optimizeForSize;
  targets.push({
    name: 'resident memory <= 150 MB under load',
    actual:
      `${r.memory.maxRssUnderLoadMb} MB max` +
      (small
        ? `; with node --optimize-for-size ${small.rssMb} MB at POST c64, ${small.rps} req/s (${pct(small.rps / r.writes.app[64].rps)} of the default)`
        : ''),
    met: r.memory.maxRssUnderLoadMb <= 150,
  });
  return targets;
}

export function markdown(r, chart) {
  const db = r.db === 'sqlite' ? 'SQLite' : `PostgreSQL ${r.machine.postgres ?? ''}`;
  const lines = [];
  lines.push(
    `# Benchmark ${r.date.slice(0, 10)}: ${db}${r.quick ? ' (quick smoke run: numbers not meaningful)' : ''}`,
  );
  lines.push('');
  lines.push(
    `Machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, Node ${r.machine.node}, ${r.machine.platform}; load average at the start ${r.machine.loadavgAtStart}, at the end ${r.machine.loadavgAtEnd}. ` +
      `autocannon in the same machine as the server, ${r.durationSeconds} s per measurement after ${r.warmupSeconds} s warm-up; reads at ${r.readConnections} connections, random customers, first page (${r.pageSize} orders).`,
  );
  lines.push('');
  lines.push('## Targets');
  lines.push('');
  lines.push('| target | measured | |');
  lines.push('|---|---|---|');
  for (const t of r.targets)
    lines.push(`| ${t.name} | ${t.actual} | ${t.met ? 'met' : '**missed**'} |`);
  lines.push('');
  lines.push('## Reads: GET /customers/:id/orders');
  lines.push('');
  lines.push(`![reads](${chart})`);
  lines.push('');
  lines.push(
    '| orders/customer x lines/order | orders, lines | view req/s (p50/p99 ms) | join req/s (p50/p99) | baseline req/s (p50/p99) | raw view page req/s (p50/p99) | view/join | view/baseline | view/raw page | view/bare |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of r.reads) {
    const cell = (v) => `${v.rps} (${v.p50}/${v.p99})${v.non2xx ? `, ${v.non2xx} non-2xx` : ''}`;
    lines.push(
      `| ${row.ordersPerCustomer} x ${row.linesPerOrder} | ${row.orders}, ${row.lines} | ${cell(row.view)} | ${cell(row.join)} | ${cell(row.baseline)} | ${row.rawView ? cell(row.rawView) : '-'} | ${x(row.view.rps / row.join.rps)} | ${x(row.view.rps / row.baseline.rps)} | ${row.rawView ? pct(row.view.rps / row.rawView.rps) : '-'} | ${pct(row.view.rps / r.bare.rps)} |`,
    );
  }
  lines.push('');
  lines.push(
    `Bare route (no database, same Fastify stack): ${r.bare.rps} req/s, p50 ${r.bare.p50} ms, p99 ${r.bare.p99} ms. ` +
      'Raw view page: the same page read from the view with one prepared statement on the driver and served as JSON text, on the same stack, with no authentication, buses, checkpoint check or logs (`bench/ceiling/`).',
  );
  lines.push('');
  lines.push('## Writes: POST /orders (3 lines) against the raw-driver ceiling');
  lines.push('');
  lines.push(
    '| concurrency | POST /orders req/s | p50 ms | p99 ms | non-2xx | raw driver req/s | p50 | p99 | app/raw |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const c of Object.keys(r.writes.app)) {
    const a = r.writes.app[c];
    const w = r.writes.raw[c];
    lines.push(
      `| ${c} | ${a.rps} | ${a.p50} | ${a.p99} | ${a.non2xx + a.errors} | ${w.rps} | ${w.p50} | ${w.p99} | ${pct(a.rps / w.rps)} |`,
    );
  }
  if (r.writes.appNormal) {
    lines.push('');
    lines.push(
      'SQLite, side by side: the app (group commit) and the raw driver (one transaction per request), each with `synchronous=FULL` (the default: an acknowledged write survives a power cut) and `NORMAL`. req/s (p50/p99 ms):',
    );
    lines.push('');
    lines.push(
      '| concurrency | app FULL | app NORMAL | raw FULL | raw NORMAL | app FULL / raw FULL | FULL / NORMAL (app) |',
    );
    lines.push('|---|---|---|---|---|---|---|');
    const cell = (v) =>
      `${v.rps} (${v.p50}/${v.p99})${v.non2xx + v.errors ? `, ${v.non2xx + v.errors} non-2xx` : ''}`;
    for (const c of Object.keys(r.writes.app)) {
      const w = r.writes;
      lines.push(
        `| ${c} | ${cell(w.app[c])} | ${cell(w.appNormal[c])} | ${cell(w.raw[c])} | ${cell(w.rawNormal[c])} | ${x(w.app[c].rps / w.raw[c].rps)} | ${pct(w.app[c].rps / w.appNormal[c].rps)} |`,
      );
    }
  }
  if (r.overload) {
    const o = r.overload;
    lines.push('');
    lines.push('## SQLite under overload');
    lines.push('');
    lines.push(
      `GET /health on a fresh connection every 50 ms while 256 writers run for ${o.health.seconds} s: p50 ${o.health.p50} ms, p99 ${o.health.p99} ms, max ${o.health.max} ms (${o.health.probes} probes, ${o.health.probesNot200} not 200); writes meanwhile ${o.health.writesPerSecond} req/s.`,
    );
    lines.push('');
    lines.push(
      '| 1,024 writers | req/s | p50 ms | p99 ms | max ms | acknowledged | 503 | other non-2xx | client timeouts (10 s) | RSS MB | /health p50 / p99 ms (not 200) |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const c of o.c1024) {
      lines.push(
        `| ${c.label} | ${c.rps} | ${c.p50} | ${c.p99} | ${c.max} | ${c.acknowledged} | ${c.refused503} | ${c.otherNon2xx} | ${c.timeouts} | ${c.rssMb} | ${c.healthP50} / ${c.healthP99} (${c.healthNot200}) |`,
      );
    }
    if (o.fsync) {
      lines.push('');
      lines.push(
        'fsync/fdatasync calls per acknowledged write (`strace -f -e trace=fsync,fdatasync` attached to the app, 16 writers): ' +
          o.fsync
            .map(
              (f) =>
                `synchronous=${f.synchronous}: ${f.fsyncCalls} calls for ${f.acknowledged} writes = ${f.perWrite}`,
            )
            .join('; ') +
          '. With FULL every commit group is synced before any of its writes is answered.',
      );
    }
  }
  lines.push('');
  lines.push(
    `Projection lag at concurrency 16 (201 answer to checkpoint past its position, polled every ~1 ms): p50 ${r.lag.p50} ms, p99 ${r.lag.p99} ms, max ${r.lag.max} ms over ${r.lag.samples} writes.`,
  );
  lines.push('');
  lines.push(
    `Rebuild: ${r.rebuild.events} events in ${r.rebuild.seconds} s = **${r.rebuild.eventsPerSecond} events/s** (OrderPlaced with ${r.rebuild.linesPerOrder} lines).`,
  );
  lines.push('');
  lines.push(
    `Buses (in-process, best of ${r.bus.rounds} rounds of ${r.bus.iterations} calls): GetCustomerOrders ${r.bus.query.busUs} µs via QueryBus vs ${r.bus.query.directUs} µs direct (${r.bus.query.overheadPct}%); PlaceOrder ${r.bus.command.busUs} µs via CommandBus vs ${r.bus.command.directUs} µs direct (${r.bus.command.overheadPct}%). The dispatch alone (a no-op handler via the bus, with the app's bus instrumentation, minus called directly, 20,000 calls per round): ${r.bus.query.dispatchUs} µs per query, ${r.bus.command.dispatchUs} µs per command.`,
  );
  lines.push('');
  lines.push(
    `Start-up (spawn to first HTTP answer): ${r.startup.appMs} ms.` +
      (r.cliStart
        ? ` A CLI (projections:rebuild on an empty log, spawn to exit): ${r.cliStart.ms} ms, median of ${r.cliStart.runs.join(', ')} ms.`
        : '') +
      ` Resident memory, max under load: ${r.memory.maxRssUnderLoadMb} MB` +
      (r.writes.optimizeForSize
        ? `; the app under \`node --optimize-for-size\`, POST /orders at c64: ${r.writes.optimizeForSize.rssMb} MB, ${r.writes.optimizeForSize.rps} req/s (default: ${r.writes.app[64].rssMb} MB, ${r.writes.app[64].rps} req/s).`
        : '.'),
  );
  lines.push('');
  return lines.join('\n');
}
