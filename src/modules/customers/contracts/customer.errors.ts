import { ConflictError, NotFoundError } from '../../../shared/errors/application-error.js';

export class CustomerNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`customer ${id} not found`);
  }
}

export class EmailTakenError extends ConflictError {
  constructor(email: string) {
    super(`email ${email} is already registered`);
  }
}
