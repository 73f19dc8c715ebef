import { aLine, createProduct } from './support/builders.js';
import { KEEP_ALIVE_INTERVAL_MS } from '../src/shared/event-stream/keep-alive-interval.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface StreamedEvent {
  id: string;
  position: number;
  type: string;
  correlationId: string | null;
}

/**
 * Opens GET /ops/events and collects its messages until `until` says enough (or the
 * deadline passes), then closes the stream.
 */
async function collect(
  url: string,
  headers: Record<string, string>,
  until: (events: StreamedEvent[]) => boolean,
  onOpen: () => Promise<void> = async () => {},
): Promise<{ status: number; contentType: string | null; events: StreamedEvent[] }> {
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(), 10_000);
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: StreamedEvent[] = [];
  try {
    if (!response.ok || !response.body) {
      return { status: response.status, contentType: response.headers.get('content-type'), events };
    }
    await onOpen();
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const fields = Object.fromEntries(
          buffer
            .slice(0, end)
            .split('\n')
            .map((line) => [
              line.slice(0, line.indexOf(':')),
              line.slice(line.indexOf(':') + 1).trim(),
            ]),
        );
        buffer = buffer.slice(end + 2);
        events.push({ id: fields.id, ...(JSON.parse(fields.data) as Omit<StreamedEvent, 'id'>) });
      }
      if (until(events)) break;
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  return { status: response.status, contentType: response.headers.get('content-type'), events };
}

/** README, "HTTP API": GET /ops/events, the event log as Server-Sent Events, for staff. */
describe('GET /ops/events (Server-Sent Events)', () => {
  let t: TestApp;
  let url: string;
  let staff: Record<string, string>;
  let product: { id: string; position: number };
  beforeAll(async () => {
    t = await createTestApp();
    url = `${await t.app.getUrl()}/ops/events`;
    staff = { authorization: `Bearer ${t.staffToken}` };
    product = await createProduct(t.http);
  });
  afterAll(() => t.close());

  it('401 without a token, 403 for a customer', async () => {
    await t.anonymous.get('/ops/events').expect(401);
    const customer = await t.signUp();
    await customer.http.get('/ops/events').expect(403);
  });

  it.each([
    ['?after=-1', {}, /after must not be less than 0/],
    ['?after=abc', {}, /after must be an integer/],
    ['?since=1', {}, /property since should not exist/],
    ['', { 'last-event-id': 'x' }, /Last-Event-ID must be an event position/],
  ])('%s %j: 400 saying what is wrong', async (query, headers, message) => {
    const response = await t.http.get(`/ops/events${query}`).set(headers).expect(400);
    expect(JSON.stringify(response.body.message)).toMatch(message);
  });

  it('sends the log from the start, in order, each message with its position as id', async () => {
    const { status, contentType, events } = await collect(url, staff, (all) =>
      all.some((event) => event.position === product.position),
    );
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    const positions = events.map((event) => event.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions[0]).toBe(1);
    expect(events.every((event) => event.id === String(event.position))).toBe(true);
    expect(events.find((event) => event.position === product.position)?.type).toBe(
      'ProductCreated',
    );
  });

  it('sends only what comes after `after`, then each new event as it commits, with its request id', async () => {
    const customer = await t.signUp();
    let placed = 0;
    const { events } = await collect(
      `${url}?after=${product.position}`,
      staff,
      (all) => all.some((event) => event.position === placed),
      async () => {
        const response = await customer.http
          .post('/orders')
          .set('x-request-id', 'demo-request-1')
          .send({ lines: [aLine(product)] })
          .expect(201);
        placed = response.body.position as number;
      },
    );
    expect(events[0].position).toBe(product.position + 1);
    expect(events.at(-1)).toMatchObject({
      position: placed,
      type: 'OrderPlaced',
      correlationId: 'demo-request-1',
    });
  });

  it('resumes after Last-Event-ID, as a reconnecting EventSource asks, which wins over `after`', async () => {
    const { events } = await collect(
      `${url}?after=0`,
      { ...staff, 'last-event-id': String(product.position - 1) },
      (all) => all.length > 0,
    );
    expect(events[0].position).toBe(product.position);
  });

  it('sends a keep-alive comment while the log is quiet, so proxies keep the stream open', async () => {
    const quiet = await createTestApp({}, (builder) =>
      builder.overrideProvider(KEEP_ALIVE_INTERVAL_MS).useValue(100),
    );
    const head = await createProduct(quiet.http);
    const response = await fetch(`${await quiet.app.getUrl()}/ops/events?after=${head.position}`, {
      headers: { authorization: `Bearer ${quiet.staffToken}` },
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    while ((text.match(/^: keep-alive$/gm) ?? []).length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const started = Date.now();
    await quiet.close(); // the keep-alive ends with the stream: stopping does not wait for it
    expect(Date.now() - started).toBeLessThan(5000);
    await reader.cancel();
    // Comment lines only: nothing that an EventSource would take for an event.
    expect(text.trim().split('\n\n').slice(0, 3)).toEqual(Array(3).fill(': keep-alive'));
  });

  it('ends open streams when the app stops, so stopping never waits for a client', async () => {
    const other = await createTestApp();
    const response = await fetch(`${await other.app.getUrl()}/ops/events`, {
      headers: { authorization: `Bearer ${other.staffToken}` },
    });
    expect(response.status).toBe(200);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(5000);
    // The stream was ended by the server: reading it finishes.
    await expect(response.text()).resolves.toEqual(expect.any(String));
  });
});
