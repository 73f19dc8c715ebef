import { type Answer, call, logIn } from './api.js';
import { DEMO_CUSTOMER, DEMO_PRODUCT_SKU, DEMO_STAFF, SLOW_DELAY_MS } from './demo-accounts.js';
import { followEvents, type StreamedEvent } from './event-stream.js';
import { LagChart } from './lag-chart.js';

/**
 * The two counters, live. Left, the command counter: real API calls, each with its status,
 * `position` and timing. Middle, the event log, streamed. Right, the query counter: "my
 * orders" from the read side, with where the answer came from and how far behind it is.
 * Below, the lessons: slow down, break and rebuild the projector.
 */

interface Order {
  id: string;
  status: string;
  position: number;
}
interface OrderItem {
  orderId: string;
  status: string;
  totalCents: number;
  itemCount: number;
}
interface ProjectionStatus {
  name: string;
  position: number;
  headPosition: number;
  lag: number;
  lastError: string | null;
  rebuilding: boolean;
}
interface DemoState {
  readView: boolean;
  readWaitMs: number;
  projector: {
    delayMs: number;
    broken: boolean;
    failedAttempts: number;
    retryIntervalsMs: number[];
  };
  rebuild: { running: boolean; applied: number; total: number; error: string | null } | null;
}

const element = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found as T;
};
const text = (id: string, value: string) => (element(id).textContent = value);

let staffToken = '';
let customerToken = '';
let productId = '';

/** The command counter's log: one line per call, newest first. */
function logCommand(label: string, answer: Answer): void {
  const line = document.createElement('li');
  const position = (answer.body as { position?: number } | undefined)?.position;
  line.className = answer.status < 300 ? 'ok' : 'failed';
  line.textContent =
    `${label} → ${answer.status}` +
    (position === undefined ? '' : `, position ${position}`) +
    `, ${answer.ms} ms, request ${answer.headers.get('x-request-id')?.slice(0, 8) ?? '?'}`;
  element('command-log').prepend(line);
}

/** After a command: read "my orders" with minPosition, the read-your-writes promise. */
async function readYourWrite(position: number): Promise<void> {
  const answer = await fetchMyOrders(position);
  text(
    'ryw-result',
    `minPosition=${position}: answered from ${answer.headers.get('x-read-source')} ` +
      `(X-Read-Position ${answer.headers.get('x-read-position')}) in ${answer.ms} ms`,
  );
}

async function placeOrder(): Promise<void> {
  const answer = await call<Order>('POST', '/orders', customerToken, {
    lines: [{ productId, quantity: 1 + Math.floor(Math.random() * 3) }],
  });
  logCommand('POST /orders', answer);
  if (answer.status === 201) await readYourWrite(answer.body.position);
}

async function changeOrder(orderId: string, action: 'cancel' | 'ship'): Promise<void> {
  // A customer may cancel its own order; only staff ship.
  const token = action === 'ship' ? staffToken : customerToken;
  const answer = await call<Order>('POST', `/orders/${orderId}/${action}`, token);
  logCommand(`POST /orders/${orderId.slice(0, 8)}…/${action}`, answer);
  if (answer.status === 200) await readYourWrite(answer.body.position);
}

/** GET /me/orders as the demo customer, with `minPosition` for read-your-writes. */
function fetchMyOrders(minPosition?: number): Promise<Answer<{ items: OrderItem[] }>> {
  const query = minPosition === undefined ? '' : `&minPosition=${minPosition}`;
  return call<{ items: OrderItem[] }>('GET', `/me/orders?limit=20${query}`, customerToken);
}

/**
 * The query counter: "my orders" as a plain read sees it (no minPosition), so a slow
 * projector shows as a stale board, and where the answer came from.
 */
async function showMyOrders(): Promise<void> {
  const answer = await fetchMyOrders();
  if (answer.status !== 200) return;
  text('read-source', answer.headers.get('x-read-source') ?? '?');
  text('read-position', answer.headers.get('x-read-position') ?? '?');
  const rows = answer.body.items.map((item) => {
    const row = document.createElement('tr');
    row.dataset.orderId = item.orderId;
    row.dataset.status = item.status;
    const cells = [
      item.orderId.slice(0, 8),
      item.status,
      String(item.itemCount),
      (item.totalCents / 100).toFixed(2),
    ];
    for (const value of cells) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    const actions = document.createElement('td');
    for (const action of ['cancel', 'ship'] as const) {
      const button = document.createElement('button');
      button.textContent = action;
      button.className = action;
      button.disabled = item.status !== 'placed';
      button.addEventListener('click', () => void changeOrder(item.orderId, action));
      actions.append(button);
    }
    row.append(actions);
    return row;
  });
  element('orders').replaceChildren(...rows);
}

function showEvent(event: StreamedEvent): void {
  const line = document.createElement('li');
  line.dataset.position = String(event.position);
  line.dataset.type = event.type;
  const time = new Date(event.occurredAt).toLocaleTimeString();
  const request = event.correlationId ? event.correlationId.slice(0, 8) : 'start-up';
  line.textContent = `#${event.position} ${event.type} · ${time} · request ${request}`;
  element('events').prepend(line);
  text('head', String(event.position));
}

