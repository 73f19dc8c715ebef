import pg from 'pg';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
  TypeORMError,
} from 'typeorm';
import { freePort } from '../../../test/support/app-process.js';
import { databaseErrorCode, isDatabaseUnavailable } from './database-unavailable.js';

/** A driver error as pg builds it: a message, and a SQLSTATE when the server sent one. */
function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

/** As TypeORM wraps a failed statement: the driver's error in `driverError`. */
const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

/**
 * The errors below are the ones a stopped PostgreSQL really produced (a private cluster
 * stopped with `pg_ctl stop -m immediate` and `-m fast` under write load, the pool held full,
 * a server down at connect): each must become a 503, and a bug must stay a 500.
 */
describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'a statement in flight when the server crashed',
      wrapped(pgError('Connection terminated unexpectedly')),
    ],
    [
      'a statement cut by a fast shutdown (57P01)',
      wrapped(pgError('terminating connection due to administrator command', '57P01')),
    ],
    [
      'the server starting up or shutting down (57P03)',
      pgError('the database system is starting up', '57P03'),
    ],
    ['no free connection in the pool in time', pgError('timeout exceeded when trying to connect')],
    ['a connect that timed out', pgError('Connection terminated due to connection timeout')],
    ['a query on a client the error closed', pgError('Client was closed and is not queryable')],
    [
      'the next statement of a transaction whose connection broke',
      new QueryRunnerAlreadyReleasedError(),
    ],
    ['the same, through the transaction’s manager', new QueryRunnerProviderAlreadyReleasedError()],
    [
      'a driver error wrapped as a cause',
      new Error('place order failed', { cause: pgError('x', 'ECONNRESET') }),
    ],
    [
      'SQLite’s extended I/O codes',
      Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }),
    ],
  ])('%s is unavailable', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('classifies what pg really throws when no server listens (ECONNREFUSED)', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'postgres' });
    const error: unknown = await client.connect().catch((refused: unknown) => refused);
    expect(databaseErrorCode(error)).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a unique violation',
      wrapped(pgError('duplicate key value violates unique constraint', '23505')),
    ],
    ['a syntax error', wrapped(pgError('syntax error at or near "SELEC"', '42601'))],
    ['any other TypeORM error', new TypeORMError('Driver not Connected')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'Connection terminated unexpectedly'],
  ])('%s is not', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
