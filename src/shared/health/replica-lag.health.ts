import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config.js';
import { ReplicaLag } from '../database/replica-lag.js';

/**
 * Says when the read database (a replica) is more than REPLICA_MAX_LAG_MS behind the
 * primary. Up, with `lagging: true`, unless REPLICA_LAG_UNHEALTHY=true: a lagging replica
 * makes only some reads older (commands, GET /orders/:id and read-your-writes use the
 * primary), so it takes an instance out of rotation only when the operator says so.
 */
@Injectable()
export class ReplicaLagHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly replicaLag: ReplicaLag,
    private readonly config: AppConfig,
  ) {}

  async check(key: string) {
    const session = this.indicator.check(key);
    if (!this.config.DATABASE_READ_URL) return session.up({ replica: 'none' });
    let reading: { lag: number; lagMs: number };
    try {
      reading = await this.replicaLag.measure();
    } catch {
      // A database that does not answer is down already (the ping checks say which).
      return session.down({ failing: ['replica lag cannot be measured'] });
    }
    const { lag, lagMs } = reading;
    const maxLagMs = this.config.REPLICA_MAX_LAG_MS;
    if (lagMs <= maxLagMs) return session.up({ lag, lagMs, maxLagMs });
    const message = `the read replica is ${lag} events (${lagMs} ms) behind the primary, past REPLICA_MAX_LAG_MS=${maxLagMs}`;
    return this.config.REPLICA_LAG_UNHEALTHY
      ? session.down({ lag, lagMs, maxLagMs, failing: [message] }) // /health's public reason
      : session.up({ lag, lagMs, maxLagMs, lagging: true, message });
  }
}
