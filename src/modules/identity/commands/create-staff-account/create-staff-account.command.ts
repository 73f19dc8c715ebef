import { Command } from '@nestjs/cqrs';
import type { WithPosition } from '../../../../shared/event-log/with-position.js';

export interface StaffAccountCreated {
  id: string;
  email: string;
}

/** Sent by the staff:create CLI only: no HTTP route creates staff. */
export class CreateStaffAccountCommand extends Command<WithPosition<StaffAccountCreated>> {
  constructor(
    readonly email: string,
    /** In clear text only until the handler hashes it. */
    readonly password: string,
  ) {
    super();
  }
}
