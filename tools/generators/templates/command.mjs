/**
 * The files of one command slice: command, handler, request, handler spec, and the event the
 * handler records (UnitOfWork refuses a command that records none). Prettier formats them.
 */
import { pascal } from '../names.mjs';

/**
 * @typedef {object} CommandNames
 * @property {string} module kebab-case module folder, e.g. `orders`
 * @property {string} name kebab-case command, e.g. `apply-discount`
 * @property {string} event kebab-case event, e.g. `discount-applied`
 * @property {boolean} hasProjector the module has a projector: its spec turns the read view off
 */

/** @param {CommandNames} n */
function classes(n) {
  const base = pascal(n.name);
  const event = pascal(n.event);
  return {
    command: `${base}Command`,
    handler: `${base}Handler`,
    request: `${base}Request`,
    result: `${base}Result`,
    event: `${event}Event`,
    eventType: event,
    payload: `${event}Payload`,
    module: `${pascal(n.module)}Module`,
  };
}

/** @param {CommandNames} n */
export function commandFile(n) {
  const c = classes(n);
  return `import { Command } from '@nestjs/cqrs';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';

/** What ${c.command} answers (plain JSON data); UnitOfWork adds the log position. */
export interface ${c.result} {
  // TODO: what the caller needs back, usually the changed aggregate as its response type.
  id: string;
}

export class ${c.command} extends Command<WithPosition<${c.result}>> {
  constructor(
    /** The aggregate this command changes: its id is the stream of the event it records. */
    readonly id: string,
    // TODO: the rest of the command's input, as readonly parameters; \`note\` is only an
    // example, passed on from the request by the route.
    readonly note?: string,
  ) {
    super();
  }
}
`;
}

/** @param {CommandNames} n */
export function handlerFile(n) {
  const c = classes(n);
  return `import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../shared/database/unit-of-work.js';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';
import { ${c.event} } from '../../contracts/${n.event}.event.js';
import { ${c.command}, type ${c.result} } from './${n.name}.command.js';

@CommandHandler(${c.command})
export class ${c.handler} implements ICommandHandler<${c.command}> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute({ id }: ${c.command}): Promise<WithPosition<${c.result}>> {
    // One transaction: the change and its ${c.eventType} event commit together, or neither does.
    return this.unitOfWork.run(async (tx) => {
      // TODO: load the aggregate through tx.manager (throw this module's NotFound error when
      // it is missing), let its domain method decide and return the event, save the change.
      tx.record(new ${c.event}(id, { id }));
      return { id };
    });
  }
}
`;
}

/** @param {CommandNames} n */
export function requestFile(n) {
  const c = classes(n);
  return `import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { MaxCharacters } from '../../../../shared/http/max-characters.js';

/**
 * The HTTP body of ${c.command}, validated by class-validator before the controller
 * builds the command.
 */
export class ${c.request} {
  // TODO: the body's fields, each with its rules (and its OpenAPI description); this
  // optional one is only an example.
  @ApiPropertyOptional({ maxLength: 500, example: 'a note' })
  @IsOptional()
  @IsString()
  @MaxCharacters(500)
  note?: string;
}
`;
}

/** @param {CommandNames} n */
export function eventFile(n) {
  const c = classes(n);
  return `import { DomainEvent } from '../../../shared/event-log/domain-event.js';

/** Stored in the event log as JSON: add fields freely, rename or remove none once released. */
export interface ${c.payload} {
  // TODO: what a reader of the log needs to know about the change.
  id: string;
}

export class ${c.event} extends DomainEvent<${c.payload}> {
  static readonly type = '${c.eventType}';
  readonly type = ${c.event}.type;
}
`;
}

/** @param {CommandNames} n */
export function handlerSpecFile(n) {
  const c = classes(n);
  const readView = n.hasProjector
    ? `
      // The read-view projector would commit transactions of its own after each event.
      env: { READ_VIEW: 'false' },`
    : '';
  const options = `{
      imports: [${c.module}],
      // Other modules, faked at their public queries (never imported): aFakeShop(t.moduleRef)
      // gives a customer and products they know.
      providers: fakePublicQueries,${readView}
    }`;
  return `import { randomUUID } from 'node:crypto';
import { fakePublicQueries } from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { ${c.event} } from '../../contracts/${n.event}.event.js';
import { ${c.module} } from '../../${n.module}.module.js';
import { ${c.command} } from './${n.name}.command.js';

describe('${c.handler}', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule(${options});
  });
  afterAll(() => t.close());
  beforeEach(() => t.clearRecords());

  it('answers with the position of ${c.eventType}', async () => {
    const id = randomUUID();

    const result = await t.commandBus.execute(new ${c.command}(id));

    expect(result).toEqual({ id, position: expect.any(Number) });
  });

  it('appends ${c.eventType} to the log in its transaction', async () => {
    const id = randomUUID();

    const result = await t.commandBus.execute(new ${c.command}(id));

    expect(await t.eventsOf(id)).toEqual([
      expect.objectContaining({
        type: '${c.eventType}',
        position: result.position,
        streamId: id,
        payload: { id },
      }),
    ]);
  });

  it('publishes ${c.eventType} only after the commit, with its position set', async () => {
    const id = randomUUID();

    const result = await t.commandBus.execute(new ${c.command}(id));

    expect(t.timeline).toEqual(['commit', 'publish ${c.eventType}']);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toBeInstanceOf(${c.event});
    expect(t.published[0]).toMatchObject({ streamId: id, position: result.position });
  });

  // TODO: the rules the command enforces, each rejected with its error, writing nothing and
  // publishing nothing: expect(t.timeline).toEqual(['rollback']) and an unchanged t.eventLog().
});
`;
}
