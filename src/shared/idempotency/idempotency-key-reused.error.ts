import { UnprocessableError } from '../errors/application-error.js';

export class IdempotencyKeyReusedError extends UnprocessableError {
  constructor() {
    super(
      'Idempotency-Key was already used with a different request; use a new key for a new request',
    );
  }
}
