/**
 * The files of one query slice: query, handler (on the read-only ReadDatabase) and its spec.
 * A `get-` query answers one thing by id; a `list-` query answers a list. Until the module
 * has a table or view of its own, the handler reads the shared event log, so the slice runs
 * end to end as generated. Prettier formats them.
 */
import { pascal } from '../names.mjs';

/**
 * @typedef {object} QueryNames
 * @property {string} module kebab-case module folder, e.g. `orders`
 * @property {string} name kebab-case query starting with `get-` or `list-`
 */

/** @param {QueryNames} n */
function classes(n) {
  const base = pascal(n.name);
  return {
    query: `${base}Query`,
    handler: `${base}Handler`,
    result: `${base}Result`,
    item: `${base}Item`,
    module: `${pascal(n.module)}Module`,
  };
}

/** @param {QueryNames} n */
const isList = (n) => n.name.startsWith('list-');

/** @param {QueryNames} n */
export function queryFile(n) {
  const c = classes(n);
  if (isList(n)) {
    return `import { Query } from '@nestjs/cqrs';

/** One item of what ${c.query} answers. */
export interface ${c.item} {
  // TODO: the fields a caller needs, as the read side stores them.
  id: string;
  events: number;
}

export class ${c.query} extends Query<${c.item}[]> {
  constructor(
    // TODO: the filters; for long lists, a cursor page (see shared/pagination).
    readonly limit = 20,
  ) {
    super();
  }
}
`;
  }
  return `import { Query } from '@nestjs/cqrs';

/** What ${c.query} answers. */
export interface ${c.result} {
  // TODO: the fields a caller needs, as the read side stores them.
  id: string;
  events: number;
}

export class ${c.query} extends Query<${c.result}> {
  constructor(readonly id: string) {
    super();
  }
}
`;
}

/** @param {QueryNames} n */
export function handlerFile(n) {
  const c = classes(n);
  const todo = `// TODO: read this module's own table or read-model view instead of the event log (the
    // placeholder that lets the generated slice run), never its entities.`;
  if (isList(n)) {
    return `import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { type ${c.item}, ${c.query} } from './${n.name}.query.js';

@QueryHandler(${c.query})
export class ${c.handler} implements IQueryHandler<${c.query}> {
  constructor(private readonly db: ReadDatabase) {}

  async execute({ limit }: ${c.query}): Promise<${c.item}[]> {
    ${todo}
    const rows = await this.db
      .select('event_log', 'e')
      .select('e.stream_id', 'id')
      .addSelect('COUNT(*)', 'events')
      .groupBy('e.stream_id')
      .orderBy('e.stream_id')
      .limit(limit)
      .getRawMany<{ id: string; events: number | string }>();
    // COUNT(*) is a string on PostgreSQL.
    return rows.map(({ id, events }) => ({ id, events: Number(events) }));
  }
}
`;
  }
  return `import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { ${c.query}, type ${c.result} } from './${n.name}.query.js';

@QueryHandler(${c.query})
export class ${c.handler} implements IQueryHandler<${c.query}> {
  constructor(private readonly db: ReadDatabase) {}

  async execute({ id }: ${c.query}): Promise<${c.result}> {
    ${todo}
    // A missing row is this module's NotFound error (see contracts/*.errors.ts).
    const row = await this.db
      .select('event_log', 'e')
      .select('COUNT(*)', 'events')
      .where('e.stream_id = :id', { id })
      .getRawOne<{ events: number | string }>();
    // COUNT(*) is a string on PostgreSQL.
    return { id, events: Number(row?.events ?? 0) };
  }
}
`;
}

/** @param {QueryNames} n */
export function handlerSpecFile(n) {
  const c = classes(n);
  const head = `import { fakePublicQueries } from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { ${c.module} } from '../../${n.module}.module.js';
import { ${c.query} } from './${n.name}.query.js';
`;
  const setUp = `let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({
      imports: [${c.module}],
      // Other modules, faked at their public queries (never imported).
      providers: fakePublicQueries,
    });
  });
  afterAll(() => t.close());`;
  const todo = `// TODO: arrange through this module's commands (t.commandBus), then check the answer.`;
  if (isList(n)) {
    return `${head}
describe('${c.handler}', () => {
  ${setUp}

  ${todo}
  it('answers an empty list on an empty database', async () => {
    await expect(t.queryBus.execute(new ${c.query}())).resolves.toEqual([]);
  });
});
`;
  }
  return `import { randomUUID } from 'node:crypto';
${head}
describe('${c.handler}', () => {
  ${setUp}

  ${todo}
  it('answers for the id asked for', async () => {
    const id = randomUUID();

    await expect(t.queryBus.execute(new ${c.query}(id))).resolves.toEqual({ id, events: 0 });
  });
});
`;
}
