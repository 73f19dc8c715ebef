import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CustomerAddressChangedEvent } from '../contracts/customer-address-changed.event.js';
import { CustomerRegisteredEvent } from '../contracts/customer-registered.event.js';
import type { AddressResponse, CustomerResponse } from '../contracts/customer.response.js';

@Entity('customers')
export class Customer {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Stored lower-cased, so the UNIQUE index treats Ada@x.org and ada@x.org as one address. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  street: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Column({ name: 'postal_code', type: 'varchar', length: 20, nullable: true })
  postalCode: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  country: string | null;

  /** scrypt hash with its salt and parameters (PasswordHasher); null for customers from before passwords. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;

  static register(props: {
    name: string;
    email: string;
    address: AddressResponse | null;
    passwordHash: string;
  }): {
    customer: Customer;
    event: CustomerRegisteredEvent;
  } {
    const customer = new Customer();
    customer.id = randomUUID();
    customer.name = props.name;
    customer.email = props.email.toLowerCase();
    customer.setAddress(props.address);
    customer.passwordHash = props.passwordHash;
    // The event carries no password hash: the log is read by projections and kept forever.
    const event = new CustomerRegisteredEvent(customer.id, {
      customerId: customer.id,
      name: customer.name,
      email: customer.email,
      address: customer.address,
    });
    return { customer, event };
  }

  changeAddress(address: AddressResponse): CustomerAddressChangedEvent {
    this.setAddress(address);
    return new CustomerAddressChangedEvent(this.id, { customerId: this.id, address });
  }

  get address(): AddressResponse | null {
    if (
      this.street === null ||
      this.city === null ||
      this.postalCode === null ||
      this.country === null
    ) {
      return null;
    }
    return {
      street: this.street,
      city: this.city,
      postalCode: this.postalCode,
      country: this.country,
    };
  }

  toResponse(): CustomerResponse {
    return { id: this.id, name: this.name, email: this.email, address: this.address };
  }

  private setAddress(address: AddressResponse | null): void {
    this.street = address?.street ?? null;
    this.city = address?.city ?? null;
    this.postalCode = address?.postalCode ?? null;
    this.country = address?.country ?? null;
  }
}
