import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './app-process.js';

const run = promisify(execFile);

/** Where Debian installs the PostgreSQL 15 server programs (initdb, pg_ctl, pg_basebackup). */
const BIN_DIR = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * Why private clusters cannot run here, or null when they can. Tests that need one skip
 * with this reason (`describe.skip` plus a printed line), never pass without running.
 */
export const privateClusterUnavailable: string | null = !existsSync(join(BIN_DIR, 'initdb'))
  ? `no PostgreSQL server binaries in ${BIN_DIR} (set PG_BIN_DIR)`
  : process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser')
    ? 'running as root without runuser to drop to the postgres user'
    : null;

/**
 * A PostgreSQL server of our own, on a free port, in a temporary directory: the machine's
 * shared server is not ours to stop, and fault tests must stop theirs (`stop('immediate')`
 * is a crash: no checkpoint, no goodbye to clients). Runs as the `postgres` user when the
 * tests run as root (PostgreSQL refuses to run as root).
 */
export class PrivateCluster {
  private constructor(
    readonly directory: string,
    readonly port: number,
    private readonly socketDirectory: string,
  ) {}

  /** initdb + start: trust authentication, replication allowed from 127.0.0.1. */
  static async create(): Promise<PrivateCluster> {
    const root = ownedTempDir('nest-cqrs-pg-');
    const cluster = new PrivateCluster(join(root, 'data'), await freePort(), root);
    await asPostgres('initdb', [
      '-D',
      cluster.directory,
      '--auth=trust',
      '--username=postgres',
      '--encoding=UTF8',
      '--no-sync',
    ]);
    writeFileSync(
      join(cluster.directory, 'postgresql.auto.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        'max_connections = 100',
        'wal_level = replica',
        'max_wal_senders = 5',
        'hot_standby = on',
        'hot_standby_feedback = on',
        '', // Tests start and crash clusters often: durability of the test data is not the point.
        'fsync = off',
        'full_page_writes = off',
        '',
      ].join('\n'),
    );
    await cluster.start();
    return cluster;
  }

  /** A streaming replica of this cluster (pg_basebackup -R), started and replaying. */
  async createReplica(): Promise<PrivateCluster> {
    const root = ownedTempDir('nest-cqrs-pg-replica-');
    const replica = new PrivateCluster(join(root, 'data'), await freePort(), root);
    await asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-D',
      replica.directory,
      '-R', // writes standby.signal and primary_conninfo
      '-X',
      'stream',
      // Start at once: the default waits for a spread checkpoint, minutes on an idle primary.
      '--checkpoint=fast',
      '--no-sync',
    ]);
    await replica.start();
    return replica;
  }

  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    await asPostgres('pg_ctl', [
      '-D',
      this.directory,
      '-o',
      `-p ${this.port} -k ${this.socketDirectory}`,
      '-l',
      join(this.socketDirectory, 'server.log'),
      '-w', // wait until it accepts connections
      '-t',
      '60',
      'start',
    ]);
  }

  /** `immediate` is a crash (clients get cut off mid-statement); `fast` a clean stop. */
  async stop(mode: 'immediate' | 'fast' = 'fast'): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.directory, '-m', mode, '-w', 'stop']);
  }

  /** Runs SQL on this cluster over a short-lived connection. */
  async query<T extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    parameters: unknown[] = [],
    database = 'postgres',
  ): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query<T>(sql, parameters)).rows;
    } finally {
      await client.end();
    }
  }

  /** Stops the server if it runs and deletes its files. Safe to call twice. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined); // may already be stopped
    rmSync(this.socketDirectory, { recursive: true, force: true });
  }
}

/** A temporary directory the postgres user owns (initdb and the server write into it). */
function ownedTempDir(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresUser();
    chownSync(directory, uid, gid);
  }
  return directory;
}

let postgresIds: { uid: number; gid: number } | undefined;
function postgresUser(): { uid: number; gid: number } {
  if (!postgresIds) {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('postgres:'));
    if (!line) throw new Error('no postgres user on this machine');
    const [, , uid, gid] = line.split(':');
    postgresIds = { uid: Number(uid), gid: Number(gid) };
  }
  return postgresIds;
}

/** Runs a server program as the postgres user (when we are root) and fails with its output. */
async function asPostgres(program: string, args: string[]): Promise<void> {
  const path = join(BIN_DIR, program);
  const [command, commandArgs] =
    process.getuid?.() === 0
      ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', path, ...args]]
      : [path, args];
  try {
    await run(command, commandArgs, { cwd: tmpdir(), timeout: 120_000 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${program} failed: ${stderr || stdout || String(error)}`, { cause: error });
  }
}
