import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Runs statements straight on a test app's database (its env: SQLITE_PATH or DATABASE_URL),
 * beside the running app: for a test to set up what no route can, such as a trigger that
 * makes an insert fail.
 */
export async function runSql(env: Record<string, string>, statements: string[]): Promise<void> {
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
    return;
  }
  // No busy timeout: better-sqlite3 would wait synchronously, and an app in this process
  // holding the write lock across turns of the event loop (a write group) could never let
  // go. Each statement is retried instead, the event loop running meanwhile.
  const db = new Database(env.SQLITE_PATH, { timeout: 0 });
  try {
    for (const statement of statements) await retriedWhileBusy(() => db.exec(statement));
  } finally {
    db.close();
  }
}

async function retriedWhileBusy(run: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      run();
      return;
    } catch (error) {
      const busy = String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');
      if (!busy || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** Makes every insert into `table` fail with a plain database error (not "unavailable": a 500). */
export function failInsertsInto(env: Record<string, string>, table: string): Promise<void> {
  if (env.DATABASE_URL) {
    return runSql(env, [
      `CREATE OR REPLACE FUNCTION forced_failure() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$`,
      `CREATE TRIGGER ${table}_forced_failure BEFORE INSERT ON ${table}
         FOR EACH ROW EXECUTE FUNCTION forced_failure()`,
    ]);
  }
  return runSql(env, [
    `CREATE TRIGGER ${table}_forced_failure BEFORE INSERT ON ${table}
       BEGIN SELECT RAISE(ABORT, 'forced failure'); END`,
  ]);
}
