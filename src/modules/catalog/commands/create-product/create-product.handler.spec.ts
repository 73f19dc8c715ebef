import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { aProductResponse } from '../../../../../test/support/fake-public-queries.js';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../../../test/support/handler-test-module.js';
import { ReadDatabase } from '../../../../shared/database/read-database.js';
import { CatalogModule } from '../../catalog.module.js';
import { ProductCreatedEvent } from '../../contracts/product-created.event.js';
import { SkuTakenError } from '../../contracts/product.errors.js';
import { CreateProductCommand } from './create-product.command.js';

/** What a subscriber of ProductCreated sees the moment it is called. */
@EventsHandler(ProductCreatedEvent)
class ProductCreatedProbe implements IEventHandler<ProductCreatedEvent> {
  readonly seen: Promise<{ position: number | undefined; rows: unknown[] }>[] = [];

  constructor(private readonly db: ReadDatabase) {}

  handle(event: ProductCreatedEvent): void {
    const position = event.position;
    // Through the read-only connection: it sees only what has been committed.
    const rows = this.db
      .select('products', 'p')
      .select('p.sku', 'sku')
      .where('p.id = :id', { id: event.streamId });
    this.seen.push(rows.getRawMany().then((found) => ({ position, rows: found })));
  }
}

const aCreateProductCommand = (overrides: Partial<CreateProductCommand> = {}) => {
  const { sku, name, priceCents } = { ...aProductResponse(), ...overrides };
  return new CreateProductCommand(sku, name, priceCents);
};

describe('CreateProductHandler', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule({
      imports: [CatalogModule],
      providers: [ProductCreatedProbe],
    });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clearRecords());

  it('answers the product with the log position of its ProductCreated event', async () => {
    const product = await t.commandBus.execute(
      aCreateProductCommand({ sku: 'TEAPOT-1', name: 'Teapot', priceCents: 4200 }),
    );

    expect(product).toEqual({
      id: expect.any(String),
      sku: 'TEAPOT-1',
      name: 'Teapot',
      priceCents: 4200,
      position: expect.any(Number),
    });
    const [event] = await t.eventsOf(product.id);
    expect(product.position).toBe(event.position);
  });

  it('writes the product row and appends ProductCreated to the event log', async () => {
    const eventsBefore = await t.count('event_log');
    const product = await t.commandBus.execute(
      aCreateProductCommand({ sku: 'MUG-7', name: 'Mug', priceCents: 990 }),
    );

    expect(
      await t.sql('SELECT id, sku, name, price_cents FROM products WHERE id = ?', [product.id]),
    ).toEqual([{ id: product.id, sku: 'MUG-7', name: 'Mug', price_cents: 990 }]);
    expect(await t.count('event_log')).toBe(eventsBefore + 1);
    expect(await t.eventsOf(product.id)).toEqual([
      {
        position: product.position,
        eventId: expect.any(String),
        type: 'ProductCreated',
        streamId: product.id,
        payload: { productId: product.id, sku: 'MUG-7', name: 'Mug', priceCents: 990 },
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
    ]);
  });

  it('gives each command a higher position than the one before', async () => {
    const first = await t.commandBus.execute(aCreateProductCommand());
    const second = await t.commandBus.execute(aCreateProductCommand());
    expect(second.position).toBeGreaterThan(first.position);
  });

  it('publishes ProductCreated only after the commit, with its position set', async () => {
    const probe = t.moduleRef.get(ProductCreatedProbe);
    probe.seen.length = 0;
    const product = await t.commandBus.execute(aCreateProductCommand({ sku: 'SEEN-1' }));

    expect(t.timeline).toEqual(['commit', 'publish ProductCreated']);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toBeInstanceOf(ProductCreatedEvent);
    expect(t.published[0]).toMatchObject({ streamId: product.id, position: product.position });
    expect(probe.seen).toHaveLength(1);
    await expect(probe.seen[0]).resolves.toEqual({
      position: product.position,
      rows: [{ sku: 'SEEN-1' }],
    });
  });

  it('rejects a taken sku with SkuTakenError, writing no row, no event, publishing nothing', async () => {
    await t.commandBus.execute(aCreateProductCommand({ sku: 'TAKEN-1', name: 'First' }));
    const productsBefore = await t.count('products');
    const logBefore = await t.eventLog();
    t.clearRecords();

    const second = t.commandBus.execute(aCreateProductCommand({ sku: 'TAKEN-1', name: 'Second' }));
    await expect(second).rejects.toThrow(SkuTakenError);
    await expect(second).rejects.toThrow('sku TAKEN-1 is already taken');

    expect(await t.count('products')).toBe(productsBefore);
    expect(await t.sql('SELECT name FROM products WHERE sku = ?', ['TAKEN-1'])).toEqual([
      { name: 'First' },
    ]);
    expect(await t.eventLog()).toEqual(logBefore);
    expect(t.timeline).toEqual(['rollback']);
    expect(t.published).toEqual([]);
  });

  it('lets exactly one of two concurrent commands take a sku', async () => {
    const results = await Promise.allSettled([
      t.commandBus.execute(aCreateProductCommand({ sku: 'RACE-1' })),
      t.commandBus.execute(aCreateProductCommand({ sku: 'RACE-1' })),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(SkuTakenError);
    const created = (await t.eventLog()).filter(
      (event) =>
        event.type === 'ProductCreated' && (event.payload as { sku: string }).sku === 'RACE-1',
    );
    expect(created).toHaveLength(1);
    expect(t.published).toHaveLength(1);
  });
});
