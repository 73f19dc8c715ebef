import type { Type } from '@nestjs/common';
import type { DomainEvent } from '../../src/shared/event-log/domain-event.js';
import { EventLog } from '../../src/shared/event-log/event-log.js';
import { ProjectionDatabase } from '../../src/shared/database/projection-database.js';
import { ProjectionCheckpoints } from '../../src/shared/projections/projection-checkpoints.js';
import { BATCH_SIZE, ProjectionRunner } from '../../src/shared/projections/projection-runner.js';
import type { Projection } from '../../src/shared/projections/projection.js';
import { createHandlerTestModule, type HandlerTestModule } from './handler-test-module.js';

type Row = Record<string, unknown>;

export interface ProjectionSpecOptions {
  /** The table to read back, and the column(s) that order its rows. */
  view: string;
  orderBy: string;
}

export interface ProjectionSpec {
  /**
   * Given these events in the log (and nothing else: each `given` starts from an empty view,
   * its checkpoint at the head of the log), when the projection runner applies them...
   */
  given(...events: DomainEvent[]): {
    /** ...then the view holds these rows, in `orderBy` order (only the columns named are compared). */
    then(rows: Row[]): Promise<void>;
    /**
     * ...then the projection fails on event `index` (0-based) with this message, and the
     * runner stops there: the checkpoint stays on the event before it, whose rows are kept.
     */
    thenFailsAt(index: number, message: string | RegExp, rowsBefore?: Row[]): Promise<void>;
  };
  /** Closes the module and drops its database. */
  close(): Promise<void>;
}

/**
 * Given/when/then specs for a projection, on a real database (SQLite, or PostgreSQL with
 * TEST_DB=postgres) with the migrations run, through the real ProjectionRunner's batches:
 *
 *     const spec = await projectionSpec(OrderListByCustomerProjection, { view, orderBy });
 *     await spec.given(anOrderPlaced(order)).then([{ order_id: order.orderId, status: 'placed' }]);
 *
 * Only the projection is registered: no command, no HTTP, no other module. The runner's own
 * wake-ups are off (READ_VIEW=false): the spec applies the events itself, as the runner would.
 */
export async function projectionSpec(
  projectionClass: Type<Projection>,
  { view, orderBy }: ProjectionSpecOptions,
): Promise<ProjectionSpec> {
  const t: HandlerTestModule = await createHandlerTestModule({
    providers: [projectionClass],
    env: { READ_VIEW: 'false' },
  });
  const projection = t.moduleRef.get(projectionClass);
  const runner = t.moduleRef.get(ProjectionRunner);
  const database = t.moduleRef.get(ProjectionDatabase);
  const eventLog = t.moduleRef.get(EventLog);
  const checkpoints = t.moduleRef.get(ProjectionCheckpoints);

  /**
   * An empty view, its checkpoint at the head of the log; then the events appended after it.
   * Answers the head before and after them.
   */
  const start = (events: DomainEvent[]) =>
    database.transaction(async (manager) => {
      await projection.clear(manager);
      const before = await eventLog.head(manager);
      await checkpoints.advance(manager, projection.name, before);
      await eventLog.append(manager, events);
      return { before, after: await eventLog.head(manager) };
    });

  /** An empty view again, its checkpoint back at `position`: the same events to apply again. */
  const rewind = (position: number) =>
    database.transaction(async (manager) => {
      await projection.clear(manager);
      await checkpoints.advance(manager, projection.name, position);
    });

  const rows = async (like: Row[]): Promise<Row[]> => {
    const actual = await t.sql<Row>(`SELECT * FROM ${view} ORDER BY ${orderBy}`);
    // Only the columns the spec names; numbers as numbers (PostgreSQL answers bigint as text).
    return actual.map((row, index) => {
      const expected = like[index] ?? row;
      return Object.fromEntries(
        Object.keys(expected).map((column) => [
          column,
          typeof expected[column] === 'number' ? Number(row[column]) : row[column],
        ]),
      );
    });
  };

  return {
    given: (...events) => ({
      then: async (expected) => {
        const { before, after } = await start(events);
        // In batches (through `applyAll` where the projection has one), then again from an
        // empty view one event at a time (through `apply`): both must give these rows.
        for (const batchSize of [BATCH_SIZE, 1]) {
          if (batchSize === 1) await rewind(before);
          while ((await runner.applyBatch(projection, batchSize)) === batchSize);
          expect(await rows(expected)).toEqual(expected);
          expect((await runner.checkpoint(projection.name)).position).toBe(after);
        }
      },
      thenFailsAt: async (index, message, rowsBefore = []) => {
        const { before } = await start(events);
        // A failed batch rolls back whole; the runner then goes one event at a time, so
        // every event before the bad one is applied and the checkpoint stops in front of it.
        const failure = await runner.applyBatch(projection, BATCH_SIZE).then(
          () => null,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(Error);
        let error: unknown = null;
        while (error === null) {
          error = await runner.applyBatch(projection, 1).then(
            (applied) => (applied === 0 ? new Error('no event failed') : null),
            (thrown: unknown) => thrown,
          );
        }
        expect((error as Error).message).toMatch(message);
        const stoppedAt = index === 0 ? before : events[index - 1].position;
        expect((await runner.checkpoint(projection.name)).position).toBe(stoppedAt);
        expect(await rows(rowsBefore)).toEqual(rowsBefore);
      },
    }),
    close: () => t.close(),
  };
}
