import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error.js';
import type { IdempotencyRequest } from './idempotency-request.js';

const TABLE = 'idempotency_keys';

/** The scope of the rows stored before keys were per caller (migration 1764216000000). */
const LEGACY_SCOPE = 'legacy';

interface StoredRow {
  fingerprint: string;
  answer: string;
  createdAt: string;
}

/**
 * The `idempotency_keys` table, always used inside the command's transaction. A key belongs to
 * its caller's scope (ADR 0026): the same key from two callers is two rows.
 */
@Injectable()
export class IdempotencyStore {
  private readonly ttlMs: number;

  constructor(config: AppConfig) {
    this.ttlMs = config.IDEMPOTENCY_TTL_HOURS * 3_600_000;
  }

  /**
   * PostgreSQL: requests with the same key from the same caller wait for each other here, so
   * the second one finds the first one's stored answer instead of racing it into a unique
   * index (a taken sku would otherwise answer the retry 409). The lock is on the caller's
   * scope and the key: another caller's request with the same key never waits on it, so it
   * cannot learn by its timing that the key is in use. Two-key advisory locks live apart from
   * the event log's one-key lock. SQLite's write queue already runs one at a time.
   */
  async lock(manager: EntityManager, request: IdempotencyRequest): Promise<void> {
    if (manager.connection.options.type !== 'postgres') return;
    await manager.query('SELECT pg_advisory_xact_lock(1, hashtext($1))', [
      `${request.scope}\n${request.key}`,
    ]);
  }

  /**
   * The stored answer for this caller's key, or undefined when the key is new to the caller
   * (or has expired). Another caller's use of the same key is not seen: it is another row.
   * @throws IdempotencyKeyReusedError when the caller used the key for a different request
   */
  async find<T>(manager: EntityManager, request: IdempotencyRequest): Promise<T | undefined> {
    const where = { scope: request.scope, key: request.key };
    const row = await this.row(manager, where);
    if (!row) return this.findLegacy<T>(manager, request);
    if (this.hasExpired(row)) {
      await manager
        .createQueryBuilder()
        .delete()
        .from(TABLE)
        .where('scope = :scope AND key = :key', where)
        .execute();
      return undefined;
    }
    if (row.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError();
    return JSON.parse(row.answer) as T;
  }

  /**
   * A row stored while keys were global (scope `legacy`): replayed only to a request whose
   * old fingerprint matches, which had the caller inside, so only to the same caller with
   * the same request. Any other request is new: whose key it was cannot be told. Anonymous
   * rows are never replayed (their fingerprint left the password out). Expired rows are
   * left to the sweeper.
   */
  private async findLegacy<T>(
    manager: EntityManager,
    { key, legacyFingerprint }: IdempotencyRequest,
  ): Promise<T | undefined> {
    if (!legacyFingerprint) return undefined;
    const row = await this.row(manager, { scope: LEGACY_SCOPE, key });
    if (!row || row.fingerprint !== legacyFingerprint || this.hasExpired(row)) return undefined;
    return JSON.parse(row.answer) as T;
  }

  private row(manager: EntityManager, where: { scope: string; key: string }) {
    return manager
      .createQueryBuilder()
      .select('k.fingerprint', 'fingerprint')
      .addSelect('k.answer', 'answer')
      .addSelect('k.created_at', 'createdAt')
      .from(TABLE, 'k')
      .where('k.scope = :scope AND k.key = :key', where)
      .getRawOne<StoredRow>();
  }

  private hasExpired({ createdAt }: StoredRow): boolean {
    return Date.parse(createdAt) < Date.now() - this.ttlMs;
  }

  /** Stores the answer; `lock` and `find` ran first in this transaction, so the key is new. */
  async save(manager: EntityManager, request: IdempotencyRequest, answer: unknown): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(TABLE)
      .values({
        scope: request.scope,
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
