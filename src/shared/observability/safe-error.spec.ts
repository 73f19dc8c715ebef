import { QueryFailedError } from 'typeorm';
import { safeError, safeErrorText } from './safe-error.js';

/** A failed INSERT as TypeORM reports it on PostgreSQL: the statement, its values, the driver's error. */
function aFailedInsert(): QueryFailedError {
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), {
    code: '23505',
    detail: 'Key (email)=(ada@example.org) already exists.',
  });
  return new QueryFailedError(
    'INSERT INTO customers (email, password_hash, street) VALUES ($1, $2, $3)',
    ['ada@example.org', 'scrypt$32768$8$1$c2FsdA$aGFzaA', '1 Secret Lane'],
    driverError,
  );
}

describe('safeError', () => {
  it("keeps a failed statement's class, code and message, and none of its SQL, values or driver fields", () => {
    const error = aFailedInsert();
    const logged = safeError(error);
    expect(logged).toEqual({
      type: 'QueryFailedError',
      code: '23505',
      message: 'duplicate key value violates unique constraint',
      stack: expect.stringContaining('QueryFailedError'),
    });
    const text = JSON.stringify(logged);
    for (const secret of ['ada@example.org', 'scrypt$', 'Secret Lane', 'INSERT', 'Key (email)']) {
      expect(text).not.toContain(secret);
    }
    // What it leaves out is really on the error: TypeORM copies the driver's fields onto it.
    expect(JSON.stringify({ ...error, query: error.query })).toContain('ada@example.org');
  });

  it('follows what an error wraps, as safely, three levels deep at most', () => {
    let error: Error = aFailedInsert();
    for (let level = 1; level <= 5; level += 1) {
      error = new Error(`level ${level}`, { cause: error });
    }
    const logged = safeError(error);
    expect(logged.message).toBe('level 5');
    expect(logged.cause?.cause?.cause?.message).toBe('level 2');
    expect(logged.cause?.cause?.cause?.cause).toBeUndefined();
    expect(JSON.stringify(logged)).not.toContain('ada@example.org');
  });

  it('describes what is thrown that is not an Error by its type and text', () => {
    expect(safeError('a plain string')).toEqual({ type: 'string', message: 'a plain string' });
    expect(safeError(undefined)).toEqual({ type: 'undefined', message: 'undefined' });
  });
});

describe('safeErrorText', () => {
  it('prints class, code and message, then the frames of the stack, and nothing of the statement', () => {
    const [first, ...frames] = safeErrorText(aFailedInsert()).split('\n');
    expect(first).toBe('QueryFailedError (23505): duplicate key value violates unique constraint');
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((line) => /^\s+at /.test(line))).toBe(true);
    expect(safeErrorText(aFailedInsert())).not.toContain('ada@example.org');
  });
});
