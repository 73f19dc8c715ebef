import { loadConfig } from './app-config.js';
import { InvalidConfigError } from './invalid-config.error.js';

/** What `openssl rand -base64 48` prints. */
const RANDOM_SECRET = 'k7Q2vN9xWmE4pR1tYbZ8cF3hJ6sL0gA5dU2iO9eK4nM7qT1wX3yB6vC8zH0jP5rS';

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
      REPLICA_MAX_LAG_MS: 5000,
      REPLICA_LAG_UNHEALTHY: false,
      IDEMPOTENCY_TTL_HOURS: 24,
      MIGRATIONS_RUN: true,
      LOG_LEVEL: 'log',
      JWT_TTL_SECONDS: 3600,
      SQLITE_SYNCHRONOUS: 'full',
      WRITE_QUEUE_MAX_WAIT_MS: 2000,
      WRITE_QUEUE_MAX_LENGTH: 2000,
      WRITE_GROUP_MAX_MS: 10,
      SHUTDOWN_DRAIN_MS: 1000,
      RATE_LIMIT_KEY_PREFIX: 'rate-limit:',
      PROJECTION_POLL_MS: 1000,
    });
    expect(config.RATE_LIMIT_REDIS_URL).toBeUndefined();
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
      REPLICA_MAX_LAG_MS: '2000',
      REPLICA_LAG_UNHEALTHY: 'true',
      IDEMPOTENCY_TTL_HOURS: '48',
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      JWT_SECRET: 'a-secret-of-at-least-32-characters!!',
      JWT_TTL_SECONDS: '600',
      RATE_LIMIT_REDIS_URL: 'rediss://:secret@cache:6380/2',
      RATE_LIMIT_KEY_PREFIX: 'shop:limits:',
      PROJECTION_POLL_MS: '5000',
    });

    expect(config).toMatchObject({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-secret-of-at-least-32-characters!!',
      JWT_TTL_SECONDS: 600,
      RATE_LIMIT_REDIS_URL: 'rediss://:secret@cache:6380/2',
      RATE_LIMIT_KEY_PREFIX: 'shop:limits:',
      PROJECTION_POLL_MS: 5000,
      PORT: 8080,
      DATABASE_URL: 'postgres://app:secret@db:5432/shop',
      DATABASE_READ_URL: 'postgresql://app:secret@replica:5432/shop',
      SQLITE_PATH: '/var/lib/app/app.sqlite',
      READ_VIEW: false,
      READ_WAIT_MS: 250,
      REPLICA_MAX_LAG_MS: 2000,
      REPLICA_LAG_UNHEALTHY: true,
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
    ['REPLICA_MAX_LAG_MS', '0', 0],
    ['REPLICA_MAX_LAG_MS', '3600000', 3600000],
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
      REPLICA_MAX_LAG_MS: '',
      REPLICA_LAG_UNHEALTHY: '',
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
    ['REPLICA_MAX_LAG_MS', '-1'],
    ['REPLICA_MAX_LAG_MS', '3600001'],
    ['REPLICA_MAX_LAG_MS', '5s'],
    ['REPLICA_LAG_UNHEALTHY', 'yes'],
    ['IDEMPOTENCY_TTL_HOURS', '0'],
    ['IDEMPOTENCY_TTL_HOURS', '721'],
    ['IDEMPOTENCY_TTL_HOURS', '1.5'],
    ['MIGRATIONS_RUN', 'no'],
    ['LOG_LEVEL', 'trace'],
    ['JWT_TTL_SECONDS', '59'],
    ['JWT_TTL_SECONDS', '86401'],
    ['JWT_TTL_SECONDS', 'an hour'],
    ['SQLITE_SYNCHRONOUS', 'off'],
    ['SQLITE_SYNCHRONOUS', 'FULL'],
    ['WRITE_QUEUE_MAX_WAIT_MS', '9'],
    ['WRITE_QUEUE_MAX_WAIT_MS', '60001'],
    ['WRITE_QUEUE_MAX_LENGTH', '0'],
    ['WRITE_QUEUE_MAX_LENGTH', 'many'],
    ['WRITE_GROUP_MAX_MS', '0'],
    ['WRITE_GROUP_MAX_MS', '1001'],
    ['SHUTDOWN_DRAIN_MS', '-1'],
    ['SHUTDOWN_DRAIN_MS', '60001'],
    ['RATE_LIMIT_REDIS_URL', 'http://cache:6379'],
    ['RATE_LIMIT_REDIS_URL', 'redis://'],
    ['RATE_LIMIT_KEY_PREFIX', 'has space'],
    ['PROJECTION_POLL_MS', '49'],
    ['PROJECTION_POLL_MS', '600001'],
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

  it('keeps DEMO off by default, and refuses DEMO=true in production', () => {
    expect(loadConfig({}).DEMO).toBe(false);
    expect(loadConfig({ DEMO: 'true' }).DEMO).toBe(true);
    expect(() => loadConfig({ DEMO: 'yes' })).toThrow(/^DEMO must be true or false/);
    expect(() =>
      loadConfig({ DEMO: 'true', NODE_ENV: 'production', JWT_SECRET: RANDOM_SECRET }),
    ).toThrow(
      new InvalidConfigError(
        'DEMO=true is refused when NODE_ENV=production (its controls break the read side on purpose)',
      ),
    );
  });

  it.each(['Production', 'PRODUCTION', ' production '])(
    'treats NODE_ENV=%j as production, ignoring letter case',
    (nodeEnv) => {
      expect(() => loadConfig({ NODE_ENV: nodeEnv })).toThrow(/^JWT_SECRET is required/);
      expect(loadConfig({ NODE_ENV: nodeEnv, JWT_SECRET: RANDOM_SECRET }).isProduction).toBe(true);
    },
  );

  it.each([
    ['32 identical characters', 'a'.repeat(32)],
    ['whitespace', ' '.repeat(40)],
    ['a word repeated', 'password'.repeat(4)],
    ['two characters alternating', 'ab'.repeat(32)],
  ])('refuses a predictable JWT_SECRET (%s), in one line, without echoing it', (_case, secret) => {
    for (const env of [{ NODE_ENV: 'production' }, {}]) {
      const error = errorOf(() => loadConfig({ ...env, JWT_SECRET: secret }));
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect(error.message).toMatch(/^JWT_SECRET is too predictable .*openssl rand/);
      expect(error.message).not.toContain('\n');
      expect(error.message).not.toContain(secret);
    }
  });

  it.each([
    ['openssl rand -base64 48', RANDOM_SECRET],
    ['openssl rand -hex 16', 'c5b2e9f03a41d87e6f19b0c4d2a7e853'],
  ])('accepts a random JWT_SECRET (%s)', (_case, secret) => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET).toBe(secret);
  });

  it.each([
    [{}, true],
    [{ NODE_ENV: 'development' }, true],
    [{ NODE_ENV: 'Production', JWT_SECRET: RANDOM_SECRET }, false],
    [{ NODE_ENV: 'production', JWT_SECRET: RANDOM_SECRET, API_DOCS: 'true' }, true],
    [{ API_DOCS: 'false' }, false],
  ])('serves the API docs or not: %j -> %s', (env, expected) => {
    expect(loadConfig(env).apiDocs).toBe(expected);
  });

  it('refuses an API_DOCS that is not true or false', () => {
    expect(() => loadConfig({ API_DOCS: 'yes' })).toThrow(
      'API_DOCS must be true or false (got "yes")',
    );
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

  it('counts JWT_SECRET in characters (code points), variation selectors included', () => {
    // @MinLength / @MaxLength counted these as 20 and 320: too short, and short enough.
    const forty = [...'k7Q2vN9xWmE4pR1tYbZ8'].map((c) => `${c}\ufe0f`).join('');
    expect(loadConfig({ JWT_SECRET: forty }).JWT_SECRET).toBe(forty);
    const tooLong = [...RANDOM_SECRET.repeat(5)].map((c) => `${c}\ufe0f`).join('');
    expect(errorOf(() => loadConfig({ JWT_SECRET: tooLong })).message).toBe(
      'JWT_SECRET must be at most 512 characters (got 640 characters)',
    );
  });

  it.each(['DATABASE_URL', 'DATABASE_READ_URL', 'RATE_LIMIT_REDIS_URL'])(
    'refuses a bad %s without echoing the password in it',
    (name) => {
      const error = errorOf(() =>
        loadConfig({
          DATABASE_URL: 'postgres://db/shop',
          [name]: 'mysql://app:s3cr3t@db:3306/shop',
        }),
      );

      expect(error.message).toMatch(new RegExp(`^${name} must `));
      expect(error.message).toContain('(got "mysql://app:***@db:3306/shop")');
      expect(error.message).not.toContain('s3cr3t');
    },
  );

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
