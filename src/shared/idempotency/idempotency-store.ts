import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error.js';
import type { IdempotencyRequest } from './idempotency-request.js';

const TABLE = 'idempotency_keys';

/** The `idempotency_keys` table, always used inside the command's transaction. */
@Injectable()
export class IdempotencyStore {
  private readonly ttlMs: number;

  constructor(config: AppConfig) {
    this.ttlMs = config.IDEMPOTENCY_TTL_HOURS * 3_600_000;
  }

  /**
   * PostgreSQL: requests with the same key wait for each other here, so the second one finds
   * the first one's stored answer instead of racing it into a unique index (a taken sku
   * would otherwise answer the retry 409). Two-key advisory locks live apart from the
   * event log's one-key lock. SQLite's write queue already runs one at a time.
   */
  async lock(manager: EntityManager, request: IdempotencyRequest): Promise<void> {
    if (manager.connection.options.type !== 'postgres') return;
    await manager.query('SELECT pg_advisory_xact_lock(1, hashtext($1))', [request.key]);
  }

  /**
   * The stored answer for this key, or undefined when the key is new (or has expired).
   * @throws IdempotencyKeyReusedError when the key was used for a different request
   */
  async find<T>(manager: EntityManager, request: IdempotencyRequest): Promise<T | undefined> {
    const row = await manager
      .createQueryBuilder()
      .select('k.fingerprint', 'fingerprint')
      .addSelect('k.answer', 'answer')
      .addSelect('k.created_at', 'createdAt')
      .from(TABLE, 'k')
      .where('k.key = :key', { key: request.key })
      .getRawOne<{ fingerprint: string; answer: string; createdAt: string }>();
    if (!row) return undefined;
    if (Date.parse(row.createdAt) < Date.now() - this.ttlMs) {
      await manager
        .createQueryBuilder()
        .delete()
        .from(TABLE)
        .where('key = :key', { key: request.key })
        .execute();
      return undefined;
    }
    if (row.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError();
    return JSON.parse(row.answer) as T;
  }

  /** Stores the answer; `lock` and `find` ran first in this transaction, so the key is new. */
  async save(manager: EntityManager, request: IdempotencyRequest, answer: unknown): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(TABLE)
      .values({
        key: request.key,
        fingerprint: request.fingerprint,
        answer: JSON.stringify(answer),
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  /** Deletes keys older than the time to live; answers how many. */
  async sweep(manager: EntityManager): Promise<number> {
    const cutoff = new Date(Date.now() - this.ttlMs).toISOString();
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(TABLE)
      .where('created_at < :cutoff', { cutoff })
      .execute();
    return result.affected ?? 0;
  }
}
