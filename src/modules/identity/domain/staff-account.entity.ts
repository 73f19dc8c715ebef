import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { StaffAccountCreatedEvent } from '../contracts/staff-account-created.event.js';

/** A member of staff who can log in; created by `npm run staff:create`, never over HTTP. */
@Entity('identity_staff_accounts')
export class StaffAccount {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Lower-cased, so the UNIQUE index treats letter case as one address. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** scrypt hash with its salt and parameters (PasswordHasher). */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  static create(props: { email: string; passwordHash: string }): {
    account: StaffAccount;
    event: StaffAccountCreatedEvent;
  } {
    const account = new StaffAccount();
    account.id = randomUUID();
    account.email = props.email.toLowerCase();
    account.passwordHash = props.passwordHash;
    account.createdAt = new Date().toISOString();
    const event = new StaffAccountCreatedEvent(account.id, {
      staffId: account.id,
      email: account.email,
    });
    return { account, event };
  }
}
