import 'reflect-metadata';
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module.js';
import { StaffEmailTakenError } from '../modules/identity/contracts/identity.errors.js';
import { CreateStaffAccountCommand } from '../modules/identity/commands/create-staff-account/create-staff-account.command.js';
import { loadConfig } from '../shared/config/app-config.js';
import { InvalidConfigError } from '../shared/config/invalid-config.error.js';

const USAGE = 'usage: npm run staff:create -- --email <email> --password <8 to 200 characters>';

/**
 * `npm run staff:create -- --email … --password …`: creates a staff account, the only way
 * to get one (no HTTP route creates staff). Runs against the database of the environment,
 * like the app (DATABASE_URL or SQLITE_PATH), and runs pending migrations first.
 * The password may also come from the STAFF_PASSWORD variable, to keep it out of the
 * shell history and the process list.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  const email = values.email ?? '';
  const password = values.password ?? process.env.STAFF_PASSWORD ?? '';
  if (!isEmail(email) || email.length > 254)
    throw new UsageError(`--email must be an email\n${USAGE}`);
  if (password.length < 8 || password.length > 200) {
    throw new UsageError(`--password must be 8 to 200 characters\n${USAGE}`);
  }
  // This process only writes one row: its own projection runner stays idle.
  const config = Object.assign(loadConfig(process.env), { READ_VIEW: false });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    const staff = await app.get(CommandBus).execute(new CreateStaffAccountCommand(email, password));
    console.log(`created staff account ${staff.email} (${staff.id})`);
  } finally {
    await app.close();
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) console.error(`Invalid configuration: ${error.message}`);
  else if (error instanceof UsageError || error instanceof StaffEmailTakenError) {
    console.error(error.message);
  } else if (
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
  ) {
    console.error(`${error.message}\n${USAGE}`);
  } else console.error(error);
  process.exit(1);
});
