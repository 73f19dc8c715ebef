import { loadConfig } from './app-config.js';
import { InvalidConfigError } from './invalid-config.error.js';

function errorOf(load: () => unknown): Error {
  try {
    load();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('fills every default when the environment says nothing', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      PORT: 3000,
      SQLITE_PATH: 'data/app.sqlite',
      READ_VIEW: true,
      READ_WAIT_MS: 1000,
      IDEMPOTENCY_TTL_HOURS: 24,
      MIGRATIONS_RUN: true,
      LOG_LEVEL: 'log',
      JWT_TTL_SECONDS: 3600,
    });
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.NODE_ENV).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATABASE_READ_URL).toBeUndefined();
    expect(config.database).toBe('sqlite');
  });

  it('reads and converts every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://app:secret@db:5432/shop',
      DATABASE_READ_URL: 'postgresql://app:secret@replica:5432/shop',
      SQLITE_PATH: '/var/lib/app/app.sqlite',
      READ_VIEW: 'false',
      READ_WAIT_MS: '250',
      IDEMPOTENCY_TTL_HOURS: '48',
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      JWT_SECRET: 'a-secret-of-at-least-32-characters!!',
      JWT_TTL_SECONDS: '600',
    });

    expect(config).toMatchObject({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-secret-of-at-least-32-characters!!',
      JWT_TTL_SECONDS: 600,
      PORT: 8080,
      DATABASE_URL: 'postgres://app:secret@db:5432/shop',
      DATABASE_READ_URL: 'postgresql://app:secret@replica:5432/shop',
      SQLITE_PATH: '/var/lib/app/app.sqlite',
      READ_VIEW: false,
      READ_WAIT_MS: 250,
      IDEMPOTENCY_TTL_HOURS: 48,
      MIGRATIONS_RUN: false,
      LOG_LEVEL: 'warn',
    });
    expect(config.database).toBe('postgres');
  });

  it.each([
    ['PORT', '0', 0],
    ['PORT', '65535', 65535],
    ['READ_WAIT_MS', '0', 0],
    ['READ_WAIT_MS', '60000', 60000],
    ['READ_VIEW', 'true', true],
  ])('accepts %s=%s', (name, value, expected) => {
    expect(loadConfig({ [name]: value })).toMatchObject({ [name]: expected });
  });

  it('treats empty strings as unset, so `PORT= npm start` means the default', () => {
    const config = loadConfig({
      PORT: '',
      DATABASE_URL: '',
      DATABASE_READ_URL: '',
      SQLITE_PATH: '',
      READ_VIEW: '',
      READ_WAIT_MS: '',
      IDEMPOTENCY_TTL_HOURS: '',
      MIGRATIONS_RUN: '',
      LOG_LEVEL: '',
      NODE_ENV: '',
      JWT_SECRET: '',
      JWT_TTL_SECONDS: '',
    });

    expect(config).toEqual(loadConfig({}));
    expect(config.database).toBe('sqlite');
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ HOME: '/root', TZ: 'UTC', port: 'abc' })).toEqual(loadConfig({}));
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '1.5'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', ' 80'],
    ['PORT', '1e3'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'postgres://'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_READ_URL', 'mysql://replica/shop'],
    ['SQLITE_PATH', ':memory:'],
    ['READ_VIEW', 'yes'],
    ['READ_VIEW', '1'],
    ['READ_VIEW', 'TRUE'],
    ['READ_WAIT_MS', '-1'],
    ['READ_WAIT_MS', '60001'],
    ['READ_WAIT_MS', 'soon'],
    ['IDEMPOTENCY_TTL_HOURS', '0'],
    ['IDEMPOTENCY_TTL_HOURS', '721'],
    ['IDEMPOTENCY_TTL_HOURS', '1.5'],
    ['MIGRATIONS_RUN', 'no'],
    ['LOG_LEVEL', 'trace'],
    ['JWT_TTL_SECONDS', '59'],
    ['JWT_TTL_SECONDS', '86401'],
    ['JWT_TTL_SECONDS', 'an hour'],
  ])('rejects %s=%j with a message naming the variable and the value', (name, value) => {
    const error = errorOf(() => loadConfig({ [name]: value }));

    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error.message).toMatch(new RegExp(`^${name} must `));
    // Every value is shown as given, quoted.
    expect([`(got ${value})`, `(got ${JSON.stringify(value)})`]).toContainEqual(
      error.message.slice(error.message.lastIndexOf(' (got ') + 1),
    );
  });

  it('refuses DATABASE_READ_URL without DATABASE_URL, rather than ignoring it', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica/shop' })).toThrow(
      new InvalidConfigError(
        'DATABASE_READ_URL needs DATABASE_URL (it names a read replica of it)',
      ),
    );
  });

  it('requires JWT_SECRET when NODE_ENV=production, in one line saying so', () => {
    const error = errorOf(() => loadConfig({ NODE_ENV: 'production' }));

    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error.message).toMatch(/^JWT_SECRET is required when NODE_ENV=production/);
    expect(error.message).not.toContain('\n');
  });

  it('lets a missing JWT_SECRET pass outside production (the app generates one)', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).JWT_SECRET).toBeUndefined();
    expect(loadConfig({}).JWT_SECRET).toBeUndefined();
  });

  it('refuses a short JWT_SECRET without echoing it', () => {
    const error = errorOf(() => loadConfig({ JWT_SECRET: 'hunter2' }));

    expect(error.message).toBe('JWT_SECRET must be at least 32 characters (got 7 characters)');
    expect(error.message).not.toContain('hunter2');
  });

  it('says what a variable accepts', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(
      'PORT must be an integer from 0 to 65535 (got "abc")',
    );
    expect(() => loadConfig({ READ_VIEW: 'yes' })).toThrow(
      'READ_VIEW must be true or false (got "yes")',
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://x")',
    );
    expect(() => loadConfig({ SQLITE_PATH: ':memory:' })).toThrow(
      /^SQLITE_PATH must be a file path/,
    );
    expect(() => loadConfig({ READ_WAIT_MS: '-1' })).toThrow(
      'READ_WAIT_MS must be an integer from 0 to 60000 (got "-1")',
    );
  });

  it('reports one bad variable at a time, as one line', () => {
    const error = errorOf(() => loadConfig({ PORT: 'abc', READ_VIEW: 'yes' }));

    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/^(PORT|READ_VIEW) must /);
  });
});
