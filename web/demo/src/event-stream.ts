/** What the page shows of an event that GET /ops/events sends (it sends payload and streamId too). */
export interface StreamedEvent {
  position: number;
  type: string;
  occurredAt: string;
  correlationId: string | null;
}

/**
 * Follows GET /ops/events (Server-Sent Events) from `after` on, for ever: reconnects after
 * a break, from the last position seen, so no event is missed or shown twice. fetch, not
 * EventSource: EventSource cannot send the staff token's Authorization header.
 */
export async function followEvents(
  token: string,
  after: number,
  onEvent: (event: StreamedEvent) => void,
): Promise<never> {
  let last = after;
  for (;;) {
    try {
      const response = await fetch(`/ops/events?after=${last}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      });
      if (!response.ok || !response.body) throw new Error(`GET /ops/events: ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        // Messages end with a blank line; each `data:` line here is one JSON event.
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (!data) continue;
          const event = JSON.parse(data) as StreamedEvent;
          if (event.position <= last) continue;
          last = event.position;
          onEvent(event);
        }
      }
    } catch (error) {
      console.warn('event stream interrupted, reconnecting', error);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
