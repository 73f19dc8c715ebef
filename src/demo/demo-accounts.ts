import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CreateProductCommand } from '../modules/catalog/commands/create-product/create-product.command.js';
import { SkuTakenError } from '../modules/catalog/contracts/product.errors.js';
import { EmailTakenError } from '../modules/customers/contracts/customer.errors.js';
import { RegisterCustomerCommand } from '../modules/customers/commands/register-customer/register-customer.command.js';
import { StaffEmailTakenError } from '../modules/identity/contracts/identity.errors.js';
import { CreateStaffAccountCommand } from '../modules/identity/commands/create-staff-account/create-staff-account.command.js';

/**
 * Well known on purpose: the page logs in with them, and DEMO=true is refused in
 * production. The page reads the same values (web/demo/src/demo-accounts.ts).
 */
export const DEMO_CUSTOMER = {
  name: 'Demo Customer',
  email: 'demo-customer@example.org',
  password: 'demo-customer-password',
};
export const DEMO_STAFF = { email: 'demo-staff@example.org', password: 'demo-staff-password' };
export const DEMO_PRODUCT = { sku: 'DEMO-CUP', name: 'Demo cup', priceCents: 450 };

/**
 * DEMO=true: at start-up, the demo customer, staff account and product, each created
 * through its module's command (so they are in the event log like any other), once: a
 * restart finds them there. The credentials go to the log.
 */
@Injectable()
export class DemoAccounts implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoAccounts.name);

  constructor(private readonly commandBus: CommandBus) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.createUnlessTaken(
      new CreateStaffAccountCommand(DEMO_STAFF.email, DEMO_STAFF.password),
      StaffEmailTakenError,
    );
    await this.createUnlessTaken(
      new RegisterCustomerCommand(
        DEMO_CUSTOMER.name,
        DEMO_CUSTOMER.email,
        null,
        DEMO_CUSTOMER.password,
      ),
      EmailTakenError,
    );
    await this.createUnlessTaken(
      new CreateProductCommand(DEMO_PRODUCT.sku, DEMO_PRODUCT.name, DEMO_PRODUCT.priceCents),
      SkuTakenError,
    );
    this.logger.log(
      `DEMO=true: the live demo is at /demo/; demo staff ${DEMO_STAFF.email} / ` +
        `${DEMO_STAFF.password}, demo customer ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password}`,
    );
  }

  private async createUnlessTaken(
    command: CreateStaffAccountCommand | RegisterCustomerCommand | CreateProductCommand,
    taken: abstract new (...args: never[]) => Error,
  ): Promise<void> {
    try {
      await this.commandBus.execute(command);
    } catch (error) {
      if (!(error instanceof taken)) throw error; // made by an earlier start: nothing to do
    }
  }
}
