import { TEST_DB } from './support/test-database.js';
import { PrivateCluster, privateClusterUnavailable } from './support/private-cluster.js';

// The fault tests stand on this helper: show once that it does what they rely on.
const describeIfClusters =
  TEST_DB === 'postgres' && privateClusterUnavailable === null ? describe : describe.skip;
if (TEST_DB === 'postgres' && privateClusterUnavailable !== null) {
  console.warn(`private-cluster tests skipped: ${privateClusterUnavailable}`);
}

describeIfClusters('a private PostgreSQL cluster and its streaming replica', () => {
  let primary: PrivateCluster;
  let replica: PrivateCluster;
  beforeAll(async () => {
    primary = await PrivateCluster.create();
    await primary.query('CREATE TABLE marks (n int)');
    replica = await primary.createReplica();
  }, 120_000);
  afterAll(async () => {
    await replica?.destroy();
    await primary?.destroy();
  });

  const replicated = async (n: number) => {
    for (let tries = 0; tries < 200; tries += 1) {
      const [row] = await replica.query<{ n: string }>('SELECT count(*) AS n FROM marks');
      if (Number(row.n) === n) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  };

  it('streams the primary’s writes, and holds them back while replay is paused', async () => {
    await primary.query('INSERT INTO marks VALUES (1)');
    expect(await replicated(1)).toBe(true);

    await replica.query('SELECT pg_wal_replay_pause()');
    await primary.query('INSERT INTO marks VALUES (2)');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [paused] = await replica.query<{ n: string }>('SELECT count(*) AS n FROM marks');
    expect(Number(paused.n)).toBe(1);

    await replica.query('SELECT pg_wal_replay_resume()');
    expect(await replicated(2)).toBe(true);
  });

  it('refuses connections once stopped immediately, and serves again once restarted', async () => {
    await primary.stop('immediate');
    await expect(primary.query('SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await primary.start();
    await expect(primary.query('SELECT count(*) FROM marks')).resolves.toHaveLength(1);
  });
});
