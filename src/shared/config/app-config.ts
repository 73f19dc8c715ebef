import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  NotEquals,
  validateSync,
} from 'class-validator';
import { characterCount, MaxCharacters, MinCharacters } from '../http/max-characters.js';
import { InvalidConfigError } from './invalid-config.error.js';
import { estimatedEntropyBits, MIN_SECRET_ENTROPY_BITS } from './secret-strength.js';

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/**
 * The whole configuration, read from the environment once at start-up.
 * Every field says what it accepts; `loadConfig` turns a bad value into one clear line.
 */
export class AppConfig {
  @Transform(toInteger)
  @IsInt({ message: 'PORT must be an integer from 0 to 65535' })
  @Min(0, { message: 'PORT must be an integer from 0 to 65535' })
  @Max(65535, { message: 'PORT must be an integer from 0 to 65535' })
  PORT = 3000;

  /** Unset selects the embedded SQLite database. */
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Queries read from this PostgreSQL server (a read replica); defaults to DATABASE_URL. */
  @IsOptional()
  @Matches(POSTGRES_URL, {
    message: 'DATABASE_READ_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_READ_URL?: string;

  @IsString()
  @IsNotEmpty({ message: 'SQLITE_PATH must be a file path' })
  @NotEquals(':memory:', {
    message: 'SQLITE_PATH must be a file path (":memory:" cannot be shared by the read connection)',
  })
  SQLITE_PATH = 'data/app.sqlite';

  /**
   * `full` (the default): an acknowledged write survives a power cut (an fsync per commit,
   * shared by a whole commit group). `normal`: faster, and a kill -9 still loses nothing,
   * but a power cut or OS crash may undo the last writes that were acknowledged.
   */
  @IsIn(['full', 'normal'], { message: 'SQLITE_SYNCHRONOUS must be full or normal' })
  SQLITE_SYNCHRONOUS: 'full' | 'normal' = 'full';

  /** SQLite: a write that waited this long without starting is answered 503 instead. */
  @Transform(toInteger)
  @IsInt({ message: 'WRITE_QUEUE_MAX_WAIT_MS must be an integer from 10 to 60000' })
  @Min(10, { message: 'WRITE_QUEUE_MAX_WAIT_MS must be an integer from 10 to 60000' })
  @Max(60000, { message: 'WRITE_QUEUE_MAX_WAIT_MS must be an integer from 10 to 60000' })
  WRITE_QUEUE_MAX_WAIT_MS = 2000;

  /** SQLite: a write that finds this many waiting is answered 503 at once. */
  @Transform(toInteger)
  @IsInt({ message: 'WRITE_QUEUE_MAX_LENGTH must be an integer from 1 to 100000' })
  @Min(1, { message: 'WRITE_QUEUE_MAX_LENGTH must be an integer from 1 to 100000' })
  @Max(100_000, { message: 'WRITE_QUEUE_MAX_LENGTH must be an integer from 1 to 100000' })
  WRITE_QUEUE_MAX_LENGTH = 2000;

  /**
   * SQLite: a commit group commits once its commands have run this long: longer groups save
   * fsyncs, shorter ones answer their first commands sooner.
   */
  @Transform(toInteger)
  @IsInt({ message: 'WRITE_GROUP_MAX_MS must be an integer from 1 to 1000' })
  @Min(1, { message: 'WRITE_GROUP_MAX_MS must be an integer from 1 to 1000' })
  @Max(1000, { message: 'WRITE_GROUP_MAX_MS must be an integer from 1 to 1000' })
  WRITE_GROUP_MAX_MS = 10;

  @Transform(toBoolean)
  @IsBoolean({ message: 'READ_VIEW must be true or false' })
  READ_VIEW = true;

  @Transform(toInteger)
  @IsInt({ message: 'READ_WAIT_MS must be an integer from 0 to 60000' })
  @Min(0, { message: 'READ_WAIT_MS must be an integer from 0 to 60000' })
  @Max(60000, { message: 'READ_WAIT_MS must be an integer from 0 to 60000' })
  READ_WAIT_MS = 1000;

  /** With a replica: past this lag (age of the oldest event it lacks), /health says so. */
  @Transform(toInteger)
  @IsInt({ message: 'REPLICA_MAX_LAG_MS must be an integer from 0 to 3600000' })
  @Min(0, { message: 'REPLICA_MAX_LAG_MS must be an integer from 0 to 3600000' })
  @Max(3_600_000, { message: 'REPLICA_MAX_LAG_MS must be an integer from 0 to 3600000' })
  REPLICA_MAX_LAG_MS = 5000;

  /** Whether a replica past REPLICA_MAX_LAG_MS makes /health answer 503 (out of rotation). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'REPLICA_LAG_UNHEALTHY must be true or false' })
  REPLICA_LAG_UNHEALTHY = false;

  /** How long an Idempotency-Key and its answer are kept. */
  @Transform(toInteger)
  @IsInt({ message: 'IDEMPOTENCY_TTL_HOURS must be an integer from 1 to 720' })
  @Min(1, { message: 'IDEMPOTENCY_TTL_HOURS must be an integer from 1 to 720' })
  @Max(720, { message: 'IDEMPOTENCY_TTL_HOURS must be an integer from 1 to 720' })
  IDEMPOTENCY_TTL_HOURS = 24;

  /** Requests per minute per client address; 0 turns rate limiting off. */
  @Transform(toInteger)
  @IsInt({ message: 'RATE_LIMIT_PER_MINUTE must be an integer from 0 to 1000000' })
  @Min(0, { message: 'RATE_LIMIT_PER_MINUTE must be an integer from 0 to 1000000' })
  @Max(1_000_000, { message: 'RATE_LIMIT_PER_MINUTE must be an integer from 0 to 1000000' })
  RATE_LIMIT_PER_MINUTE = 1200;

  /** Redis that instances share the rate limit's counters through; unset: each counts alone. */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, {
    message: 'RATE_LIMIT_REDIS_URL must be a redis:// or rediss:// URL',
  })
  RATE_LIMIT_REDIS_URL?: string;

  /** Prefix of the rate limit's Redis keys, so several services can share one Redis. */
  @Matches(/^[\w:.-]{1,100}$/, {
    message: 'RATE_LIMIT_KEY_PREFIX must be 1-100 letters, digits, _, :, . or -',
  })
  RATE_LIMIT_KEY_PREFIX = 'rate-limit:';

  /**
   * How often the projection runner looks for events it was not told about (the safety net behind
   * in-process wake-ups and, on PostgreSQL, LISTEN/NOTIFY from other instances).
   */
  @Transform(toInteger)
  @IsInt({ message: 'PROJECTION_POLL_MS must be an integer from 50 to 600000' })
  @Min(50, { message: 'PROJECTION_POLL_MS must be an integer from 50 to 600000' })
  @Max(600_000, { message: 'PROJECTION_POLL_MS must be an integer from 50 to 600000' })
  PROJECTION_POLL_MS = 1000;
  /**
   * POST /auth/token and POST /customers, each: requests per minute per client address
   * (instead of RATE_LIMIT_PER_MINUTE there); 0 turns it off.
   */
  @Transform(toInteger)
  @IsInt({ message: 'AUTH_LIMIT_PER_MINUTE must be an integer from 0 to 1000000' })
  @Min(0, { message: 'AUTH_LIMIT_PER_MINUTE must be an integer from 0 to 1000000' })
  @Max(1_000_000, { message: 'AUTH_LIMIT_PER_MINUTE must be an integer from 0 to 1000000' })
  AUTH_LIMIT_PER_MINUTE = 30;

  /** POST /auth/token and POST /customers, each: attempts per minute per email; 0: off. */
  @Transform(toInteger)
  @IsInt({ message: 'AUTH_LIMIT_PER_EMAIL must be an integer from 0 to 1000000' })
  @Min(0, { message: 'AUTH_LIMIT_PER_EMAIL must be an integer from 0 to 1000000' })
  @Max(1_000_000, {
    message: 'AUTH_LIMIT_PER_EMAIL must be an integer from 0 to 1000000',
  })
  AUTH_LIMIT_PER_EMAIL = 10;

  /** Origins allowed by CORS, comma-separated (e.g. https://shop.example); empty: CORS off. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of http(s):// origins',
  })
  CORS_ORIGINS?: string;

  /**
   * On SIGTERM, how long to keep serving (with /health answering 503) before closing: the
   * time a load balancer needs to stop sending, and the backlog to be served rather than reset.
   */
  @Transform(toInteger)
  @IsInt({ message: 'SHUTDOWN_DRAIN_MS must be an integer from 0 to 60000' })
  @Min(0, { message: 'SHUTDOWN_DRAIN_MS must be an integer from 0 to 60000' })
  @Max(60000, { message: 'SHUTDOWN_DRAIN_MS must be an integer from 0 to 60000' })
  SHUTDOWN_DRAIN_MS = 1000;

  /** Run pending migrations at start-up (the default, so a fresh clone just starts). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'MIGRATIONS_RUN must be true or false' })
  MIGRATIONS_RUN = true;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose',
  })
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /**
   * `production` (any letter case) makes JWT_SECRET required and turns the API docs off by
   * default. Any other value (or none) lets a missing secret be generated at start-up, with
   * a warning: fine on a laptop, useless across instances.
   */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /**
   * The HS256 key that signs and checks access tokens: at least 32 characters, and not
   * predictable (see secret-strength.ts).
   */
  @IsOptional()
  @IsString()
  @MinCharacters(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @MaxCharacters(512, { message: 'JWT_SECRET must be at most 512 characters' })
  JWT_SECRET?: string;

  /** How long an access token from POST /auth/token is valid. */
  @Transform(toInteger)
  @IsInt({ message: 'JWT_TTL_SECONDS must be an integer from 60 to 86400' })
  @Min(60, { message: 'JWT_TTL_SECONDS must be an integer from 60 to 86400' })
  @Max(86400, { message: 'JWT_TTL_SECONDS must be an integer from 60 to 86400' })
  JWT_TTL_SECONDS = 3600;

  /** Swagger UI at /docs and the OpenAPI document at /docs-json; unset: on, but not in production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'API_DOCS must be true or false' })
  API_DOCS?: boolean;

  /**
   * The live teaching page at /demo, its demo accounts (created at start-up, credentials in
   * the log) and its lesson controls (slow down, break, rebuild the projector). Never in
   * production: the controls break the read side on purpose.
   */
  @Transform(toBoolean)
  @IsBoolean({ message: 'DEMO must be true or false' })
  DEMO = false;

  get isProduction(): boolean {
    return this.NODE_ENV?.trim().toLowerCase() === 'production';
  }

  get apiDocs(): boolean {
    return this.API_DOCS ?? !this.isProduction;
  }

  get database(): 'sqlite' | 'postgres' {
    return this.DATABASE_URL ? 'postgres' : 'sqlite';
  }
}

const KNOWN_KEYS = Object.keys(new AppConfig());

/**
 * Builds the configuration from environment variables. Empty strings count as unset, so
 * `PORT= npm start` means the default rather than an error.
 * @throws InvalidConfigError naming the first bad variable and what it accepts.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const given = Object.fromEntries(
    [
      ...KNOWN_KEYS,
      'DATABASE_URL',
      'DATABASE_READ_URL',
      'CORS_ORIGINS',
      'NODE_ENV',
      'JWT_SECRET',
      'RATE_LIMIT_REDIS_URL',
      'API_DOCS',
    ]
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(AppConfig, given);
  const [error] = validateSync(config, { stopAtFirstError: true });
  if (error) {
    const message = Object.values(error.constraints ?? {})[0] ?? `${error.property} is invalid`;
    // A secret is never echoed, not even a bad one: only its length, or a URL without its password.
    const got =
      error.property === 'JWT_SECRET'
        ? `${characterCount(String(given.JWT_SECRET))} characters`
        : JSON.stringify(withoutPassword(String(given[error.property])));
    throw new InvalidConfigError(`${message} (got ${got})`);
  }
  if (config.DATABASE_READ_URL && !config.DATABASE_URL) {
    throw new InvalidConfigError(
      'DATABASE_READ_URL needs DATABASE_URL (it names a read replica of it)',
    );
  }
  if (config.isProduction && config.DEMO) {
    throw new InvalidConfigError(
      'DEMO=true is refused when NODE_ENV=production (its controls break the read side on purpose)',
    );
  }
  if (config.isProduction && !config.JWT_SECRET) {
    throw new InvalidConfigError(
      'JWT_SECRET is required when NODE_ENV=production (at least 32 characters, e.g. `openssl rand -base64 48`)',
    );
  }
  if (config.JWT_SECRET && estimatedEntropyBits(config.JWT_SECRET) < MIN_SECRET_ENTROPY_BITS) {
    throw new InvalidConfigError(
      'JWT_SECRET is too predictable (repeated characters, whitespace or a short pattern): ' +
        'use a random value, e.g. `openssl rand -base64 48`',
    );
  }
  return config;
}

/** `scheme://user:secret@host` as `scheme://user:***@host`: config errors end up in logs. */
function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@]*@/i, '$1***@');
}
