import type { LoggedEvent } from '../event-log/logged-event.js';

/**
 * For a projection's `applyAll`: goes through `events` in log order, handing each run of
 * consecutive events of `type` to `applyRun` at once (one statement for the run) and every
 * other event to `applyOne` in its place.
 */
export async function applyInRuns<E extends LoggedEvent, T extends E['type']>(
  events: readonly E[],
  type: T,
  applyRun: (run: Extract<E, { type: T }>[]) => Promise<void>,
  applyOne: (event: E) => Promise<void>,
): Promise<void> {
  let run: Extract<E, { type: T }>[] = [];
  for (const event of events) {
    if (event.type === type) {
      run.push(event as Extract<E, { type: T }>);
      continue;
    }
    if (run.length > 0) await applyRun(run);
    run = [];
    await applyOne(event);
  }
  if (run.length > 0) await applyRun(run);
}
