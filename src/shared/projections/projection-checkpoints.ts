import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface Checkpoint {
  position: number;
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
      .values({ name, position: 0, updated_at: new Date().toISOString() })
      .orIgnore()
      .execute();
  }

  /**
   * Reads the checkpoint and, on PostgreSQL, locks its row until the transaction ends, so
   * of several app instances only one applies a batch at a time. Answers null when another
   * instance holds the lock (SKIP LOCKED): that instance is already doing the work.
   * SQLite needs no lock: the write queue already runs one transaction at a time.
   */
  async lock(manager: EntityManager, name: string): Promise<number | null> {
    const query = manager
      .createQueryBuilder()
      .select('c.position', 'position')
      .from(TABLE, 'c')
      .where('c.name = :name', { name });
    if (manager.connection.options.type === 'postgres') {
      query.setLock('pessimistic_write').setOnLocked('skip_locked');
    }
    const row = await query.getRawOne<{ position: number | string }>();
    return row ? Number(row.position) : null;
  }

  async advance(manager: EntityManager, name: string, position: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(TABLE)
      .set({ position, updated_at: new Date().toISOString(), last_error: null })
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

  async read(manager: EntityManager, name: string): Promise<Checkpoint> {
    const row = await manager
      .createQueryBuilder()
      .select('c.position', 'position')
      .addSelect('c.updated_at', 'updatedAt')
      .addSelect('c.last_error', 'lastError')
      .from(TABLE, 'c')
      .where('c.name = :name', { name })
      .getRawOne<Checkpoint>();
    return row
      ? { ...row, position: Number(row.position) }
      : { position: 0, updatedAt: new Date(0).toISOString(), lastError: null };
  }
}
