// Projection lag: how long after a command's 201 the read view's checkpoint covers its event.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * Polls the checkpoint as fast as the driver allows, in a worker thread: in the thread of the
 * load generator, a change would be noted only when its event loop got to it, tens of ms late
 * under load (and the 201s it compares with are noted there too). Resolves once the first
 * reading is in, to { observations, stop() }; `observations` ([performance.now(), position],
 * on this thread's clock, only when the position changes) are filled by stop().
 */
export async function checkpointPoller(kind, env) {
  const worker = new Worker(new URL('./checkpoint-poller.worker.mjs', import.meta.url), {
    workerData: { kind, env },
  });
  const observations = [];
  await once(worker, 'message'); // 'ready'
  const done = once(worker, 'message');
  return {
    observations,
    async stop() {
      await new Promise((r) => setTimeout(r, 300)); // let the last events be applied
      worker.postMessage('stop');
      const [noted] = await done;
      for (const [epochMs, position] of noted) {
        observations.push([epochMs - performance.timeOrigin, position]);
      }
      await worker.terminate();
    },
  };
}

/**
 * Lag of each acknowledged write: 0 if the checkpoint already covered it when its 201 came
 * back (it can: the runner starts at the commit, before the answer is sent), else the time
 * from the 201 to the first observation that covers it. Observations hold only changes, so
 * the checkpoint at a moment is the last observation before it.
 */
export function lagStats(acks, observations) {
  const lags = [];
  for (const [t, position] of [...acks].sort((a, b) => a[0] - b[0])) {
    let k = 0;
    while (k + 1 < observations.length && observations[k + 1][0] <= t) k++;
    if (observations[k]?.[0] <= t && observations[k][1] >= position) {
      lags.push(0);
      continue;
    }
    while (k < observations.length && (observations[k][0] < t || observations[k][1] < position))
      k++;
    if (k < observations.length) lags.push(observations[k][0] - t);
  }
  lags.sort((a, b) => a - b);
  const q = (p) =>
    lags.length
      ? Math.round(lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] * 10) / 10
      : null;
  return { samples: lags.length, acked: acks.length, p50: q(0.5), p99: q(0.99), max: q(1) };
}