/** The projection's checkpoint, lag and failure, and /health: polled. */
async function watchProjection(chart: LagChart): Promise<void> {
  const answer = await call<ProjectionStatus[]>('GET', '/ops/projections', staffToken);
  const [status] = answer.status === 200 ? answer.body : [];
  if (status) {
    text('checkpoint', String(status.position));
    text('lag', String(status.lag));
    text('projector-error', status.lastError ?? 'none');
    element('projector-error').className = status.lastError ? 'failing' : '';
    text('rebuilding', status.rebuilding ? 'yes: reads use the write model' : 'no');
    chart.add(status.lag);
  }
  const health = await call('GET', '/health', null);
  text('health', `${health.status} ${health.status === 200 ? 'healthy' : 'unhealthy'}`);
  element('health').className = health.status === 200 ? '' : 'failing';
}

async function watchLessons(): Promise<void> {
  const answer = await call<DemoState>('GET', '/ops/demo', staffToken);
  if (answer.status !== 200) return;
  const { readView, readWaitMs, projector, rebuild } = answer.body;
  text(
    'read-view',
    readView
      ? `READ_VIEW=true: level 2, a read view fed by events (READ_WAIT_MS=${readWaitMs})`
      : 'READ_VIEW=false: level 1, queries read the write tables (the projector idles)',
  );
  text(
    'slow-state',
    projector.delayMs > 0 ? `slow: ${projector.delayMs} ms per batch` : 'full speed',
  );
  text('break-state', projector.broken ? 'broken' : 'working');
  if (projector.failedAttempts > 0) {
    const waits = projector.retryIntervalsMs.map((ms) => `${ms} ms`).join(', ');
    text(
      'backoff',
      `${projector.failedAttempts} failed attempts` +
        (waits ? `; waits between them: ${waits}` : ''),
    );
  }
  element('slow').textContent =
    projector.delayMs > 0 ? 'Speed the projector up again' : 'Slow down the projector';
  element('break').textContent = projector.broken ? 'Repair the projector' : 'Break the projector';
  element('slow').dataset.on = String(projector.delayMs > 0);
  element('break').dataset.on = String(projector.broken);
  if (rebuild) {
    const state = rebuild.running
      ? 'running'
      : rebuild.error
        ? `failed: ${rebuild.error}`
        : 'complete';
    text('rebuild-progress', `${state}: ${rebuild.applied} of ${rebuild.total} events`);
  }
}

async function setProjector(change: { delayMs?: number; broken?: boolean }): Promise<void> {
  const { delayMs, broken } = (await call<DemoState>('GET', '/ops/demo', staffToken)).body
    .projector;
  const answer = await call('PUT', '/ops/demo/projector', staffToken, {
    delayMs,
    broken,
    ...change,
  });
  logCommand('PUT /ops/demo/projector', answer);
  await watchLessons();
}

async function rebuildView(): Promise<void> {
  logCommand('POST /ops/demo/rebuild', await call('POST', '/ops/demo/rebuild', staffToken));
  await watchLessons();
}

/** Polls `work` every `ms`, one at a time; a failed round is shown, not fatal. */
function every(ms: number, work: () => Promise<unknown>): void {
  const round = async () => {
    try {
      await work();
    } catch (error) {
      console.warn(error);
    }
    setTimeout(() => void round(), ms);
  };
  void round();
}

async function start(): Promise<void> {
  [staffToken, customerToken] = await Promise.all([
    logIn(DEMO_STAFF.email, DEMO_STAFF.password),
    logIn(DEMO_CUSTOMER.email, DEMO_CUSTOMER.password),
  ]);
  text('accounts', `customer ${DEMO_CUSTOMER.email}, staff ${DEMO_STAFF.email}`);
  const products = await call<{ items: { id: string; sku: string }[] }>(
    'GET',
    '/products?limit=100',
    null,
  );
  productId = products.body.items.find((product) => product.sku === DEMO_PRODUCT_SKU)?.id ?? '';

  element('place').addEventListener('click', () => void placeOrder());
  element('slow').addEventListener('click', () => {
    const on = element('slow').dataset.on === 'true';
    void setProjector({ delayMs: on ? 0 : SLOW_DELAY_MS });
  });
  element('break').addEventListener('click', () => {
    const on = element('break').dataset.on === 'true';
    void setProjector({ broken: !on });
  });
  element('rebuild').addEventListener('click', () => void rebuildView());

  const chart = new LagChart(element('lag-chart') as unknown as SVGSVGElement);
  every(500, () => watchProjection(chart));
  every(1000, showMyOrders);
  every(1000, watchLessons);
  void followEvents(staffToken, 0, showEvent);
  document.body.dataset.ready = 'true';
}

start().catch((error: unknown) => {
  text('accounts', `could not start: ${String(error)}. Is the app running with DEMO=true?`);
});
