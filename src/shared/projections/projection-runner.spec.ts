import { retryDelayMs, UNAVAILABLE_RETRY_MAX_MS } from './projection-runner.js';

describe('retryDelayMs', () => {
  const delays = (databaseUnavailable: boolean) =>
    Array.from({ length: 12 }, (_, n) => retryDelayMs(n + 1, databaseUnavailable));

  it('backs off to 30 s from an event that cannot be applied: a bug needs a fix, not a storm', () => {
    expect(delays(false)).toEqual([
      100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000,
    ]);
  });

  it('retries an unavailable database at least every second: it may be back any moment', () => {
    expect(delays(true)).toEqual([100, 200, 400, 800, ...Array(8).fill(UNAVAILABLE_RETRY_MAX_MS)]);
    expect(UNAVAILABLE_RETRY_MAX_MS).toBeLessThanOrEqual(1000);
  });
});
