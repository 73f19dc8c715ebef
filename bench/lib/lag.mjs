// Projection lag: how long after a command's 201 the read view's checkpoint covers its event.
import Database from 'better-sqlite3';
import pg from 'pg';

/** Polls the checkpoint as fast as the driver allows; answers { observations, stop() }. */
export function checkpointPoller(kind, env) {
  const observations = []; // [time, position], only when it changes
  let last = -1;
  let running = true;
  const note = (position) => {
    if (position !== last) {
      observations.push([performance.now(), position]);
      last = position;
    }
  };
  let done;
  if (kind === 'sqlite') {
    const db = new Database(env.SQLITE_PATH, { readonly: true });
    const statement = db.prepare(
      "SELECT position FROM projection_checkpoints WHERE name = 'order_list_by_customer'",
    );
    const timer = setInterval(() => note(Number(statement.get()?.position ?? 0)), 1);
    done = async () => {
      clearInterval(timer);
      db.close();
    };
  } else {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    const loop = (async () => {
      await client.connect();
      while (running) {
        const { rows } = await client.query(
          "SELECT position FROM projection_checkpoints WHERE name = 'order_list_by_customer'",
        );
        note(Number(rows[0]?.position ?? 0));
        await new Promise((r) => setTimeout(r, 1));
      }
      await client.end();
    })();
    done = async () => {
      running = false;
      await loop;
    };
  }
  return {
    observations,
    async stop() {
      await new Promise((r) => setTimeout(r, 300)); // let the last events be applied
      await done();
    },
  };
}

export function lagStats(acks, observations) {
  const lags = [];
  let j = 0;
  const sorted = [...acks].sort((a, b) => a[0] - b[0]);
  for (const [t, position] of sorted) {
    // first observation at or after the 201 whose checkpoint has passed the position
    let k = 0;
    while (k < observations.length && observations[k][0] < t) k++;
    while (k < observations.length && observations[k][1] < position) k++;
    j = k;
    if (k < observations.length) lags.push(observations[k][0] - t);
  }
  void j;
  lags.sort((a, b) => a - b);
  const q = (p) =>
    lags.length
      ? Math.round(lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] * 10) / 10
      : null;
  return { samples: lags.length, acked: acks.length, p50: q(0.5), p99: q(0.99), max: q(1) };
}
