/**
 * The line `projections:rebuild` prints for each projection. A rate is given only for a run
 * of a second or more: over a few milliseconds it measures start-up noise, not the rebuild
 * ("6 events in 0.00 s (1415 events/s)" said nothing true).
 */
export function rebuildSummary(name: string, events: number, milliseconds: number): string {
  const count = `${events} ${events === 1 ? 'event' : 'events'}`;
  if (milliseconds < 1000) return `rebuilt ${name}: ${count} in ${Math.round(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  const rate = Math.round(events / seconds);
  return `rebuilt ${name}: ${count} in ${seconds.toFixed(1)} s (${rate} events/s)`;
}
