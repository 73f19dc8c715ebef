import { ConflictError, NotFoundError } from '../../../shared/errors/application-error.js';

export class CustomerNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`customer ${id} not found`);
  }
}

/**
 * The address is not repeated back: an answer that names it confirms, to whoever is
 * probing a list of addresses, who has an account here. The 409 itself still tells (see
 * the README's Security section on this trade-off); the registration rate limits bound how
 * fast anyone can ask.
 */
export class EmailTakenError extends ConflictError {
  constructor() {
    super('this email is already registered');
  }
}
