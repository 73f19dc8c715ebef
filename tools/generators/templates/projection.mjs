/**
 * The files of one projection: its read view (table name and row), the projection (typed
 * over the events it handles), its given/when/then spec and the migration that creates the
 * view's table. As generated, the view counts the events of each stream, so everything runs
 * end to end; the TODOs mark what to make of it. Prettier formats them.
 */
import { pascal } from '../names.mjs';

/**
 * @typedef {object} HandledEvent
 * @property {string} className e.g. `OrderPlacedEvent`
 * @property {string} from import path from the module's projections/ folder
 * @property {string} fromSpec the same, from where the spec lives (the same folder)
 */

/**
 * @typedef {object} ProjectionNames
 * @property {string} module kebab-case module folder, e.g. `orders`
 * @property {string} name kebab-case view name, e.g. `order-counts`
 * @property {HandledEvent[]} events
 * @property {number} timestamp the migration's
 */

/** @param {ProjectionNames} n */
export function classes(n) {
  const base = pascal(n.name);
  return {
    projection: `${base}Projection`,
    row: `${base}Row`,
    table: n.name.replace(/-/g, '_'),
    constant: n.name.replace(/-/g, '_').toUpperCase(),
    migration: `${base}${n.timestamp}`,
  };
}

/** @param {ProjectionNames} n */
export function viewFile(n) {
  const c = classes(n);
  return `/** The read view ${c.projection} fills. TODO: what it answers, and for whom. */
export const ${c.constant} = '${c.table}';

/** TODO: one row per what the readers ask for, shaped as they read it. */
export interface ${c.row} {
  stream_id: string;
  events: number;
  /** Position of the last event applied to this row. */
  position: number;
}
`;
}

/** @param {ProjectionNames} n */
export function projectionFile(n) {
  const c = classes(n);
  const imports = n.events.map((e) => `import { ${e.className} } from '${e.from}';`).join('\n');
  const union = n.events.map((e) => `typeof ${e.className}`).join(' | ');
  const cases = n.events
    .map(
      (e) => `      case ${e.className}.type:
        // TODO: event.payload is typed here; shape the row from it.
        return this.counted(manager, event.streamId, event.position);`,
    )
    .join('\n');
  return `import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { plainSql } from '../../../shared/database/plain-sql.js';
import type { LoggedEventOf } from '../../../shared/event-log/logged-event.js';
import { Projection } from '../../../shared/projections/projection.js';
${imports}
import { ${c.constant} } from './${n.name}.view.js';

type Handles = ${union};

/**
 * Builds its rows from the events alone (never the write tables), through the runner's
 * manager, so each event is applied exactly once with the checkpoint. A row that is not
 * where the events say it must be is an error: throw, and the runner stops there.
 */
@Projection()
@Injectable()
export class ${c.projection} implements Projection<Handles> {
  readonly name = ${c.constant};
  /** Bump it when what the view holds changes: the app then rebuilds the view at start-up. */
  readonly version: number = 1;
  readonly handles = [${n.events.map((e) => e.className).join(', ')}];

  async apply(manager: EntityManager, event: LoggedEventOf<Handles>): Promise<void> {
    switch (event.type) {
${cases}
    }
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(${c.constant}).execute();
  }

  /** The placeholder: counts the events of each stream. */
  private async counted(manager: EntityManager, streamId: string, position: number): Promise<void> {
    await plainSql(
      manager,
      \`INSERT INTO \${${c.constant}} (stream_id, events, position) VALUES ($1, 1, $2)
       ON CONFLICT (stream_id) DO UPDATE
         SET events = \${${c.constant}}.events + 1, position = excluded.position\`,
      [streamId, position],
    );
  }
}
`;
}

/** @param {ProjectionNames} n */
export function specFile(n) {
  const c = classes(n);
  const [first] = n.events;
  const builder = `a${first.className.replace(/Event$/, '')}`;
  return `import { type ProjectionSpec, projectionSpec } from '../../../../test/support/projection-spec.js';
import { ${first.className} } from '${first.fromSpec}';
import { ${c.projection} } from './${n.name}.projection.js';
import { ${c.constant} } from './${n.name}.view.js';

// TODO: a payload as the command records it.
const ${builder} = (streamId: string) =>
  new ${first.className}(streamId, {} as ${first.className}['payload']);

describe('${c.projection}', () => {
  let spec: ProjectionSpec;
  beforeAll(async () => {
    spec = await projectionSpec(${c.projection}, { view: ${c.constant}, orderBy: 'stream_id' });
  });
  afterAll(() => spec.close());

  // TODO: given the events of a story, then the rows readers must see; and a stream the
  // projection must refuse (spec.given(...).thenFailsAt(index, message)).
  it('counts the events of each stream', async () => {
    await spec
      .given(${builder}('a'), ${builder}('b'), ${builder}('a'))
      .then([
        { stream_id: 'a', events: 2 },
        { stream_id: 'b', events: 1 },
      ]);
  });
});
`;
}

/** @param {ProjectionNames} n */
export function migrationFile(n) {
  const c = classes(n);
  return `import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** The ${c.table} read view (${c.projection}), filled by replaying the log. */
export class ${c.migration} implements MigrationInterface {
  name = '${c.migration}';

  async up(queryRunner: QueryRunner): Promise<void> {
    const position = queryRunner.connection.options.type === 'postgres' ? 'bigint' : 'integer';
    await queryRunner.createTable(
      new Table({
        name: '${c.table}',
        columns: [
          { name: 'stream_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'events', type: 'integer' },
          { name: 'position', type: position },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('${c.table}');
  }
}
`;
}
