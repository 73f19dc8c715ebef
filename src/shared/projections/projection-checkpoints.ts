import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface Checkpoint {
  position: number;
  /** True while a rebuild refills the view from position 0: it must not be served. */
  rebuilding: boolean;
  updatedAt: string;
  lastError: string | null;
}

const TABLE = 'projection_checkpoints';

/** The `projection_checkpoints` table: how far each projection has applied the log. */
@Injectable()
export class ProjectionCheckpoints {
  async ensure(manager: EntityManager, name: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(TABLE)
      .values({ name, position: 0, rebuilding: 0, updated_at: new Date().toISOString() })
      .orIgnore()
      .execute();
  }

  /**
   * Reads the checkpoint and, on PostgreSQL, locks its row until the transaction ends, so
   * of several app instances only one applies a batch at a time. With `skipIfLocked`, answers
   * null when another instance holds the lock: that instance is already doing the work.
   * SQLite needs no row lock: its write transactions take the database's write lock.
   */
  async lock(
    manager: EntityManager,
    name: string,
    { skipIfLocked = true } = {},
  ): Promise<Checkpoint | null> {
    const query = this.select(manager, name);
    if (manager.connection.options.type === 'postgres') {
      query.setLock('pessimistic_write');
      if (skipIfLocked) query.setOnLocked('skip_locked');
    }
    return this.toCheckpoint(await query.getRawOne());
  }

  async read(manager: EntityManager, name: string): Promise<Checkpoint> {
    return (
      this.toCheckpoint(await this.select(manager, name).getRawOne()) ?? {
        position: 0,
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
    await manager
      .createQueryBuilder()
      .update(TABLE)
      .set({
        position,
        rebuilding: rebuilding ? 1 : 0,
        updated_at: new Date().toISOString(),
        last_error: null,
      })
      .where('name = :name', { name })
      .execute();
  }

  async recordError(manager: EntityManager, name: string, error: string | null): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(TABLE)
      .set({ last_error: error })
      .where('name = :name', { name })
      .execute();
  }

  private select(manager: EntityManager, name: string) {
    return manager
      .createQueryBuilder()
      .select('c.position', 'position')
      .addSelect('c.rebuilding', 'rebuilding')
      .addSelect('c.updated_at', 'updatedAt')
      .addSelect('c.last_error', 'lastError')
      .from(TABLE, 'c')
      .where('c.name = :name', { name });
  }

  private toCheckpoint(row: Record<string, unknown> | undefined): Checkpoint | null {
    if (!row) return null;
    return {
      position: Number(row.position),
      rebuilding: Number(row.rebuilding) === 1,
      updatedAt: row.updatedAt as string,
      lastError: (row.lastError as string | null) ?? null,
    };
  }
}
