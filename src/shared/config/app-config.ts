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
  MaxLength,
  Min,
  MinLength,
  NotEquals,
  validateSync,
} from 'class-validator';
import { InvalidConfigError } from './invalid-config.error.js';

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

  @Transform(toBoolean)
  @IsBoolean({ message: 'READ_VIEW must be true or false' })
  READ_VIEW = true;

  @Transform(toInteger)
  @IsInt({ message: 'READ_WAIT_MS must be an integer from 0 to 60000' })
  @Min(0, { message: 'READ_WAIT_MS must be an integer from 0 to 60000' })
  @Max(60000, { message: 'READ_WAIT_MS must be an integer from 0 to 60000' })
  READ_WAIT_MS = 1000;

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

  /** Origins allowed by CORS, comma-separated (e.g. https://shop.example); empty: CORS off. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of http(s):// origins',
  })
  CORS_ORIGINS?: string;

  /** Run pending migrations at start-up (the default, so a fresh clone just starts). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'MIGRATIONS_RUN must be true or false' })
  MIGRATIONS_RUN = true;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose',
  })
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /**
   * `production` makes JWT_SECRET required. Any other value (or none) lets a missing secret
   * be generated at start-up, with a warning: fine on a laptop, useless across instances.
   */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /** The HS256 key that signs and checks access tokens: at least 32 characters. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @MaxLength(512, { message: 'JWT_SECRET must be at most 512 characters' })
  JWT_SECRET?: string;

  /** How long an access token from POST /auth/token is valid. */
  @Transform(toInteger)
  @IsInt({ message: 'JWT_TTL_SECONDS must be an integer from 60 to 86400' })
  @Min(60, { message: 'JWT_TTL_SECONDS must be an integer from 60 to 86400' })
  @Max(86400, { message: 'JWT_TTL_SECONDS must be an integer from 60 to 86400' })
  JWT_TTL_SECONDS = 3600;

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
    [...KNOWN_KEYS, 'DATABASE_URL', 'DATABASE_READ_URL', 'CORS_ORIGINS', 'NODE_ENV', 'JWT_SECRET']
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(AppConfig, given);
  const [error] = validateSync(config, { stopAtFirstError: true });
  if (error) {
    const message = Object.values(error.constraints ?? {})[0] ?? `${error.property} is invalid`;
    // A secret is never echoed, not even a bad one: only its length.
    const got =
      error.property === 'JWT_SECRET'
        ? `${String(given.JWT_SECRET).length} characters`
        : JSON.stringify(given[error.property]);
    throw new InvalidConfigError(`${message} (got ${got})`);
  }
  if (config.DATABASE_READ_URL && !config.DATABASE_URL) {
    throw new InvalidConfigError(
      'DATABASE_READ_URL needs DATABASE_URL (it names a read replica of it)',
    );
  }
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    throw new InvalidConfigError(
      'JWT_SECRET is required when NODE_ENV=production (at least 32 characters, e.g. `openssl rand -base64 48`)',
    );
  }
  return config;
}
