import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { WriteQueue } from '../database/write-queue.js';
import { ReplicaLag } from '../database/replica-lag.js';
import { ProjectionStatusReader } from '../projections/projection-status.reader.js';

export type Outcome = 'ok' | 'rejected' | 'error';

/**
 * The app's Prometheus metrics, in a registry of its own (so several apps in one process,
 * as in the tests, never collide). Log and projection gauges are read at scrape time.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly messages = new Histogram({
    name: 'cqrs_message_duration_seconds',
    help: 'Commands and queries handled, by kind, name and outcome (ok, rejected: a 4xx, error: a bug)',
    labelNames: ['kind', 'name', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  private readonly http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(projections: ProjectionStatusReader, writeQueue: WriteQueue, replicaLag: ReplicaLag) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'write_queue_waiting',
      help: "Writes waiting for SQLite's single writer (always 0 on PostgreSQL)",
      registers: [this.registry],
      collect() {
        this.set(writeQueue.waiting);
      },
    });
    let shedReported = 0;
    new Counter({
      name: 'write_queue_shed_total',
      help: 'Writes answered 503 because the SQLite write queue was full or too slow',
      registers: [this.registry],
      collect() {
        this.inc(writeQueue.shedCount - shedReported);
        shedReported = writeQueue.shedCount;
      },
    });
    const statuses = () => projections.all();
    new Gauge({
      name: 'event_log_head_position',
      help: 'Position of the newest event in the event log',
      registers: [this.registry],
      async collect() {
        const [first] = await statuses();
        this.set(first?.headPosition ?? 0);
      },
    });
    new Gauge({
      name: 'projection_position',
      help: 'Last event position applied by each projection (its checkpoint)',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        for (const status of await statuses())
          this.set({ projection: status.name }, status.position);
      },
    });
    new Gauge({
      name: 'projection_lag_events',
      help: 'Events in the log not yet applied by each projection',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        for (const status of await statuses()) this.set({ projection: status.name }, status.lag);
      },
    });
    new Gauge({
      name: 'projection_lag_seconds',
      help: 'Age of the oldest event not yet applied by each projection',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        for (const status of await statuses())
          this.set({ projection: status.name }, status.lagMs / 1000);
      },
    });
    new Gauge({
      name: 'read_database_lag_events',
      help: 'Events in the log on the primary that the read database (a replica) lacks',
      registers: [this.registry],
      async collect() {
        this.set((await replicaLag.measure()).lag);
      },
    });
    new Gauge({
      name: 'read_database_lag_seconds',
      help: 'Age, on the primary, of the oldest event the read database (a replica) lacks',
      registers: [this.registry],
      async collect() {
        this.set((await replicaLag.measure()).lagMs / 1000);
      },
    });
  }

  observeMessage(kind: 'command' | 'query', name: string, outcome: Outcome, seconds: number): void {
    this.messages.observe({ kind, name, outcome }, seconds);
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }
}
