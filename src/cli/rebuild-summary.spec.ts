import { rebuildSummary } from './rebuild-summary.js';

describe('rebuildSummary', () => {
  it('gives a short run in milliseconds, without a rate', () => {
    expect(rebuildSummary('order_list_by_customer', 6, 4.24)).toBe(
      'rebuilt order_list_by_customer: 6 events in 4 ms',
    );
    expect(rebuildSummary('v', 1, 0.4)).toBe('rebuilt v: 1 event in 0 ms');
    expect(rebuildSummary('v', 0, 999.4)).toBe('rebuilt v: 0 events in 999 ms');
  });

  it('gives a run of a second or more in seconds, with its rate', () => {
    expect(rebuildSummary('v', 200_000, 8_300)).toBe(
      'rebuilt v: 200000 events in 8.3 s (24096 events/s)',
    );
  });
});
