import 'reflect-metadata';
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import { stdin } from 'node:process';
import { parseArgs } from 'node:util';
import { StaffEmailTakenError } from '../modules/identity/contracts/identity.errors.js';
import { CreateStaffAccountCommand } from '../modules/identity/commands/create-staff-account/create-staff-account.command.js';
import { CreateStaffAccountHandler } from '../modules/identity/commands/create-staff-account/create-staff-account.handler.js';
import { StaffAccount } from '../modules/identity/domain/staff-account.entity.js';
import { PasswordHasher } from '../shared/auth/password-hasher.js';
import { loadConfig } from '../shared/config/app-config.js';
import { InvalidConfigError } from '../shared/config/invalid-config.error.js';
import {
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../shared/auth/credential-limits.js';
import { characterCount } from '../shared/http/max-characters.js';
import { safeErrorText } from '../shared/observability/safe-error.js';
import { CliModule } from './cli.module.js';
import { askHidden, PromptCancelledError } from './hidden-prompt.js';

const USAGE = `usage: npm run staff:create -- --email <email>
  The password (8 to 200 characters) is asked for, without echo; or set STAFF_PASSWORD
  (CI, scripts). It is never an argument: a command line is echoed into the terminal, the
  shell history, the process list and CI logs.`;

/**
 * `npm run staff:create -- --email …`: creates a staff account, the only way to get one (no
 * HTTP route creates staff). Runs against the database of the environment, like the app
 * (DATABASE_URL or SQLITE_PATH), and runs pending migrations first. The password comes from
 * STAFF_PASSWORD or a prompt that does not echo it.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  if (values.password !== undefined) {
    throw new UsageError(`--password is not accepted (its value is not shown here)\n${USAGE}`);
  }
  const email = values.email ?? '';
  if (!isEmail(email) || email.length > EMAIL_MAX_LENGTH)
    throw new UsageError(`--email must be an email\n${USAGE}`);
  const password = await passwordFromEnvironmentOrPrompt();
  // In characters (code points), as POST /customers counts a customer's password.
  const characters = characterCount(password);
  if (characters < PASSWORD_MIN_LENGTH || characters > PASSWORD_MAX_LENGTH) {
    throw new UsageError(
      `the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters\n${USAGE}`,
    );
  }
  // This process only writes one row: its own projection runner stays idle.
  const config = Object.assign(loadConfig(process.env), { READ_VIEW: false });
  // The one command it runs, on the app's command path (UnitOfWork: the row and its event).
  const cli = CliModule.forRoot(config, {
    providers: [CreateStaffAccountHandler, PasswordHasher],
    imports: [TypeOrmModule.forFeature([StaffAccount])],
  });
  const app = await NestFactory.createApplicationContext(cli, { logger: ['error'] });
  try {
    const staff = await app.get(CommandBus).execute(new CreateStaffAccountCommand(email, password));
    console.log(`created staff account ${staff.email} (${staff.id})`);
  } finally {
    await app.close();
  }
}

/** STAFF_PASSWORD, else asked twice on the terminal; with neither, a usage error. */
async function passwordFromEnvironmentOrPrompt(): Promise<string> {
  const fromEnvironment = process.env.STAFF_PASSWORD;
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  if (!stdin.isTTY) {
    throw new UsageError(
      `no password: set STAFF_PASSWORD, or run it in a terminal to be asked\n${USAGE}`,
    );
  }
  const password = await askHidden('Password for the staff account: ');
  if ((await askHidden('The same password again: ')) !== password) {
    throw new UsageError('the two passwords differ; nothing was created');
  }
  return password;
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) console.error(`Invalid configuration: ${error.message}`);
  else if (
    error instanceof UsageError ||
    error instanceof StaffEmailTakenError ||
    error instanceof PromptCancelledError
  ) {
    console.error(error.message);
  } else if (
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
  ) {
    console.error(`${error.message}\n${USAGE}`);
  } else console.error(safeErrorText(error));
  process.exit(1);
});
