import { ConflictError, UnauthorizedError } from '../../../shared/errors/application-error.js';

/** One answer for an unknown email and a wrong password alike: nothing to tell them apart. */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('invalid email or password');
  }
}

export class StaffEmailTakenError extends ConflictError {
  constructor(email: string) {
    super(`a staff account with email ${email} already exists`);
  }
}
