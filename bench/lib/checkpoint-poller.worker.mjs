// Runs in its own thread (see lag.mjs): polls the order list's checkpoint as fast as the
// driver allows and notes each change with its wall-clock time.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pg from 'pg';

const SQL = "SELECT position FROM projection_checkpoints WHERE name = 'order_list_by_customer'";
const observations = []; // [epoch ms, position], only when it changes
let last = -1;
let running = true;
const note = (position) => {
  if (last === -1) parentPort.postMessage('ready');
  if (position !== last) {
    observations.push([performance.timeOrigin + performance.now(), position]);
    last = position;
  }
};
const pause = () => new Promise((resolve) => setTimeout(resolve, 1));

parentPort.once('message', () => (running = false)); // any message means stop

if (workerData.kind === 'sqlite') {
  const db = new Database(workerData.env.SQLITE_PATH, { readonly: true });
  const statement = db.prepare(SQL);
  while (running) {
    note(Number(statement.get()?.position ?? 0));
    await pause();
  }
  db.close();
} else {
  const client = new pg.Client({ connectionString: workerData.env.DATABASE_URL });
  await client.connect();
  while (running) {
    const { rows } = await client.query(SQL);
    note(Number(rows[0]?.position ?? 0));
    await pause();
  }
  await client.end();
}
parentPort.postMessage(observations);
