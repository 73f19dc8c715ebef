import { DomainEvent } from '../../../shared/event-log/domain-event.js';

/** No password hash here: the event log is kept forever and read by every projection. */
export interface StaffAccountCreatedPayload {
  staffId: string;
  email: string;
}

export class StaffAccountCreatedEvent extends DomainEvent<StaffAccountCreatedPayload> {
  static readonly type = 'StaffAccountCreated';
  readonly type = StaffAccountCreatedEvent.type;
}
