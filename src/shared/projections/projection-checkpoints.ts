import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { plainSql } from '../database/plain-sql.js';

export interface Checkpoint {
  position: number;
  /** The projection version the view was built by; 0 for a projection never built yet. */
  version: number;
  /** True while a rebuild refills the view from position 0: it must not be served. */
  rebuilding: boolean;
  updatedAt: string;
  lastError: string | null;
}

const TABLE = 'projection_checkpoints';

/** The `projection_checkpoints` table: how far each projection has applied the log. */
@Injectable()
export class ProjectionCheckpoints {
  /** Creates the row of a new projection, at version 0: never built (see ProjectionReset). */
  async ensure(manager: EntityManager, name: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(TABLE)
      .values({
        name,
        position: 0,
        version: 0,
        rebuilding: 0,
        updated_at: new Date().toISOString(),
      })
      .orIgnore()
      .execute();
  }

  /**
   * Reads the checkpoint and, on PostgreSQL, locks its row until the transaction ends, so
   * of several app instances only one applies a batch at a time. With `skipIfLocked`, answers
   * null when another instance holds the lock: that instance is already doing the work, up
   * to the log's head as its batch read it.
   * SQLite needs no row lock: its write transactions take the database's write lock.
   */
  async lock(
    manager: EntityManager,
    name: string,
    { skipIfLocked = true } = {},
  ): Promise<Checkpoint | null> {
    const postgres = manager.connection.options.type === 'postgres';
    const lock = !postgres ? '' : skipIfLocked ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE';
    return this.toCheckpoint(await this.select(manager, name, lock));
  }

  async read(manager: EntityManager, name: string): Promise<Checkpoint> {
    return (
      this.toCheckpoint(await this.select(manager, name)) ?? {
        position: 0,
        version: 0,
        rebuilding: false,
        updatedAt: new Date(0).toISOString(),
        lastError: null,
      }
    );
  }

  /** Moves the checkpoint; a successful batch also clears the last error. */
  async advance(
    manager: EntityManager,
    name: string,
    position: number,
    { rebuilding = false } = {},
  ): Promise<void> {
    await plainSql(
      manager,
      `UPDATE ${TABLE} SET position = $1, rebuilding = $2, updated_at = $3, last_error = NULL
        WHERE name = $4`,
      [position, rebuilding ? 1 : 0, new Date().toISOString(), name],
    );
  }

  /** Records the version the view is (being re)built by. */
  async setVersion(manager: EntityManager, name: string, version: number): Promise<void> {
    await plainSql(manager, `UPDATE ${TABLE} SET version = $1 WHERE name = $2`, [version, name]);
  }

  async recordError(manager: EntityManager, name: string, error: string | null): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(TABLE)
      .set({ last_error: error })
      .where('name = :name', { name })
      .execute();
  }

  /** Plain SQL: it runs on every read of the view and in every batch (see plainSql). */
  private async select(
    manager: EntityManager,
    name: string,
    lock = '',
  ): Promise<Record<string, unknown> | undefined> {
    const [row] = await plainSql<Record<string, unknown>[]>(
      manager,
      `SELECT position, version, rebuilding, updated_at AS "updatedAt", last_error AS "lastError"
         FROM ${TABLE} WHERE name = $1${lock}`,
      [name],
    );
    return row;
  }

  private toCheckpoint(row: Record<string, unknown> | undefined): Checkpoint | null {
    if (!row) return null;
    return {
      position: Number(row.position),
      version: Number(row.version),
      rebuilding: Number(row.rebuilding) === 1,
      updatedAt: row.updatedAt as string,
      lastError: (row.lastError as string | null) ?? null,
    };
  }
}
